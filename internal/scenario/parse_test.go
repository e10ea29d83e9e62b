package scenario

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the .want files in testdata/bad")

// TestParseErrors parses every file in testdata/bad and compares the error
// with the file's .want sibling (refresh with -update, then read the diff).
func TestParseErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			_, err := ParseFile(file)
			require.Error(t, err, "a broken scenario must not parse")
			got := err.Error() + "\n"
			wantFile := strings.TrimSuffix(file, ".yaml") + ".want"
			if *update {
				require.NoError(t, os.WriteFile(wantFile, []byte(got), 0o644))
			}
			want, err := os.ReadFile(wantFile)
			require.NoError(t, err, "run go test -run TestParseErrors -update to create it")
			assert.Equal(t, string(want), got)
			assert.True(t, strings.HasPrefix(got, file), "error must start with the file name: %q", got)
		})
	}
}

func TestParseLifecycle(t *testing.T) {
	sc, err := ParseFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	assert.Equal(t, "lifecycle", sc.Name)
	var ops []string
	for _, st := range sc.Steps {
		ops = append(ops, st.Op)
	}
	assert.Equal(t, []string{"create", "list_line_items", "update", "expire", "expire"}, ops)
	assert.Equal(t, "${create.id}", sc.Steps[3].Session)
	assert.Equal(t, 200, sc.Steps[0].Expect.Status)
	assert.NotNil(t, sc.Steps[3].ExpectStateful)
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	assert.Equal(t, "  - id: expire", lines[sc.Steps[3].Pos.Line-1], "step position must point at the step")
}

// TestFolderNamedLikeAScenario: a folder called x.yaml among the
// scenarios is an error naming it, not skipped without a word.
func TestFolderNamedLikeAScenario(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), data, 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "x.yaml"), 0o755))
	_, err = Index(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), filepath.Join(dir, "x.yaml")+": not a regular file (a folder)")
}
