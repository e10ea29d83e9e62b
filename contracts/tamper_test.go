package contracts

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// decode parses a JSON object, keeping numbers exact.
func decode(t testing.TB, body []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	require.NoError(t, dec.Decode(&m))
	return m
}

// tamper returns body with f applied to its decoded form.
func tamper(t testing.TB, body []byte, f func(m map[string]any)) []byte {
	t.Helper()
	m := decode(t, body)
	f(m)
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// object returns m[path[0]][path[1]]..., each step an object or, for an
// int step, an array element.
func object(t testing.TB, m map[string]any, path ...any) map[string]any {
	t.Helper()
	var v any = m
	for _, p := range path {
		switch p := p.(type) {
		case string:
			obj, ok := v.(map[string]any)
			require.True(t, ok, "%v is not an object", p)
			v = obj[p]
		case int:
			arr, ok := v.([]any)
			require.True(t, ok, "%v is not an array index", p)
			require.Greater(t, len(arr), p)
			v = arr[p]
		}
	}
	obj, ok := v.(map[string]any)
	require.True(t, ok, "%v does not lead to an object", path)
	return obj
}

func TestCheckResponseReportsTamperedBodies(t *testing.T) {
	s := loaded(t)
	got := responses(t)
	session := got["create"].body
	expanded := got["retrieve_expand_customer"].body
	tests := []struct {
		name   string
		op     string
		status int
		body   []byte
		want   []Violation
	}{{
		name: "custom_fields removed",
		op:   "create", status: 200,
		body: tamper(t, session, func(m map[string]any) { delete(m, "custom_fields") }),
		want: []Violation{{Kind: KindMissingField, Path: "custom_fields", Want: "required by checkout.session", Got: "absent",
			Schema: "components.json#/$defs/checkout.session"}},
	}, {
		name: "amount_total as the string 2000",
		op:   "create", status: 200,
		body: tamper(t, session, func(m map[string]any) { m["amount_total"] = "2000" }),
		want: []Violation{{Kind: KindWrongType, Path: "amount_total", Want: "integer or null", Got: `string "2000"`,
			Schema: "components.json#/$defs/checkout.session/properties/amount_total"}},
	}, {
		name: "status pending, not in the enum",
		op:   "create", status: 200,
		body: tamper(t, session, func(m map[string]any) { m["status"] = "pending" }),
		want: []Violation{{Kind: KindNotInEnum, Path: "status", Want: "one of complete, expired, open, null", Got: `"pending"`,
			Schema: "components.json#/$defs/checkout.session/properties/status"}},
	}, {
		name: "mode null, which is not nullable",
		op:   "create", status: 200,
		body: tamper(t, session, func(m map[string]any) { m["mode"] = nil }),
		want: []Violation{{Kind: KindNullNotAllowed, Path: "mode", Want: "string", Got: "null",
			Schema: "components.json#/$defs/checkout.session/properties/mode"}},
	}, {
		name: "brand_new_field added",
		op:   "create", status: 200,
		body: tamper(t, session, func(m map[string]any) { m["brand_new_field"] = true }),
		want: []Violation{{Kind: KindUnknownField, Path: "brand_new_field", Want: "not listed in the contract", Got: "true",
			Schema: "components.json#/$defs/checkout.session"}},
	}, {
		name: "expanded line_items: unit_amount as a string",
		op:   "retrieve", status: 200,
		body: tamper(t, got["retrieve_expand_line_items"].body, func(m map[string]any) {
			object(t, m, "line_items", "data", 0, "price")["unit_amount"] = "2000"
		}),
		want: []Violation{{Kind: KindWrongType, Path: "line_items.data[0].price.unit_amount", Want: "integer or null", Got: `string "2000"`,
			Schema: "components.json#/$defs/price/properties/unit_amount"}},
	}, {
		name: "expanded customer: balance as a string, checked through x-lazy-ref",
		op:   "retrieve", status: 200,
		body: tamper(t, expanded, func(m map[string]any) { object(t, m, "customer")["balance"] = "10" }),
		want: []Violation{{Kind: KindWrongType, Path: "customer.balance", Want: "integer", Got: `string "10"`,
			Schema: "components.json#/$defs/customer/properties/balance"}},
	}, {
		name: "expanded customer: required id removed",
		op:   "retrieve", status: 200,
		body: tamper(t, expanded, func(m map[string]any) { delete(object(t, m, "customer"), "id") }),
		want: []Violation{{Kind: KindMissingField, Path: "customer.id", Want: "required by customer", Got: "absent",
			Schema: "components.json#/$defs/customer"}},
	}, {
		name: "customer neither an id nor an object",
		op:   "retrieve", status: 200,
		body: tamper(t, expanded, func(m map[string]any) { m["customer"] = 42 }),
		want: []Violation{{Kind: KindWrongType, Path: "customer", Want: "object or string or null", Got: "number 42",
			Schema: "components.json#/$defs/checkout.session/properties/customer"}},
	}, {
		name: "list: second session has a bad currency type",
		op:   "list", status: 200,
		body: tamper(t, got["list"].body, func(m map[string]any) { object(t, m, "data", 0)["livemode"] = "false" }),
		want: []Violation{{Kind: KindWrongType, Path: "data[0].livemode", Want: "boolean", Got: `string "false"`,
			Schema: "components.json#/$defs/checkout.session/properties/livemode"}},
	}, {
		name: "error type not in the enum",
		op:   "create", status: 400,
		body: tamper(t, got["create_error_400"].body, func(m map[string]any) { object(t, m, "error")["type"] = "oops" }),
		want: []Violation{{Kind: KindNotInEnum, Path: "error.type", Want: "one of api_error, card_error, idempotency_error, invalid_request_error", Got: `"oops"`,
			Schema: "components.json#/$defs/api_errors/properties/type"}},
	}, {
		name: "a 201 is not in the contract",
		op:   "create", status: 201, body: session,
		want: []Violation{{Kind: KindUnexpectedStatus, Want: "200, or 4xx/5xx with an error object", Got: "201 Created"}},
	}, {
		name: "invalid JSON",
		op:   "create", status: 200, body: []byte(`{"id": "cs_1",`),
		want: []Violation{{Kind: KindInvalidJSON, Want: "a JSON document", Got: "unexpected EOF"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs, err := s.CheckResponse(tt.op, tt.status, tt.body)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, vs); diff != "" {
				t.Errorf("CheckResponse(%s, %d) mismatch (-want +got):\n%s", tt.op, tt.status, diff)
			}
		})
	}
}
