package record

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeScenario(t *testing.T, dir, name, text string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".yaml"), []byte(text), 0o644))
}

// TestStaleTempFilesAreRemoved: hidden temp files older than an hour can
// only be left by a killed run; record removes them when it starts, and
// leaves younger ones (a run still going) and everything else alone. A
// dry run touches nothing.
func TestStaleTempFilesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	files := map[string]bool{ // name → removed
		".lifecycle.yaml.tmp-0a1b2c3d4e5f.yaml": true,
		".setup.yaml.tmp-ffeeddccbbaa.yaml":     true,
		".checkoutvcr-write-test-123":           true,
		".fresh.yaml.tmp-001122334455.yaml":     false, // too young
		"notes.yaml.tmp-old":                    false, // not hidden
		".gitkeep":                              false,
	}
	for name := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte("x"), 0o644))
		if name != ".fresh.yaml.tmp-001122334455.yaml" {
			require.NoError(t, os.Chtimes(path, old, old))
		}
	}
	only := regexp.MustCompile("^setup$")
	var log bytes.Buffer
	_, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: mock.URL(t), Run: only, DryRun: true, Log: &log})
	require.NoError(t, err)
	for name := range files {
		assert.FileExists(t, filepath.Join(dir, name), "a dry run removes nothing")
	}

	log.Reset()
	_, err = Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: mock.URL(t), Run: only, Log: &log})
	require.NoError(t, err)
	for name, removed := range files {
		if removed {
			assert.NoFileExists(t, filepath.Join(dir, name))
		} else {
			assert.FileExists(t, filepath.Join(dir, name))
		}
	}
	assert.Contains(t, log.String(), "removed 3 temp files left by an earlier, killed run: ")
	assert.Contains(t, log.String(), ".lifecycle.yaml.tmp-0a1b2c3d4e5f.yaml")
}
