package contractgen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// previousManifest is the manifest.json of an earlier run that generated
// an operation since dropped.
const previousManifest = `{"generated_by": "go run ./cmd/contracts", "components": "components.json",
	"requests": "requests.json", "operations": {"create": {"file": "create.json"},
	"old_operation": {"file": "old_operation.json"}}}`

func TestPreviousFiles(t *testing.T) {
	tests := []struct {
		name     string
		manifest string // "" for none
		want     []string
	}{
		{name: "no manifest: a new folder", manifest: ""},
		{name: "someone else's manifest.json", manifest: `{"name": "my app", "components": "components.json"}`},
		{name: "not JSON", manifest: `<html>`},
		{name: "ours", manifest: previousManifest,
			want: []string{"components.json", "create.json", "manifest.json", "old_operation.json", "requests.json"}},
		{name: "names outside the folder or not JSON are ignored",
			manifest: `{"generated_by": "go run ./cmd/contracts", "components": "../components.json", "requests": "requests.txt",
				"operations": {"a": {"file": "sub/a.json"}, "b": {"file": "/tmp/b.json"}, "c": {"file": ".."}, "d": {"file": "d.json"}}}`,
			want: []string{"d.json", "manifest.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.manifest != "" {
				require.NoError(t, os.WriteFile(filepath.Join(dir, manifestFile), []byte(tt.manifest), 0o644))
			}
			got, err := previousFiles(dir, "go run ./cmd/contracts")
			require.NoError(t, err)
			assert.ElementsMatch(t, tt.want, got)
		})
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestPreviousFilesNeedsAMark(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, manifestFile), []byte(previousManifest), 0o644))
	got, err := previousFiles(dir, "")
	require.NoError(t, err)
	assert.Empty(t, got, "no generated_by of our own: nothing is ours")
	got, err = previousFiles(dir, "go run ./cmd/other")
	require.NoError(t, err)
	assert.Empty(t, got, "another generator's folder")
}
