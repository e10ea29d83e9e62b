package yamlpos_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/internal/yamlpos"
)

// TestLocate: yaml.v3 reports these errors a line (or a block) too early;
// Locate finds the offending line and column.
func TestLocate(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		line, col int
	}{
		{"tab on line 4", "name: x\nsteps:\n  - id: a\n\top: create\n", 4, 1},
		{"dedent between levels", "a: 1\nb:\n  c: 2\n d: 3\n  e: 4\n", 4, 2},
		{"dedent inside a list item", "version: 2\ninteractions:\n  - id: 0\n    request:\n   body: x\n", 5, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n yaml.Node
			err := yaml.Unmarshal([]byte(tt.data), &n)
			require.Error(t, err)
			line, msg, ok := yamlpos.SyntaxLine(err)
			require.True(t, ok, err.Error())
			assert.NotEqual(t, tt.line, line, "yaml.v3 itself reports another line (%s)", msg)
			l, c := yamlpos.Locate([]byte(tt.data), line, msg)
			assert.Equal(t, []int{tt.line, tt.col}, []int{l, c})
		})
	}
}

func TestSecondDocument(t *testing.T) {
	for data, want := range map[string]int{
		"a: 1\n":                       0,
		"---\na: 1\n":                  0,
		"# c\n---\na: 1\n...\n# end\n": 0,
		"a: 1\n---\nb: [\n":            2,
		"---\na: 1\n---\nb: 2\n":       3,
		"a: 1\n...\nb: 2\n":            3,
		"--- {a: 1}\n--- x\n":          2,
	} {
		assert.Equal(t, want, yamlpos.SecondDocument([]byte(data)), "%q", data)
	}
}
