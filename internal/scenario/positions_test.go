package scenario

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/yamlpos/yamlpostest"
)

// TestPositionsOverTheCorpus breaks each committed scenario at every
// indented key line in turn, two ways: the indentation's first space
// becomes a tab, or (for a line indented as the one before it) the line
// loses one space. Each must be refused at exactly that line; yaml.v3
// alone reports a tab on line 12 at line 11, and a dedent at the start of
// its block.
func TestPositionsOverTheCorpus(t *testing.T) {
	breaks := yamlpostest.Breaks(t, "../../scenarios/*.yaml", 1)
	for _, b := range breaks {
		_, err := Parse("s.yaml", b.Data)
		require.Error(t, err, "%s line %d %s", b.File, b.Line, b.How)
		var serr *Error
		require.True(t, errors.As(err, &serr), err.Error())
		assert.Equal(t, b.Line, serr.Pos.Line, "%s line %d %s: %v", filepath.Base(b.File), b.Line, b.How, err)
	}
	assert.Greater(t, len(breaks), 100)
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
