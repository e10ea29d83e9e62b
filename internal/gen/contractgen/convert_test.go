package contractgen

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(s), &m))
	return m
}

func TestConvertSchema(t *testing.T) {
	tests := []struct {
		name, in, want string
		refs           []string
	}{{
		name: "nullable type and enum gain null; docs and formats dropped",
		in:   `{"type": "string", "enum": ["a", "b"], "nullable": true, "description": "d", "format": "unix-time", "x-stripeBypassValidation": true}`,
		want: `{"type": ["string", "null"], "enum": ["a", "b", null]}`,
	}, {
		name: "nullable anyOf without type gains a null branch",
		in:   `{"anyOf": [{"$ref": "#/components/schemas/price"}], "nullable": true}`,
		want: `{"anyOf": [{"type": "object", "x-lazy-ref": ["price"]}, {"type": "null"}]}`,
		refs: []string{"price"},
	}, {
		name: "expandable field: id string or one lazy object branch",
		in: `{"anyOf": [{"maxLength": 5000, "type": "string"}, {"$ref": "#/components/schemas/customer"}, {"$ref": "#/components/schemas/deleted_customer"}],
		      "nullable": true, "x-expansionResources": {"oneOf": [{"$ref": "#/components/schemas/customer"}]}}`,
		want: `{"anyOf": [{"maxLength": 5000, "type": "string"}, {"type": "object", "x-lazy-ref": ["customer", "deleted_customer"]}, {"type": "null"}]}`,
		refs: []string{"customer", "deleted_customer"},
	}, {
		name: "objects with properties are closed unless they say otherwise",
		in:   `{"type": "object", "title": "T", "properties": {"metadata": {"type": "object", "additionalProperties": {"type": "string"}}, "a": {"type": "integer"}}}`,
		want: `{"type": "object", "additionalProperties": false, "properties": {"metadata": {"type": "object", "additionalProperties": {"type": "string"}}, "a": {"type": "integer"}}}`,
	}, {
		name: "a reference to a non-lazy schema stays a $ref",
		in:   `{"items": {"$ref": "#/components/schemas/id_list"}, "type": "array"}`,
		want: `{"items": {"$ref": "id_list"}, "type": "array"}`,
		refs: []string{"id_list"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newConverter("", map[string]bool{"price": true, "customer": true, "deleted_customer": true})
			got, err := c.schema(mustJSON(t, tt.in), nil, "test")
			require.NoError(t, err)
			if diff := cmp.Diff(mustJSON(t, tt.want), got); diff != "" {
				t.Errorf("schema mismatch (-want +got):\n%s", diff)
			}
			assert.ElementsMatch(t, tt.refs, keys(c.refs))
		})
	}
}

func TestConvertRejectsWhatItDoesNotKnow(t *testing.T) {
	tests := []struct{ name, in, err string }{
		{"unknown keyword", `{"type": "object", "discriminator": {}}`, `test/discriminator: unsupported keyword "discriminator"`},
		{"external ref", `{"$ref": "other.json#/x"}`, `test/$ref: unsupported $ref "other.json#/x"`},
		{"expandable without anyOf", `{"x-expansionResources": {}}`, "test: expandable field without anyOf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newConverter("", nil).schema(mustJSON(t, tt.in), nil, "test")
			assert.EqualError(t, err, tt.err)
		})
	}
}
