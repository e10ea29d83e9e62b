package contracts

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// skipStringByByte is where [scanner.skipString] as first written, one
// byte at a time, leaves the scanner, and its error.
func skipStringByByte(b []byte) (int, bool) {
	i := 1
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return i, false
}

// TestSkipStringByWords: skipString, eight bytes at a time, ends where
// the byte-by-byte scan ends (or fails where it fails) with a quote, an
// escape or an escaped quote at every offset of a word and at the end.
func TestSkipStringByWords(t *testing.T) {
	for n := 0; n <= 24; n++ {
		for at := 0; at <= n; at++ {
			for _, sp := range []string{`"`, `\"`, `\\`, `\`, `\\"`, `é`, "\n", `\u0022`} {
				for _, tail := range []string{``, `"`, `x"`, `", "b": 1}`} {
					b := []byte(`"` + strings.Repeat("a", at) + sp + strings.Repeat("b", n-at) + tail)
					wantEnd, wantOK := skipStringByByte(b)
					sc := &scanner{b: b}
					err := sc.skipString()
					if sc.i != wantEnd || (err == nil) != wantOK {
						t.Fatalf("%q: skipString ends at %d (%v), byte by byte at %d (ok %v)", b, sc.i, err, wantEnd, wantOK)
					}
				}
			}
		}
	}
}

// BenchmarkSplitComponents splits the embedded components bundle into its
// schemas, once per process when the first check needs a component.
func BenchmarkSplitComponents(b *testing.B) {
	s, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	data, err := s.fsys.(gzFS).ReadFile(s.manifest.Components)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := splitDefs(data); err != nil {
			b.Fatal(err)
		}
	}
}

// skipNestedByByte is where [scanner.skipNested] as first written, one
// byte at a time, leaves the scanner, and whether it succeeded.
func skipNestedByByte(b []byte) (int, bool) {
	depth, i := 0, 0
	for i < len(b) {
		switch b[i] {
		case '"':
			n, ok := skipStringByByte(b[i:])
			i += n
			if !ok {
				return i, false
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		i++
		if depth == 0 {
			return i, true
		}
	}
	return i, false
}

// TestSkipNestedByWords: skipNested, eight bytes at a time between
// brackets and strings, ends where the byte-by-byte scan ends (or fails
// where it fails), with each bracket, quote or other byte at every offset
// of a word, and over the embedded bundles, whose schemas it splits as
// encoding/json does.
func TestSkipNestedByWords(t *testing.T) {
	for n := 0; n <= 20; n++ {
		for at := 0; at <= n; at++ {
			for _, sp := range []string{`{`, `}`, `[`, `]`, `"x"`, `"\"}"`, `{}`, `[]`, `;`, `{`, "\x7b\x5b", `"`, "\xdb", "\xfd"} {
				for _, tail := range []string{``, `}`, `]}`, `   }  ,"a": 1`} {
					b := []byte(`{` + strings.Repeat(" ", at) + sp + strings.Repeat(" ", n-at) + tail)
					wantEnd, wantOK := skipNestedByByte(b)
					sc := &scanner{b: b}
					err := sc.skipNested()
					if sc.i != wantEnd || (err == nil) != wantOK {
						t.Fatalf("%q: skipNested ends at %d (%v), byte by byte at %d (ok %v)", b, sc.i, err, wantEnd, wantOK)
					}
				}
			}
		}
	}
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{s.manifest.Components, s.manifest.Requests} {
		data, err := s.fsys.(gzFS).ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		got, err := splitDefs(data)
		if err != nil {
			t.Fatal(err)
		}
		var want struct {
			Defs map[string]json.RawMessage `json:"$defs"`
		}
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want.Defs) || len(got) == 0 {
			t.Fatalf("%s: %d schemas, encoding/json %d", file, len(got), len(want.Defs))
		}
		for name, raw := range want.Defs {
			if !bytes.Equal(got[name], raw) {
				t.Fatalf("%s: schema %s split as %.60q…, encoding/json %.60q…", file, name, got[name], raw)
			}
		}
	}
}
