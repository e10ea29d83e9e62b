package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExpectCheck(t *testing.T) {
	body := DecodeJSON([]byte(`{"object":"checkout.session","amount_total":4000,"metadata":{"order":"42"},
		"payment_method_types":["card","link"],"line_items":{"data":[{"quantity":2},{"quantity":1}]},
		"error":{"type":"invalid_request_error","code":"parameter_unknown","param":"mode","message":"Received unknown parameter: mode"}}`))
	tests := []struct {
		name   string
		expect Expect
		status int
		want   []Mismatch
	}{
		{name: "subset holds", status: 200, expect: Expect{Status: 200, Body: map[string]any{"object": "checkout.session", "amount_total": 4000}}},
		{name: "yaml int equals json number", status: 200, expect: Expect{Body: map[string]any{"amount_total": 4000.0}}},
		{name: "status differs", status: 400, expect: Expect{Status: 200},
			want: []Mismatch{{Path: "(status)", Want: "200", Got: "400"}}},
		{name: "nested value differs", expect: Expect{Body: map[string]any{"metadata": map[string]any{"order": "43"}}},
			want: []Mismatch{{Path: "metadata.order", Want: `"43"`, Got: `"42"`}}},
		{name: "absent field", expect: Expect{Body: map[string]any{"customer": nil}},
			want: []Mismatch{{Path: "customer", Want: "null", Got: "(absent)"}}},
		{name: "list by position", expect: Expect{Body: map[string]any{"line_items": map[string]any{"data": []any{map[string]any{"quantity": 2}, map[string]any{"quantity": 3}}}}},
			want: []Mismatch{{Path: "line_items.data[1].quantity", Want: "3", Got: "1"}}},
		{name: "list length differs", expect: Expect{Body: map[string]any{"payment_method_types": []any{"card"}}},
			want: []Mismatch{{Path: "payment_method_types", Want: "a list of 1", Got: `["card","link"]`}}},
		{name: "contains holds", expect: Expect{Body: map[string]any{"payment_method_types": map[string]any{"$contains": []any{"link"}}}}},
		{name: "contains fails", expect: Expect{Body: map[string]any{"line_items": map[string]any{"data": map[string]any{"$contains": []any{map[string]any{"quantity": 5}}}}}},
			want: []Mismatch{{Path: "line_items.data", Want: `contains {"quantity":5}`, Got: `[{"quantity":2},{"quantity":1}]`}}},
		{name: "error fields hold", expect: Expect{Error: &ErrorExpect{Type: "invalid_request_error", Param: "mode", Message: "unknown parameter"}}},
		{name: "error fields differ", expect: Expect{Error: &ErrorExpect{Code: "resource_missing", Message: "No such"}},
			want: []Mismatch{
				{Path: "error.code", Want: `"resource_missing"`, Got: `"parameter_unknown"`},
				{Path: "error.message", Want: `contains "No such"`, Got: `"Received unknown parameter: mode"`},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.expect.Check(tt.status, body)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check mismatches (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExpectErrorOnSuccessBody(t *testing.T) {
	got := (&Expect{Error: &ErrorExpect{Type: "invalid_request_error"}}).Check(200, DecodeJSON([]byte(`{"object":"checkout.session"}`)))
	want := []Mismatch{{Path: "error", Want: "a Stripe error object", Got: "null"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestExpectNames(t *testing.T) {
	e := &Expect{Status: 400, Body: map[string]any{"metadata": map[string]any{"order": "43"},
		"line_items": map[string]any{"data": []any{map[string]any{"quantity": 2}}}, "payment_method_types": map[string]any{"$contains": []any{"card"}}},
		Error: &ErrorExpect{Type: "invalid_request_error", Message: "expired"}}
	want := []string{"status", "line_items.data[0].quantity", "metadata.order", "payment_method_types[0]", "error.type", "error.message"}
	if diff := cmp.Diff(want, e.Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
}
