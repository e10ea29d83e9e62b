package client

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/internal/jsondoc"
)

// recordedBodies returns the 2xx JSON response bodies of the committed
// cassettes, each with the client type it decodes into.
func recordedBodies(t testing.TB) (bodies [][]byte, types []reflect.Type) {
	files, err := filepath.Glob("../cassettes/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal("no cassettes")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Interactions []struct {
				Request  struct{ URL string }
				Response struct {
					Body string
					Code int
				}
			}
		}
		if err := yaml.Unmarshal(data, &c); err != nil {
			t.Fatal(err)
		}
		for _, i := range c.Interactions {
			if i.Response.Code < 200 || i.Response.Code > 299 || !strings.Contains(i.Request.URL, "/v1/checkout/sessions") {
				continue
			}
			var typ reflect.Type
			switch {
			case strings.Contains(i.Response.Body, `"object": "checkout.session"`) && strings.HasPrefix(strings.TrimSpace(i.Response.Body), `{`) && !strings.Contains(i.Request.URL, "line_items?") && !strings.HasSuffix(strings.SplitN(i.Request.URL, "?", 2)[0], "/sessions"):
				typ = reflect.TypeFor[Session]()
			case strings.Contains(strings.SplitN(i.Request.URL, "?", 2)[0], "/line_items"):
				typ = reflect.TypeFor[LineItemList]()
			case strings.HasSuffix(strings.SplitN(i.Request.URL, "?", 2)[0], "/sessions"):
				if strings.Contains(i.Response.Body, `"object": "list"`) {
					typ = reflect.TypeFor[SessionList]()
				} else {
					typ = reflect.TypeFor[Session]()
				}
			default:
				typ = reflect.TypeFor[Session]()
			}
			bodies = append(bodies, []byte(i.Response.Body))
			types = append(types, typ)
		}
	}
	if len(bodies) < 10 {
		t.Fatalf("only %d bodies", len(bodies))
	}
	return bodies, types
}

// typedDecode is the client's typed decode of body into a new value of
// type t (a struct type), as decode makes it.
func typedDecode(t reflect.Type, body []byte) error {
	return decodeBody(body, reflect.New(t).Interface().(responder))
}

// checkProvable fails when provable says body decodes into t but the
// typed decode fails. It reports provable's answer.
func checkProvable(t *testing.T, typ reflect.Type, body []byte) bool {
	t.Helper()
	v, unique, err := jsondoc.DecodeUnique(body)
	if err != nil || !unique || !provable(typ, v) {
		return false
	}
	if err := typedDecode(typ, body); err != nil {
		t.Fatalf("provable(%s) is true, but the typed decode fails: %v\n%s", typ, err, body)
	}
	return true
}

// TestProvableRecordedBodies: every recorded response body is proven to
// decode, so the scenario runner never decodes it twice.
func TestProvableRecordedBodies(t *testing.T) {
	bodies, types := recordedBodies(t)
	for i, b := range bodies {
		if !checkProvable(t, types[i], b) {
			t.Errorf("recorded %s body not provable:\n%.300s", types[i], b)
		}
	}
}

// mutations are the values each value of a recorded body is replaced
// with in TestProvableMutations.
var mutations = []any{
	"x", "", "é", json.Number("0"), json.Number("-1"), json.Number("1.5"), json.Number("1e3"),
	json.Number("99999999999999999999"), json.Number("-9223372036854775809"), json.Number("1e400"),
	true, nil, map[string]any{}, []any{}, map[string]any{"id": json.Number("5")},
	map[string]any{"id": "x", "object": "customer"}, []any{"x"}, []any{json.Number("1")},
	map[string]any{"ID": json.Number("1")}, map[string]any{"Amount_Total": "x"},
}

// TestProvableMutations replaces every value of every recorded body, in
// turn, with each of mutations (and adds each as a new key), and checks
// that provable never accepts a body the typed decode refuses; also that
// it does refuse some, and that the typed decode agrees with it on those
// it accepts (the list element types' UnmarshalJSON included:
// plainUnmarshalers, Expandable).
func TestProvableMutations(t *testing.T) {
	bodies, types := recordedBodies(t)
	longest := map[reflect.Type]int{} // per type, the longest body (the most fields): enough, and quick
	for i, b := range bodies {
		if j, ok := longest[types[i]]; !ok || len(b) > len(bodies[j]) {
			longest[types[i]] = i
		}
	}
	var accepted, refused, failing int
	for _, i := range longest {
		b := bodies[i]
		root, err := jsondoc.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		mutate(root, func() {
			body, err := json.Marshal(root)
			if err != nil {
				t.Fatal(err)
			}
			if checkProvable(t, types[i], body) {
				accepted++
				return
			}
			refused++
			if typedDecode(types[i], body) != nil {
				failing++
			}
		})
	}
	t.Logf("%d mutated bodies proven, %d left to the typed decode (%d of which it refuses)", accepted, refused, failing)
	if accepted == 0 || failing == 0 {
		t.Fatal("the mutations test nothing")
	}
}

// mutate calls try with each value under v replaced by each mutation in
// turn (restoring it after), and with each mutation added under new keys.
func mutate(v any, try func()) {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(v) {
			old := v[k]
			for _, m := range mutations {
				v[k] = m
				try()
			}
			v[k] = old
			mutate(old, try)
		}
		for _, k := range []string{"ID", "Amount_total", "MODE"} {
			if _, ok := v[k]; !ok {
				for _, m := range mutations {
					v[k] = m
					try()
				}
				delete(v, k)
			}
		}
	case []any:
		for i, old := range v {
			for _, m := range mutations {
				v[i] = m
				try()
			}
			v[i] = old
			mutate(old, try)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// FuzzProvable: for any body, when provable says it decodes into one of
// the client's result types, the typed decode succeeds.
func FuzzProvable(f *testing.F) {
	bodies, _ := recordedBodies(f)
	for _, b := range bodies[:10] {
		f.Add(b)
	}
	f.Add([]byte(`{"data":[{"customer":{"id":5}}]}`))
	f.Add([]byte(`{"amount_total":1,"AMOUNT_TOTAL":"x"}`))
	f.Add([]byte(`{"amount_total":"x","amount_total":1}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, typ := range []reflect.Type{reflect.TypeFor[Session](), reflect.TypeFor[SessionList](), reflect.TypeFor[LineItemList](), reflect.TypeFor[rawResult]()} {
			checkProvable(t, typ, body)
		}
	})
}

// BenchmarkSessionBody compares, for the longest recorded session body,
// the client's typed decode plus the runner's generic decode (two
// passes, before sharedbody) with the shared generic decode and the proof
// (one pass).
func BenchmarkSessionBody(b *testing.B) {
	bodies, types := recordedBodies(b)
	var body []byte
	for i, x := range bodies {
		if types[i] == reflect.TypeFor[Session]() && len(x) > len(body) {
			body = x
		}
	}
	typ := reflect.TypeFor[Session]()
	b.Run("typed+generic", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := typedDecode(typ, body); err != nil {
				b.Fatal(err)
			}
			if _, err := jsondoc.Decode(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("generic+proof", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			v, unique, err := jsondoc.DecodeUnique(body)
			if err != nil || !unique || !provable(typ, v) {
				b.Fatal("not provable")
			}
		}
	})
	b.Run("proof", func(b *testing.B) {
		v, _, _ := jsondoc.DecodeUnique(body)
		b.ReportAllocs()
		for b.Loop() {
			if !provable(typ, v) {
				b.Fatal("not provable")
			}
		}
	})
}
