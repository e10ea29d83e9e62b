package verify

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCoveragePaths(t *testing.T) {
	params := map[string]bool{}
	for _, k := range []string{"line_items[0][price_data][currency]", "expand[0]", "metadata[order]", "line_items[0][price_data][recurring][interval]"} {
		addParamPaths(params, k)
	}
	fields := map[string]bool{}
	addFieldPaths(fields, "", map[string]any{
		"automatic_tax": map[string]any{"enabled": false, "provider": nil},
		"custom_fields": []any{map[string]any{"key": "k", "text": map[string]any{"value": map[string]any{"deep": 1}}}},
		"customer":      nil,
	}, 1)
	want := map[string]bool{
		"line_items":                        true,
		"line_items[].price_data":           true,
		"line_items[].price_data.currency":  true,
		"line_items[].price_data.recurring": true, // .interval is deeper than FieldDepth
		"expand":                            true,
		"metadata":                          true,
		"metadata.order":                    true,
	}
	if diff := cmp.Diff(want, params); diff != "" {
		t.Errorf("param paths (-want +got):\n%s", diff)
	}
	want = map[string]bool{
		"automatic_tax": true, "automatic_tax.enabled": true, // provider is null
		"custom_fields": true, "custom_fields[].key": true, "custom_fields[].text": true, "custom_fields[].text.value": true,
	}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("field paths (-want +got):\n%s", diff)
	}
}
