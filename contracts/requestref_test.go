package contracts

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// setAsFirstWritten is [set] as first written, resolving every token
// into a slice of its own: the reference set must agree with.
func setAsFirstWritten(m map[string]any, path []string, v string) (at []string, old any, ok bool) {
	at = make([]string, 0, len(path))
	for i, tok := range path {
		if tok == "" {
			tok = strconv.Itoa(len(m))
		}
		at = append(at, tok)
		old, exists := m[tok]
		if i == len(path)-1 {
			if exists {
				return at, old, false
			}
			m[tok] = v
			return nil, nil, true
		}
		next, isMap := old.(map[string]any)
		if exists && !isMap {
			return at, old, false
		}
		if !isMap {
			next = map[string]any{}
			m[tok] = next
		}
		m = next
	}
	return nil, nil, true
}

// TestSetAsFirstWritten: set, which builds the resolved path only when
// it needs one, stores what it stored and reports the same collisions,
// over every sequence of three keys from a set with appends, indexes,
// values and nested parameters.
func TestSetAsFirstWritten(t *testing.T) {
	keys := [][]string{{"a"}, {"a", "b"}, {"a", ""}, {"a", "0"}, {"a", "1"}, {"a", "", "b"}, {"a", "0", "b"},
		{"a", "b", "c"}, {"", "x"}, {""}, {"a", "", ""}}
	for _, k1 := range keys {
		for _, k2 := range keys {
			for _, k3 := range keys {
				want, got := map[string]any{}, map[string]any{}
				for n, k := range [][]string{k1, k2, k3} {
					v := strconv.Itoa(n)
					wantAt, wantOld, wantOK := setAsFirstWritten(want, k, v)
					at, old, ok := set(got, k, v)
					if !slices.Equal(wantAt, at) || wantOK != ok || !cmp.Equal(wantOld, old) {
						t.Fatalf("keys %q %q %q, key %d: set = %q, %v, %v; want %q, %v, %v", k1, k2, k3, n, at, old, ok, wantAt, wantOld, wantOK)
					}
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("keys %q %q %q (-want +got):\n%s", k1, k2, k3, diff)
				}
			}
		}
	}
}

// coerceStringAsFirstWritten is [coerceString] as first written: each
// parse tried first, each type looked up in the schema's type names.
func coerceStringAsFirstWritten(alts []*jsonschema.Schema, s string) any {
	allows := func(t string) bool {
		return slices.ContainsFunc(alts, func(a *jsonschema.Schema) bool {
			return a.Types != nil && slices.Contains(a.Types.ToStrings(), t)
		})
	}
	if _, err := strconv.ParseInt(s, 10, 64); err == nil && (allows("integer") || allows("number")) {
		return json.Number(s)
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil && allows("number") {
		return json.Number(s)
	}
	if b, err := strconv.ParseBool(s); err == nil && (s == "true" || s == "false") && allows("boolean") {
		return b
	}
	return s
}

// TestCoerceStringAsFirstWritten: coerceString reads every string as
// the first version did, against schemas of every combination of the
// types it asks about.
func TestCoerceStringAsFirstWritten(t *testing.T) {
	values := []string{"", "0", "-1", "+1", "12", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
		"1.5", "1e3", "-0.0", ".5", "1_000", "0x1p-2", "inf", "NaN", "Infinity", "1e400", "true", "false", "True", "1", "t",
		"abc", " 1", "1 ", "--1", "+", "-", "٣"}
	names := []string{"integer", "number", "boolean", "string", "null"}
	for mask := range 1 << len(names) {
		var alts []*jsonschema.Schema
		for i, name := range names {
			if mask&(1<<i) != 0 {
				var ty jsonschema.Types
				ty.Add(name)
				alts = append(alts, &jsonschema.Schema{Types: &ty}, &jsonschema.Schema{}) // a branch without types too
			}
		}
		for _, v := range values {
			if want, got := coerceStringAsFirstWritten(alts, v), coerceString(alts, v); want != got {
				t.Errorf("types %05b, %q: coerceString = %#v, want %#v", mask, v, got, want)
			}
		}
	}
}

// BenchmarkCheckRequest checks the form of a scenario's create step (two
// line items, metadata) with warm caches, as verify does for every
// recorded request.
func BenchmarkCheckRequest(b *testing.B) {
	s := loaded(b)
	q, err := url.ParseQuery("line_items[0][price_data][currency]=usd&line_items[0][price_data][product_data][name]=Item+bench_00000" +
		"&line_items[0][price_data][unit_amount]=100&line_items[0][quantity]=1&line_items[1][price_data][currency]=usd" +
		"&line_items[1][price_data][product_data][name]=Extra+0&line_items[1][price_data][unit_amount]=500&line_items[1][quantity]=1" +
		"&metadata[order]=0&metadata[variant]=bench_00000&mode=payment&success_url=https%3A%2F%2Fexample.com%2Fcheckout%2Fsuccess")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		vs, err := s.CheckRequest("create", q)
		if err != nil || len(vs) > 0 {
			b.Fatal(vs, err)
		}
	}
}
