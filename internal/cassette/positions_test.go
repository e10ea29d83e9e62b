package cassette

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var reportedLine = regexp.MustCompile(`^[^:]+:(\d+): `)

// TestPositionsOverTheCorpus breaks each committed cassette at indented
// key lines in turn, two ways: its indentation's first space becomes a
// tab, or the line loses one space of indentation. Each broken cassette
// must be refused at exactly that line (yaml.v3 alone reports the line
// before, or the start of the block). Only lines indented as the line
// before them are dedented: the first line of a block, dedented by one,
// is still valid YAML (a block at that indentation), and the error is
// then really on the next line.
func TestPositionsOverTheCorpus(t *testing.T) {
	files, err := filepath.Glob("../../cassettes/*.yaml")
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
			if m == nil || i%7 != 0 { // every 7th line keeps the test quick
				continue
			}
			cases := map[string]string{"tab": "\t" + l[1:]}
			if strings.HasPrefix(lines[i-1], m[1]) && !strings.HasPrefix(lines[i-1], m[1]+" ") {
				cases["dedent"] = l[1:]
			}
			for how, broken := range cases {
				copy := append([]string(nil), lines...)
				copy[i] = broken
				_, err := checkData("c.yaml", []byte(strings.Join(copy, "\n")))
				require.Error(t, err, "%s line %d %s", f, i+1, how)
				got := reportedLine.FindStringSubmatch(err.Error())
				require.NotNil(t, got, err.Error())
				assert.Equal(t, fmt.Sprint(i+1), got[1], "%s line %d %s: %v", filepath.Base(f), i+1, how, err)
				checked++
			}
		}
	}
	assert.Greater(t, checked, 50)
}

// TestSecondDocumentIsRefused: the lifecycle cassette with a second
// document appended (an invalid one: go-vcr would ignore it).
func TestSecondDocumentIsRefused(t *testing.T) {
	data, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	n := strings.Count(string(data), "\n")
	data = append(data, "---\nversion: [\n"...)
	_, err = checkData("c.yaml", data)
	require.Error(t, err)
	assert.Contains(t, err.Error(), fmt.Sprintf("c.yaml:%d: a second YAML document starts here", n+1))
}
