package report

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/contracts"
)

// kindConstants returns the value of every constant of type Kind declared
// in the contracts package's sources: every kind the code can name.
func kindConstants(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../contracts/*.go")
	require.NoError(t, err)
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			if id, isIdent := vs.Type.(*ast.Ident); isIdent && id.Name == "Kind" {
				for _, v := range vs.Values {
					out = append(out, strings.Trim(v.(*ast.BasicLit).Value, `"`))
				}
			}
			return true
		})
	}
	require.NotEmpty(t, out)
	return out
}

// TestEveryKindIsInTheTableAndTheSchema: every kind the code can emit (a
// Kind constant, or a contract kind's request_ form) is in
// contracts.Kinds, and the kind list of the documented JSON schema
// (doc.go) is that table, with the same severities.
func TestEveryKindIsInTheTableAndTheSchema(t *testing.T) {
	table := map[string]string{}
	for _, k := range contracts.Kinds() {
		table[string(k.Kind)] = k.Severity.String()
		assert.Equal(t, k.Severity, k.Kind.Severity(), "Kind.Severity agrees with the table for %s", k.Kind)
	}
	checks := []string{KindExpectation, KindSkippedStateful, KindNoInteraction, KindUnused, KindNoCassette, KindStepFailed, KindVersionSkew,
		KindSecret, KindSkippedInteraction, KindClientDecode, KindUnexpectedError, KindOrphanCassette, KindUpgradeChange}
	for _, k := range checks {
		assert.Contains(t, table, k)
	}
	for _, k := range kindConstants(t) {
		assert.Contains(t, table, k, "Kind constant %s is in contracts.Kinds", k)
		if !slices.Contains(checks, k) {
			// Any violation can be found in a request's parameters.
			assert.Contains(t, table, string(contracts.Kind(k).Request()), "the request form of %s", k)
		}
	}

	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	row := regexp.MustCompile(`(?m)^//\t([a-z_]+) +(error|warning|note)\b`)
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(doc), -1) {
		documented[m[1]] = m[2]
	}
	assert.Equal(t, table, documented, "doc.go's kind list is contracts.Kinds")
}

// TestNoKindBuiltByHand: request_ kinds come from contracts.Kind.Request,
// not from string concatenation.
func TestNoKindBuiltByHand(t *testing.T) {
	for _, dir := range []string{"../../contracts", "../verify", "."} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			data, err := os.ReadFile(name)
			require.NoError(t, err)
			assert.NotContains(t, string(data), `"request_"+`, name)
		}
	}
}
