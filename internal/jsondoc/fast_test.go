package jsondoc

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestFastPathTakesRecordedBodies: the response bodies of the committed
// cassettes take the fast path and decode as encoding/json does; the
// cases it leaves to encoding/json do not.
func TestFastPathTakesRecordedBodies(t *testing.T) {
	files, err := filepath.Glob("../../cassettes/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal("no cassettes")
	}
	bodies := []string{`{"a":[1,-0.5e+3,"x\u00e9\n\"",null,true,false,{},[]],"b":{"c":"é"}}`, ` 12 `, `"\/"`}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Interactions []struct {
				Response struct{ Body string }
			}
		}
		if err := yaml.Unmarshal(data, &c); err != nil {
			t.Fatal(err)
		}
		for _, i := range c.Interactions {
			if strings.HasPrefix(strings.TrimSpace(i.Response.Body), "{") {
				bodies = append(bodies, i.Response.Body)
			}
		}
	}
	if len(bodies) < 20 {
		t.Fatalf("only %d bodies", len(bodies))
	}
	for _, b := range bodies {
		v, unique, ok := decodeFast([]byte(b))
		if !ok || !unique {
			t.Fatalf("fast path refused %.80q, or found a repeated key (%v)", b, unique)
		}
		want, err := library([]byte(b))
		if err != nil || !reflect.DeepEqual(v, want) {
			t.Fatalf("fast %#v, encoding/json %#v, %v", v, want, err)
		}
	}
	for _, b := range []string{``, `{`, `{} {}`, `01`, `1.`, `"\ud800"`, "\"\xff\"", `{"a" 1}`, `[1,]`, `tru`, "\"\x01\""} {
		if _, _, ok := decodeFast([]byte(b)); ok {
			t.Errorf("fast path took %q, which it must leave to encoding/json", b)
		}
	}
}

// FuzzDecode: whatever the fast path decodes, encoding/json decodes to
// the same value.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e-3,"\u00e9\t",null,true]}`, `[]`, `"\ud83d\ude00"`, `-0`, `{"a":1,"a":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, unique, ok := decodeFast(b)
		if !ok {
			return
		}
		want, err := library(b)
		if err != nil {
			t.Fatalf("fast path decoded %q, which encoding/json refuses: %v", b, err)
		}
		if !reflect.DeepEqual(v, want) {
			t.Fatalf("%q: fast %#v, encoding/json %#v", b, v, want)
		}
		if dup := repeatsKey(t, b); unique == dup {
			t.Fatalf("%q: unique %v, but a key repeats: %v", b, unique, dup)
		}
	})
}

// repeatsKey reports whether an object of the JSON document b repeats a
// key, from encoding/json's token stream.
func repeatsKey(t *testing.T, b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	type frame struct {
		obj  bool
		key  bool // the next string token is a key
		seen map[string]bool
	}
	var stack []*frame
	dup := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return dup
		}
		if err != nil {
			t.Fatalf("%q: %v", b, err)
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.obj && top.key {
			if top.seen[s] {
				dup = true
			}
			top.seen[s] = true
			top.key = false
			continue
		}
		if top != nil && top.obj {
			top.key = true // a value was read; a key comes next
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{obj: true, key: true, seen: map[string]bool{}})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].obj {
				stack[len(stack)-1].key = true
			}
		}
	}
}

// TestDecodeUnique: repeated keys are reported, at any depth.
func TestDecodeUnique(t *testing.T) {
	for _, c := range []struct {
		body   string
		unique bool
	}{
		{`{"a":1,"b":{"a":2},"c":[{"a":3}]}`, true},
		{`{"a":1,"a":2}`, false},
		{`{"a":[{"b":1,"b":1}]}`, false},
		{`{"a":{"a":1},"b":{"b":{"c":0,"d":0,"c":0}}}`, false},
		{`{"a":"\u0062","b":1}`, true},
		{`{"\u0062":1,"b":2}`, false},
		{`"\ud800"`, false}, // encoding/json decides: not known unique
	} {
		_, unique, err := DecodeUnique([]byte(c.body))
		if err != nil || unique != c.unique {
			t.Errorf("DecodeUnique(%s): unique %v, %v; want %v", c.body, unique, err, c.unique)
		}
	}
}

// BenchmarkDecode decodes a recorded session body.
func BenchmarkDecode(b *testing.B) {
	files, _ := filepath.Glob("../../cassettes/*.yaml")
	var body []byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		var c struct {
			Interactions []struct {
				Response struct{ Body string }
			}
		}
		if err := yaml.Unmarshal(data, &c); err != nil {
			b.Fatal(err)
		}
		for _, i := range c.Interactions {
			if strings.Contains(i.Response.Body, `"checkout.session"`) && len(i.Response.Body) > len(body) && len(i.Response.Body) < 6000 {
				body = []byte(i.Response.Body)
			}
		}
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}

// TestStringsByWords: strings decode as encoding/json decodes them with
// a quote, backslash escape, control character or non-ASCII character at
// every offset of the eight-byte words str skips over, and near the end.
func TestStringsByWords(t *testing.T) {
	specials := []string{`"`, `\"`, `\\`, `\n`, `\u00e9`, "\x01", "\x1f", "\x7f", "é", "\xff", "\u2028", " ", "~"}
	for n := 0; n <= 24; n++ {
		for at := 0; at <= n; at++ {
			for _, sp := range specials {
				text := strings.Repeat("a", at) + sp + strings.Repeat("b", n-at)
				for _, doc := range []string{`"` + text + `"`, `{"` + text + `":"` + text + `"}`, `["` + text} {
					v, _, ok := decodeFast([]byte(doc))
					want, err := library([]byte(doc))
					switch {
					case ok && err != nil:
						t.Fatalf("%q: fast path decoded %#v, encoding/json refuses: %v", doc, v, err)
					case ok && !reflect.DeepEqual(v, want):
						t.Fatalf("%q: fast %#v, encoding/json %#v", doc, v, want)
					case !ok && err == nil && sp != "\xff":
						// Invalid UTF-8 is the one thing here the fast path
						// leaves to encoding/json, which replaces it.
						t.Fatalf("%q: fast path refused what encoding/json decodes", doc)
					}
				}
			}
		}
	}
}
