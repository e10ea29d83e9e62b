package form_test

import (
	"encoding/json"
	"math"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client/form"
)

type product struct {
	Name     *string           `form:"name"`
	Images   []string          `form:"images"`
	Metadata map[string]string `form:"metadata"`
}

type priceData struct {
	Currency    *string  `form:"currency"`
	UnitAmount  *int64   `form:"unit_amount"`
	Decimal     *float64 `form:"unit_amount_decimal"`
	ProductData *product `form:"product_data"`
}

type lineItem struct {
	Price     *string        `form:"price"`
	PriceData *priceData     `form:"price_data"`
	Quantity  *int64         `form:"quantity"`
	Extra     map[string]any `form:",inline"`
}

type base struct {
	Expand []string       `form:"expand"`
	Extra  map[string]any `form:",inline"`
}

type params struct {
	base
	Mode      *string           `form:"mode"`
	Plain     string            `form:"plain"`
	Count     int               `form:"count"`
	Flag      *bool             `form:"flag"`
	LineItems []*lineItem       `form:"line_items"`
	Metadata  map[string]string `form:"metadata"`
	Ignored   string            `form:"-"`
	Untagged  string
}

func ptr[T any](v T) *T { return &v }

func TestEncode(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{name: "nil", in: nil, want: ""},
		{name: "empty struct", in: &params{}, want: ""},
		{name: "nil struct pointer", in: (*params)(nil), want: ""},
		{
			name: "nested line items, metadata and expand",
			in: &params{
				base: base{Expand: []string{"line_items", "customer"}},
				Mode: ptr("payment"),
				LineItems: []*lineItem{{
					PriceData: &priceData{
						Currency:   ptr("usd"),
						UnitAmount: ptr[int64](2000),
						ProductData: &product{
							Name:     ptr("T-shirt & hat"),
							Images:   []string{"https://x.test/a.png"},
							Metadata: map[string]string{"sku": "t1"},
						},
					},
					Quantity: ptr[int64](2),
				}, {Price: ptr("price_123"), Quantity: ptr[int64](1)}},
				Metadata: map[string]string{"order": "42", "b": "x y"},
			},
			want: "expand[0]=line_items&expand[1]=customer" +
				"&line_items[0][price_data][currency]=usd" +
				"&line_items[0][price_data][product_data][images][0]=https%3A%2F%2Fx.test%2Fa.png" +
				"&line_items[0][price_data][product_data][metadata][sku]=t1" +
				"&line_items[0][price_data][product_data][name]=T-shirt+%26+hat" +
				"&line_items[0][price_data][unit_amount]=2000" +
				"&line_items[0][quantity]=2" +
				"&line_items[1][price]=price_123&line_items[1][quantity]=1" +
				"&metadata[b]=x+y&metadata[order]=42&mode=payment",
		},
		{
			name: "zero scalars omitted, set pointers sent",
			in:   &params{Plain: "", Count: 0, Flag: ptr(false), Mode: ptr("")},
			want: "flag=false&mode=",
		},
		{
			name: "non-pointer scalars sent when non-zero; skipped fields never",
			in:   &params{Plain: "p", Count: 3, Ignored: "x", Untagged: "y"},
			want: "count=3&plain=p",
		},
		{
			name: "explicit empty metadata value and empty map clears",
			in:   &params{Metadata: map[string]string{"gone": ""}, LineItems: []*lineItem{}},
			want: "line_items=&metadata[gone]=",
		},
		{
			name: "empty metadata map clears the whole field",
			in:   &params{Metadata: map[string]string{}},
			want: "metadata=",
		},
		{
			name: "extra wins on conflict and merges maps",
			in: &params{
				Mode:     ptr("payment"),
				Metadata: map[string]string{"a": "1", "b": "2"},
				base: base{Extra: map[string]any{
					"mode":     "setup",
					"metadata": map[string]any{"b": "3", "c": 4},
					"new":      []any{true, 1.5, json.Number("7")},
				}},
			},
			want: "metadata[a]=1&metadata[b]=3&metadata[c]=4&mode=setup" +
				"&new[0]=true&new[1]=1.5&new[2]=7",
		},
		{
			name: "extra nil deletes a typed field, Empty clears",
			in: &params{
				Mode: ptr("payment"),
				base: base{Extra: map[string]any{"mode": nil, "shipping_options": form.Empty}},
			},
			want: "shipping_options=",
		},
		{
			name: "extra inside a nested struct",
			in: &params{LineItems: []*lineItem{{
				Price: ptr("price_1"), Extra: map[string]any{"adjustable_quantity": map[string]any{"enabled": true}},
			}}},
			want: "line_items[0][adjustable_quantity][enabled]=true&line_items[0][price]=price_1",
		},
		{
			name: "yaml-like map",
			in: map[string]any{
				"created": map[string]any{"gte": 1700000000, "lt": int64(1800000000)},
				"limit":   3,
				"amount":  float64(1e21),
				"small":   0.000001,
				"neg":     -2,
				"nothing": nil,
				"list":    []any{"a"},
			},
			want: "amount=1000000000000000000000&created[gte]=1700000000&created[lt]=1800000000" +
				"&limit=3&list[0]=a&neg=-2&small=0.000001",
		},
		{
			name: "slice ordering beyond nine",
			in:   map[string]any{"e": []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}},
			want: "e[0]=0&e[1]=1&e[2]=2&e[3]=3&e[4]=4&e[5]=5&e[6]=6&e[7]=7&e[8]=8&e[9]=9&e[10]=10",
		},
		{
			name: "unicode and reserved characters in keys and values",
			in:   map[string]any{"metadata": map[string]any{"a b&c=d": "é/?#"}},
			want: "metadata[a+b%26c%3Dd]=%C3%A9%2F%3F%23",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := form.Encode(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			_, err = url.ParseQuery(got)
			assert.NoError(t, err)
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{name: "scalar at top level", in: 3, want: "top level"},
		{name: "slice at top level", in: []string{"a"}, want: "top level"},
		{name: "NaN", in: map[string]any{"x": math.NaN()}, want: "x: cannot encode NaN"},
		{name: "Inf", in: map[string]any{"x": []any{math.Inf(1)}}, want: "x[0]: cannot encode +Inf"},
		{name: "bracket in key", in: map[string]any{"metadata": map[string]any{"a[b]": "1"}}, want: `invalid key "a[b]"`},
		{name: "empty key", in: map[string]any{"": "1"}, want: `invalid key ""`},
		{name: "unsupported type", in: map[string]any{"f": func() {}}, want: "cannot encode a value of type func()"},
		{name: "non-string map key", in: map[string]any{"m": map[int]string{1: "a"}}, want: "map key type int"},
		// A nil element used to be dropped and the rest renumbered, so that
		// line_items[1] silently became what the caller meant as [2].
		{name: "nil pointer element", in: &params{LineItems: []*lineItem{{Price: ptr("a")}, nil, {Price: ptr("c")}}},
			want: "form: line_items[1]: nil element"},
		{name: "nil interface element", in: map[string]any{"expand": []any{"a", nil}}, want: "form: expand[1]: nil element"},
		{name: "only element nil", in: map[string]any{"x": []any{nil}}, want: "form: x[0]: nil element"},
		{name: "nil nested slice", in: map[string]any{"x": [][]string{{"a"}, nil}}, want: "form: x[1]: nil element"},
		{name: "nil map element deep", in: map[string]any{"a": map[string]any{"b": []map[string]any{nil}}},
			want: "form: a[b][0]: nil element"},
		// A struct element with nothing set sends nothing, with the same
		// effect as a dropped element.
		{name: "element with no parameters set", in: &params{LineItems: []*lineItem{{}, {Price: ptr("c")}}},
			want: "form: line_items[0]: element has no parameters set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := form.Encode(tt.in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestEncodeDeterministic(t *testing.T) {
	in := map[string]any{
		"metadata":   map[string]any{"z": "1", "a": "2", "m": "3", "k": "4", "b": "5", "y": "6"},
		"line_items": []any{map[string]any{"price": "p", "quantity": 2, "x": map[string]any{"q": 1, "r": 2, "a": 3}}},
		"expand":     []any{"line_items", "customer"},
		"created":    map[string]any{"gt": 1, "gte": 2, "lt": 3, "lte": 4},
	}
	first, err := form.Encode(in)
	require.NoError(t, err)
	for range 100 {
		got, err := form.Encode(in)
		require.NoError(t, err)
		require.Equal(t, first, got)
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want map[string]any
	}{
		{name: "empty", in: "", want: map[string]any{}},
		{
			name: "nested",
			in:   "line_items[0][price]=p&line_items[1][quantity]=2&metadata[a]=&expand[0]=x&mode=payment",
			want: map[string]any{
				"line_items": []any{map[string]any{"price": "p"}, map[string]any{"quantity": "2"}},
				"metadata":   map[string]any{"a": ""},
				"expand":     []any{"x"},
				"mode":       "payment",
			},
		},
		{
			name: "escaped brackets",
			in:   "metadata%5Border%5D=42",
			want: map[string]any{"metadata": map[string]any{"order": "42"}},
		},
		{
			name: "non-consecutive indexes stay a map",
			in:   "a[0]=x&a[2]=y&b[01]=z",
			want: map[string]any{"a": map[string]any{"0": "x", "2": "y"}, "b": map[string]any{"01": "z"}},
		},
		{
			name: "numeric top-level keys stay a map",
			in:   "0=a&1=b",
			want: map[string]any{"0": "a", "1": "b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := form.Decode(tt.in)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Decode(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	for name, in := range map[string]string{
		"repeated key":     "a=1&a=2",
		"leaf and parent":  "a=1&a[b]=2",
		"no name":          "[a]=1",
		"empty segment":    "a[]=1",
		"unclosed bracket": "a[b=1",
		"junk after group": "a[b]c=1",
		"stray bracket":    "a]=1",
		"bad escape":       "a=%zz",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := form.Decode(in)
			require.Error(t, err)
			assert.ErrorIs(t, err, form.ErrSyntax)
		})
	}
}

func TestTreeMatchesEncode(t *testing.T) {
	tree, err := form.Tree(&params{Mode: ptr("payment"), base: base{Expand: []string{"x"}}})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"mode": "payment", "expand": []any{"x"}}, tree)
}

// Keys in Stripe's encoding may legitimately hold characters that need
// escaping; the output must still parse into the flat keys we meant.
func TestEncodeParsesBack(t *testing.T) {
	got, err := form.Encode(map[string]any{"m": map[string]any{"k;1": "v;2", "ü": "+"}})
	require.NoError(t, err)
	vals, err := url.ParseQuery(got)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"m[k;1]": {"v;2"}, "m[ü]": {"+"}}, vals)
	assert.False(t, strings.Contains(got, "%5B"), "brackets stay unescaped: %s", got)
}
