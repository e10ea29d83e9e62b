package yamlpostest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBreaks(t *testing.T) {
	dir := t.TempDir()
	src := "a:\n  b: 1\n  c: 2\n  d:\n    e: 3\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.yaml"), []byte(src), 0o644))
	got := Breaks(t, filepath.Join(dir, "*.yaml"), 1)
	var summary []string
	for _, b := range got {
		summary = append(summary, b.How+"@"+string(rune('0'+b.Line)))
		lines := strings.Split(string(b.Data), "\n")
		orig := strings.Split(src, "\n")
		for i := range lines {
			if i+1 != b.Line {
				assert.Equal(t, orig[i], lines[i])
			}
		}
	}
	// Line 2 is the first of its block: tab only. Line 5 is the first of
	// the block under d: tab only.
	assert.Equal(t, []string{"tab@2", "tab@3", "dedent@3", "tab@4", "dedent@4", "tab@5"}, summary)
	assert.Equal(t, "a:\n  b: 1\n\t c: 2\n  d:\n    e: 3\n", string(got[1].Data))
	assert.Equal(t, "a:\n  b: 1\n c: 2\n  d:\n    e: 3\n", string(got[2].Data))
	assert.Len(t, Breaks(t, filepath.Join(dir, "*.yaml"), 2), 3) // lines 3 and 5 (i = 2, 4)
}
