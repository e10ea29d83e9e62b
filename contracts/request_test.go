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
