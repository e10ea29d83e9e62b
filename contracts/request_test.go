package contracts

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestCheckRequest(t *testing.T) {
	s := loaded(t)
	tests := []struct {
		name, op, form string
		want           []Violation
	}{
		{name: "typical create", op: "create", form: createForm},
		{name: "expand on retrieve", op: "retrieve", form: "expand[0]=line_items&expand[1]=customer"},
		{name: "list filters", op: "list", form: "limit=3&created[gte]=1700000000&status=open"},
		{name: "update metadata", op: "update", form: "metadata[order]=42"},
		{name: "nothing to expire", op: "expire", form: ""},
		{
			name: "unknown parameter", op: "create", form: createForm + "&brand_new=1",
			want: []Violation{{Kind: KindUnknownField, Path: "brand_new", Want: "not listed in the contract", Got: `"1"`,
				Schema: "requests.json#/$defs/create"}},
		}, {
			name: "quantity not a number", op: "create", form: createForm + "&line_items[1][quantity]=two&line_items[1][price]=price_1",
			want: []Violation{{Kind: KindWrongType, Path: "line_items[1].quantity", Want: "integer", Got: `string "two"`,
				Schema: "requests.json#/$defs/create/properties/line_items/items/properties/quantity"}},
		}, {
			name: "mode not in the enum", op: "create", form: "mode=free&success_url=https://example.com",
			want: []Violation{{Kind: KindNotInEnum, Path: "mode", Want: "one of payment, setup, subscription", Got: `"free"`,
				Schema: "requests.json#/$defs/create/properties/mode"}},
		}, {
			name: "limit is an integer", op: "list", form: "limit=many",
			want: []Violation{{Kind: KindWrongType, Path: "limit", Want: "integer", Got: `string "many"`,
				Schema: "requests.json#/$defs/list/properties/limit"}},
		}, {
			name: "expand[] may repeat", op: "retrieve", form: "expand[]=line_items&expand[]=customer",
		}, {
			// Stripe rejects a repeated parameter; keeping the last value
			// hid it.
			name: "repeated key", op: "create", form: "mode=setup&mode=payment&success_url=https://example.com",
			want: []Violation{{Kind: KindInvalidForm, Path: "mode", Want: "one value", Got: `2 values: "setup", "payment"`}},
		}, {
			name: "repeated nested key, then a schema violation", op: "create",
			form: createForm + "&line_items[0][quantity]=3&success_url=https://example.com/again&brand_new=1",
			want: []Violation{
				{Kind: KindUnknownField, Path: "brand_new", Want: "not listed in the contract", Got: `"1"`,
					Schema: "requests.json#/$defs/create"},
				{Kind: KindInvalidForm, Path: "line_items[0].quantity", Want: "one value", Got: `2 values: "2", "3"`},
				{Kind: KindInvalidForm, Path: "success_url", Want: "one value",
					Got: `2 values: "https://example.com/ok", "https://example.com/ag…`}, // truncated
			},
		}, {
			// Nested parameters used to overwrite the value silently.
			name: "value and nested parameters", op: "update", form: "metadata=&metadata[order]=42",
			want: []Violation{{Kind: KindInvalidForm, Path: "metadata", Want: "a value or nested parameters, not both",
				Got: "metadata= and metadata[order]=42"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs, err := s.CheckRequest(tt.op, mustParseForm(t, tt.form))
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, vs); diff != "" {
				t.Errorf("CheckRequest(%s, %q) mismatch (-want +got):\n%s", tt.op, tt.form, diff)
			}
		})
	}
}

func TestParseFormCollisions(t *testing.T) {
	tests := []struct {
		name     string
		form     string
		want     map[string]any
		wantPath []string // of the KindInvalidForm violations
		wantGot  []string
	}{
		{name: "well formed", form: "a[b]=1&a[c][0]=2&d=3",
			want: map[string]any{"a": map[string]any{"b": "1", "c": map[string]any{"0": "2"}}, "d": "3"}},
		{name: "appending repeats", form: "e[]=x&e[]=y",
			want: map[string]any{"e": map[string]any{"0": "x", "1": "y"}}},
		{name: "repeated key keeps the first value", form: "a=1&a=2&a=3",
			want: map[string]any{"a": "1"}, wantPath: []string{"a"}, wantGot: []string{`3 values: "1", "2", "3"`}},
		{name: "value then deeper parameter", form: "a[b]=1&a[b][c]=2",
			want: map[string]any{"a": map[string]any{"b": "1"}}, wantPath: []string{"a.b"}, wantGot: []string{"a[b]=1 and a[b][c]=2"}},
		{name: "index and append land on the same element", form: "a[1]=x&a[]=y",
			want: map[string]any{"a": map[string]any{"1": "x"}}, wantPath: []string{"a[1]"}, wantGot: []string{"a[1]=x and a[]=y"}},
		{name: "append onto nested parameters", form: "a[0][b]=x&a[]=y",
			want: map[string]any{"a": map[string]any{"0": map[string]any{"b": "x"}, "1": "y"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad := parseForm(mustParseForm(t, tt.form))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseForm(%q) tree (-want +got):\n%s", tt.form, diff)
			}
			var paths, gots []string
			for _, v := range bad {
				require.Equal(t, KindInvalidForm, v.Kind)
				paths, gots = append(paths, v.Path), append(gots, v.Got)
			}
			if diff := cmp.Diff(tt.wantPath, paths); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantGot, gots); diff != "" {
				t.Errorf("got (-want +got):\n%s", diff)
			}
		})
	}
}
