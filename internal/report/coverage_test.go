package report

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCoverageText(t *testing.T) {
	c := &Coverage{Ops: []OpCoverage{
		{Op: "create", Object: "checkout.session", Calls: 2,
			Params: []string{"automatic_tax", "line_items", "mode"}, ParamsSent: []string{"line_items", "mode"},
			ParamPaths:     []string{"automatic_tax", "automatic_tax.enabled", "line_items", "line_items[].price", "line_items[].quantity", "mode"},
			ParamPathsSent: []string{"line_items", "line_items[].quantity", "mode"},
			Fields:         []string{"id", "status"}, FieldsSeen: []string{"id", "status"},
			FieldPaths: []string{"id", "status"}, FieldPathsSeen: []string{"id", "status"}},
		{Op: "expire", Object: "checkout.session"},
	}}
	var b bytes.Buffer
	require.NoError(t, CoverageText(&b, c))
	out := b.String()
	assert.Contains(t, out, "  create           checkout.session        2           2/3  66%; 3/6  50%           2/2 100%; 2/2 100%")
	assert.Contains(t, out, "  params never sent: automatic_tax\n    inside those sent, never sent: line_items[].price\n")
	assert.Contains(t, out, "  fields never seen non-null: (none)\n")
	assert.NotContains(t, out, "automatic_tax.enabled", "below a parameter never sent, the deeper ones are not listed again")
	assert.Contains(t, out, "expire: no scenario calls it")
}
