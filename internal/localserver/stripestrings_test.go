package localserver

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryStripeStringHasASource: each msg… constant of the package is
// a row of stripeStrings, and each row names a public source.
func TestEveryStripeStringHasASource(t *testing.T) {
	inTable := map[string]bool{}
	keys := map[string]bool{}
	for _, row := range stripeStrings {
		assert.False(t, keys[row.Key], "duplicate key %s", row.Key)
		keys[row.Key] = true
		inTable[row.Message] = true
		assert.True(t, strings.Contains(row.Source, "https://") || strings.Contains(row.Source, "shared/") ||
			strings.Contains(row.Source, "testdata/") || strings.Contains(row.Source, "recorded"), "%s: %q names no source", row.Key, row.Source)
	}
	fset := gotoken.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	require.NoError(t, err)
	n := 0
	for _, f := range pkgs["localserver"].Files {
		ast.Inspect(f, func(node ast.Node) bool {
			vs, ok := node.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "msg") || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					continue
				}
				v, err := strconv.Unquote(lit.Value)
				require.NoError(t, err)
				n++
				assert.True(t, inTable[v], "%s is not in stripeStrings", name.Name)
			}
			return true
		})
	}
	assert.Greater(t, n, 30)
}
