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

	"github.com/checkoutvcr/checkoutvcr/internal/yamlpos/yamlpostest"
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
	breaks := yamlpostest.Breaks(t, "../../cassettes/*.yaml", 7) // every 7th line keeps the test quick
	for _, b := range breaks {
		_, err := checkData("c.yaml", b.Data)
		require.Error(t, err, "%s line %d %s", b.File, b.Line, b.How)
		got := reportedLine.FindStringSubmatch(err.Error())
		require.NotNil(t, got, err.Error())
		assert.Equal(t, fmt.Sprint(b.Line), got[1], "%s line %d %s: %v", filepath.Base(b.File), b.Line, b.How, err)
	}
	assert.Greater(t, len(breaks), 50)
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
