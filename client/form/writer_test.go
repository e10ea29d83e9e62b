package form_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/client/form"
)

// TestWriterIsJoinAndEscape: the writer, which builds each key in one
// buffer and escapes it piece by piece, writes what building each key
// with join and escaping it whole wrote, for keys that need escaping,
// hold brackets or escape-like text, and for a node that is an error.
func TestWriterIsJoinAndEscape(t *testing.T) {
	for _, tree := range []map[string]any{
		{},
		{"a": "1", "b": []any{"x", map[string]any{"c": "2"}}},
		{"k;1": map[string]any{"ü é": "+&=", "%5B": "%5D", "a%5": "B"}},
		{"x[y]": map[string]any{"]z[": "v", "": ""}, "~-_.": "~"},
		{"m": map[string]any{"n": []any{[]any{"deep", map[string]any{"o p": "q"}}}}},
		{"a": "1", "bad": map[string]any{"z": 3}},
		{"a": []any{"1", 2.5}},
	} {
		want, wantErr := form.WriteTreeByJoin(tree)
		got, err := form.WriteTree(tree)
		assert.Equal(t, want, got, "%#v", tree)
		if wantErr == nil {
			assert.NoError(t, err)
		} else {
			assert.EqualError(t, err, wantErr.Error())
		}
	}
}

// BenchmarkEncode encodes the parameters of a scenario's create step
// (a Checkout Session with two line items, in Params.Extra over the
// typed fields, all unset), as the scenario runner sends them.
func BenchmarkEncode(b *testing.B) {
	p := &client.SessionCreateParams{Params: client.Params{Extra: map[string]any{
		"mode":        "payment",
		"success_url": "https://example.com/checkout/success?variant=bench",
		"line_items": []any{
			map[string]any{"quantity": 1, "price_data": map[string]any{"currency": "usd", "unit_amount": 100, "product_data": map[string]any{"name": "Item bench"}}},
			map[string]any{"quantity": 1, "price_data": map[string]any{"currency": "usd", "unit_amount": 500, "product_data": map[string]any{"name": "Extra 0"}}},
		},
		"metadata": map[string]any{"order": "0", "variant": "bench"},
	}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := form.Encode(p); err != nil {
			b.Fatal(err)
		}
	}
}
