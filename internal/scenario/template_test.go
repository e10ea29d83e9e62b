package scenario

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExpand(t *testing.T) {
	x := &expander{
		responses: map[string]any{
			"create": DecodeJSON([]byte(`{"id":"cs_1","amount_total":4000,"line_items":{"data":[{"price":{"id":"price_9"}}]}}`)),
		},
		env: func(name string) (string, bool) {
			return map[string]string{"EMAIL": "a@example.com"}[name], name == "EMAIL"
		},
	}
	tests := []struct {
		name string
		in   any
		want any
	}{
		{"whole reference keeps type", "${create.amount_total}", json.Number("4000")},
		{"embedded reference", "order-${create.id}", "order-cs_1"},
		{"deep path", "${create.line_items.data[0].price.id}", "price_9"},
		{"env", "${env.EMAIL}", "a@example.com"},
		{"nested params", map[string]any{"a": []any{"${create.id}", 1}}, map[string]any{"a": []any{"cs_1", 1}}},
		{"no template", "plain", "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := x.expand(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestExpandErrors(t *testing.T) {
	x := &expander{
		responses: map[string]any{"create": DecodeJSON([]byte(`{"id":"cs_1","data":[1,2],"customer":null,"metadata":{"a":"b"}}`))},
		env: func(name string) (string, bool) {
			return "sk_test_abcdefgh12345678", name == "STRIPE_SECRET_KEY"
		},
	}
	tests := []struct{ in, want string }{
		{"${create.nope}", `${create.nope}: no field "nope" in the response (fields there: customer, data, id, metadata)`},
		{"${create.idd}", `${create.idd}: no field "idd" in the response (did you mean "id"?) (fields there: customer, data, id, metadata)`},
		{"${create.customer}", `${create.customer} is null in the response; there is nothing to send`},
		{"cus-${create.customer}", `${create.customer} is null in the response; there is nothing to write`},
		{"m-${create.metadata}", `${create.metadata} is an object; only a string, number or boolean can go into text`},
		{"${create.data[5]}", `${create.data[5]}: data is a list of 2; use [0]…[1]`},
		{"${create.id.x}", `${create.id.x}: id is cs_1, not an object or list`},
		{"${env.MISSING}", `${env.MISSING}: environment variable MISSING is not set`},
		{"${list.id}", `${list.id}: step "list" has no JSON response`},
		{"${env.STRIPE_SECRET_KEY}", "${env.STRIPE_SECRET_KEY}: environment variable STRIPE_SECRET_KEY holds a Stripe key; ${env.…} is for values you may record, the key is read from STRIPE_SECRET_KEY only"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := x.expand(tt.in)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestFieldHintOnLargeObjects(t *testing.T) {
	fields := make([]string, 30)
	for i := range fields {
		fields[i] = fmt.Sprintf("field_%02d", i)
	}
	fields[7] = "id"
	assert.Equal(t, ` (did you mean "id"?)`, fieldHint("idd", fields), "a long list is not printed when there is a suggestion")
	assert.Equal(t, ` (it has 30 fields, none close to "zzzzzzzz")`, fieldHint("zzzzzzzz", fields))
}
