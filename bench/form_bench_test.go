package bench

import (
	"testing"

	"github.com/checkoutvcr/checkoutvcr/client/form"
)

// createParams is a typical create call's parameters, as the scenario
// runner hands them to the client: nested maps and lists.
var createParams = map[string]any{
	"mode":        "payment",
	"success_url": "https://example.com/checkout/success",
	"line_items": []any{
		map[string]any{"quantity": 2, "price_data": map[string]any{"currency": "usd", "unit_amount": 2000, "product_data": map[string]any{"name": "T-shirt"}}},
		map[string]any{"quantity": 1, "price": "price_123"},
	},
	"metadata": map[string]any{"order": "42", "variant": "a"},
	"expand":   []any{"line_items", "customer"},
}

// BenchmarkFormEncode is client/form.Encode of a create call's parameters
// (deterministic bracket encoding).
func BenchmarkFormEncode(b *testing.B) {
	for b.Loop() {
		if _, err := form.Encode(createParams); err != nil {
			b.Fatal(err)
		}
	}
}
