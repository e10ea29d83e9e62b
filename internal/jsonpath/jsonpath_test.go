package jsonpath_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
)

func TestParse(t *testing.T) {
	f := func(s string) jsonpath.Elem { return jsonpath.Elem{Field: s} }
	i := func(n int) jsonpath.Elem { return jsonpath.Elem{Index: n} }
	for _, tt := range []struct {
		in   string
		want []jsonpath.Elem
	}{
		{"", nil},
		{"a", []jsonpath.Elem{f("a")}},
		{".a", []jsonpath.Elem{f("a")}},
		{"line_items.data[0].price", []jsonpath.Elem{f("line_items"), f("data"), i(0), f("price")}},
		{"[2][0]", []jsonpath.Elem{i(2), i(0)}},
	} {
		got, err := jsonpath.Parse(tt.in)
		assert.NoError(t, err, tt.in)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for in, want := range map[string]string{
		"a..b":    "empty field name",
		"a[0":     "missing ]",
		"a[x]":    `list index "x" is not a number`,
		"a[-1]":   `list index "-1" is not a number`,
		"a[0]b.c": `want . or [ before "b.c"`,
	} {
		_, err := jsonpath.Parse(in)
		assert.EqualError(t, err, want, in)
	}
}

func TestWriters(t *testing.T) {
	p := jsonpath.Key("", "line_items")
	p = jsonpath.Key(p, "data")
	p = jsonpath.At(p, 0)
	p = jsonpath.QuotedKey(p, "price")
	p = jsonpath.QuotedKey(p, "odd name")
	assert.Equal(t, `line_items.data[0].price["odd name"]`, p)
	assert.Equal(t, "a[007]", jsonpath.Index("a", "007"))
	assert.Equal(t, "a.b[]", jsonpath.Each("a.b"))
	assert.Equal(t, `["x y"]`, jsonpath.QuotedKey("", "x y"))
}

func TestUnder(t *testing.T) {
	assert.True(t, jsonpath.Under("a.b", "a"))
	assert.True(t, jsonpath.Under("a[].b", "a"))
	assert.True(t, jsonpath.Under("a[0]", "a"))
	assert.False(t, jsonpath.Under("a", "a"))
	assert.False(t, jsonpath.Under("ab", "a"))
}
