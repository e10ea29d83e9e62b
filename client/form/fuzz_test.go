package form_test

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/checkoutvcr/checkoutvcr/client/form"
)

// builder turns fuzz bytes into a params tree. Maps have keys that start
// with a letter (so they never look like list indexes) and contain no
// brackets; containers are never empty (an empty container encodes as
// "name=", which decodes as the empty string by design).
type builder struct{ data []byte }

func (b *builder) next() byte {
	if len(b.data) == 0 {
		return 0
	}
	c := b.data[0]
	b.data = b.data[1:]
	return c
}

const keyChars = "abcdefghijklmnopqrstuvwxyz_ -.:;&=%+?#/é0123456789"

func (b *builder) key() string {
	n := int(b.next()%6) + 1
	k := []rune{rune('a' + b.next()%26)}
	for range n - 1 {
		r := []rune(keyChars)
		k = append(k, r[int(b.next())%len(r)])
	}
	return string(k)
}

// value returns the value to encode and the tree Decode should return.
func (b *builder) value(depth int) (in, want any) {
	kind := b.next() % 5
	if depth >= 3 {
		kind %= 2
	}
	switch kind {
	case 0:
		n := int(b.next() % 8)
		s := make([]byte, 0, n)
		for range n {
			s = append(s, b.next())
		}
		return string(s), string(s)
	case 1:
		n := int64(int8(b.next())) * int64(b.next())
		return n, strconv.FormatInt(n, 10)
	case 2:
		v := b.next()%2 == 0
		return v, strconv.FormatBool(v)
	case 3:
		return b.mapValue(depth + 1)
	default:
		n := int(b.next()%3) + 1
		in, want := make([]any, n), make([]any, n)
		for i := range n {
			in[i], want[i] = b.value(depth + 1)
		}
		return in, want
	}
}

func (b *builder) mapValue(depth int) (map[string]any, map[string]any) {
	n := int(b.next()%3) + 1
	in, want := map[string]any{}, map[string]any{}
	for range n {
		k := b.key()
		in[k], want[k] = b.value(depth)
	}
	return in, want
}

func flatten(prefix string, n any, out url.Values) {
	switch n := n.(type) {
	case map[string]any:
		for k, v := range n {
			if prefix != "" {
				k = prefix + "[" + k + "]"
			}
			flatten(k, v, out)
		}
	case []any:
		for i, v := range n {
			flatten(prefix+"["+strconv.Itoa(i)+"]", v, out)
		}
	case string:
		out.Add(prefix, n)
	}
}

func FuzzEncodeDecode(f *testing.F) {
	f.Add([]byte("line_items"))
	f.Add([]byte{3, 2, 1, 4, 4, 1, 3, 0, 2, 0, 5, 'x', 'y'})
	f.Fuzz(func(t *testing.T, data []byte) {
		b := &builder{data: data}
		in, want := b.mapValue(0)
		enc, err := form.Encode(in)
		if err != nil {
			t.Fatalf("Encode(%#v): %v", in, err)
		}
		if byJoin, err := form.EncodeByJoin(in); err != nil || byJoin != enc {
			t.Fatalf("Encode(%#v) = %q; as first written: %q, %v", in, enc, byJoin, err)
		}
		again, _ := form.Encode(in)
		if again != enc {
			t.Fatalf("not deterministic: %q vs %q", enc, again)
		}
		flat, err := url.ParseQuery(enc)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", enc, err)
		}
		wantFlat := url.Values{}
		flatten("", want, wantFlat)
		if diff := cmp.Diff(wantFlat, flat); diff != "" {
			t.Fatalf("flat keys of %q (-want +got):\n%s", enc, diff)
		}
		got, err := form.Decode(enc)
		if err != nil {
			t.Fatalf("Decode(%q): %v", enc, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("Decode(Encode(x)) for %q (-want +got):\n%s", enc, diff)
		}
	})
}
