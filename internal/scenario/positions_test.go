package scenario

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPositionsOverTheCorpus breaks each committed scenario at every
// indented key line in turn, two ways: the indentation's first space
// becomes a tab, or (for a line indented as the one before it) the line
// loses one space. Each must be refused at exactly that line; yaml.v3
// alone reports a tab on line 12 at line 11, and a dedent at the start of
// its block.
func TestPositionsOverTheCorpus(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	key := regexp.MustCompile(`^( {2,})[a-z_]+:( |$)`)
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		lines := strings.Split(string(data), "\n")
		for i, l := range lines {
			m := key.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			cases := map[string]string{"tab": "\t" + l[1:]}
			if strings.HasPrefix(lines[i-1], m[1]) && !strings.HasPrefix(lines[i-1], m[1]+" ") {
				cases["dedent"] = l[1:]
			}
			for how, broken := range cases {
				copy := append([]string(nil), lines...)
				copy[i] = broken
				_, err := Parse("s.yaml", []byte(strings.Join(copy, "\n")))
				require.Error(t, err, "%s line %d %s", f, i+1, how)
				var serr *Error
				require.True(t, errors.As(err, &serr), err.Error())
				assert.Equal(t, i+1, serr.Pos.Line, "%s line %d %s: %v", filepath.Base(f), i+1, how, err)
				checked++
			}
		}
	}
	assert.Greater(t, checked, 100)
}

// TestSecondDocumentIsAnError: lifecycle with a second, invalid document
// appended used to parse as lifecycle alone.
func TestSecondDocumentIsAnError(t *testing.T) {
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	n := strings.Count(string(data), "\n")
	_, err = Parse("s.yaml", append(data, "---\nname: [\n"...))
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("s.yaml:%d:1: a second YAML document starts here", n+1))
}
