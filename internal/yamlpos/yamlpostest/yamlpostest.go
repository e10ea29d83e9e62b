// Package yamlpostest breaks YAML files line by line, for tests that check
// a reader reports a syntax error at exactly the broken line (see
// [yamlpos]).
package yamlpostest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Break is one broken copy of a corpus file.
type Break struct {
	// File is the corpus file broken.
	File string
	// Line is the 1-based line broken, where the error must be reported.
	Line int
	// How is "tab" or "dedent".
	How string
	// Data is the whole file with that line broken.
	Data []byte
}

// indentedKey is a key line indented by two spaces or more.
var indentedKey = regexp.MustCompile(`^( {2,})[a-z_]+:( |$)`)

// Breaks reads the files matching glob (there must be some) and breaks
// each at its indented key lines (every every-th line of the file, 1 for
// all) in turn, two ways: the indentation's first space becomes a tab
// ("tab"), or the line loses one space ("dedent"). Only lines indented as
// the line before them are dedented: the first line of a block, dedented
// by one, is still valid YAML (a block at that indentation), and the
// error is then really on the next line.
func Breaks(t testing.TB, glob string, every int) []Break {
	t.Helper()
	files, err := filepath.Glob(glob)
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var out []Break
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		lines := strings.Split(string(data), "\n")
		for i, l := range lines {
			m := indentedKey.FindStringSubmatch(l)
			if m == nil || i%every != 0 {
				continue
			}
			cases := []struct{ how, line string }{{"tab", "\t" + l[1:]}}
			if strings.HasPrefix(lines[i-1], m[1]) && !strings.HasPrefix(lines[i-1], m[1]+" ") {
				cases = append(cases, struct{ how, line string }{"dedent", l[1:]})
			}
			for _, c := range cases {
				broken := append([]string(nil), lines...)
				broken[i] = c.line
				out = append(out, Break{File: f, Line: i + 1, How: c.how, Data: []byte(strings.Join(broken, "\n"))})
			}
		}
	}
	return out
}
