package contracts

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mutations replace a value by something else, each likely to break a
// different rule.
var mutations = []struct {
	name string
	to   func(old any) any
}{
	{"null", func(any) any { return nil }},
	{"string", func(any) any { return "pending" }},
	{"long_string", func(any) any { return strings.Repeat("é", 5001) }},
	{"integer", func(any) any { return json.Number("7") }},
	{"decimal", func(any) any { return json.Number("1.5") }},
	{"integral_decimal", func(any) any { return json.Number("2.0") }},
	{"float64", func(any) any { return 3.0 }},
	{"bool", func(any) any { return true }},
	{"empty_object", func(any) any { return map[string]any{} }},
	{"empty_array", func(any) any { return []any{} }},
	{"array_of_null", func(any) any { return []any{nil} }},
	{"deleted_object", func(any) any { return map[string]any{"id": "cus_1", "object": "customer", "deleted": true} }},
}

// TestFastPathAgreesWithLibrary mutates every value of every stripe-mock
// response in every way above, and checks that the fast path never calls
// valid what jsonschema/v6 rejects, and that it accepts the valid
// responses themselves (so they do not fall back to the library).
func TestFastPathAgreesWithLibrary(t *testing.T) {
	s := loaded(t)
	got := responses(t)
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			r := got[c.name]
			sch, _, err := s.responseSchema(c.op, r.status)
			require.NoError(t, err)
			v, err := DecodeJSON(r.body)
			require.NoError(t, err)
			require.NoError(t, sch.Validate(v))
			assert.True(t, s.valid(s.planFor(sch), v, 0), "a valid response takes the fast path")

			checked, rejected := 0, 0
			for _, path := range paths(v, nil) {
				for _, m := range mutations {
					for _, edit := range edits(path, m.to) {
						w := edit(v)
						libOK := sch.Validate(w) == nil
						fastOK := s.valid(s.planFor(sch), w, 0)
						checked++
						if !libOK {
							rejected++
						}
						if fastOK && !libOK {
							t.Errorf("%s at %v: the fast path says valid, jsonschema/v6 says invalid", m.name, path)
						}
					}
				}
			}
			require.Positive(t, rejected, "the mutations must break the contract")
			t.Logf("%d mutated bodies, %d invalid", checked, rejected)
		})
	}
}

// paths lists the path of every value in v.
func paths(v any, prefix []any) [][]any {
	out := [][]any{slices.Clone(prefix)}
	switch v := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			out = append(out, paths(v[k], append(prefix, k))...)
		}
	case []any:
		for i, e := range v {
			out = append(out, paths(e, append(prefix, i))...)
		}
	}
	return out
}

// edits returns functions that copy a document with the value at path
// replaced by to(old), and, when path ends in an object member, with the
// member deleted or a sibling added.
func edits(path []any, to func(any) any) []func(any) any {
	set := func(doc any) any {
		return rewrite(doc, path, func(old any, _ bool) (any, bool) { return to(old), true })
	}
	out := []func(any) any{set}
	if len(path) > 0 {
		if _, ok := path[len(path)-1].(string); ok {
			out = append(out, func(doc any) any {
				return rewrite(doc, path, func(any, bool) (any, bool) { return nil, false })
			})
		}
	}
	out = append(out, func(doc any) any {
		return rewrite(doc, append(slices.Clone(path), "zz_not_in_contract"), func(old any, _ bool) (any, bool) { return to(old), true })
	})
	return out
}

// rewrite copies the containers along path and calls f on the value at
// its end; f returns the new value, or false to delete the member.
func rewrite(doc any, path []any, f func(old any, present bool) (any, bool)) any {
	if len(path) == 0 {
		nv, _ := f(doc, true)
		return nv
	}
	switch d := doc.(type) {
	case map[string]any:
		k, ok := path[0].(string)
		if !ok {
			return doc
		}
		cp := maps.Clone(d)
		if len(path) == 1 {
			old, present := d[k]
			if nv, keep := f(old, present); keep {
				cp[k] = nv
			} else {
				delete(cp, k)
			}
			return cp
		}
		cp[k] = rewrite(d[k], path[1:], f)
		return cp
	case []any:
		i, ok := path[0].(int)
		if !ok {
			return doc
		}
		cp := slices.Clone(d)
		cp[i] = rewrite(d[i], path[1:], f)
		return cp
	}
	return doc
}

func TestCheckValueEqualsCheckResponse(t *testing.T) {
	s := loaded(t)
	got := responses(t)
	session := got["create"].body
	bodies := map[string][]byte{
		"valid":         session,
		"wrong_type":    tamper(t, session, func(m map[string]any) { m["amount_total"] = "2000" }),
		"missing":       tamper(t, session, func(m map[string]any) { delete(m, "mode") }),
		"unknown":       tamper(t, session, func(m map[string]any) { m["shiny_new_field"] = 1 }),
		"nested_enum":   tamper(t, session, func(m map[string]any) { m["status"] = "pending" }),
		"not_an_object": []byte(`[1,2]`),
	}
	for name, body := range bodies {
		for _, status := range []int{200, 402, 302} {
			t.Run(fmt.Sprintf("%s/%d", name, status), func(t *testing.T) {
				want, err := s.CheckResponse("create", status, body)
				require.NoError(t, err)
				v, err := DecodeJSON(body)
				require.NoError(t, err)
				got, err := s.CheckValue("create", status, v)
				require.NoError(t, err)
				assert.Equal(t, want, got)
			})
		}
	}
	_, err := s.CheckValue("delete", 200, nil)
	assert.ErrorIs(t, err, ErrUnknownOperation)
}

func TestDecodeJSON(t *testing.T) {
	v, err := DecodeJSON([]byte(` {"a": [1, 2.5, "x", null, true]} `))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"a": []any{json.Number("1"), json.Number("2.5"), "x", nil, true}}, v)
	for _, bad := range []string{``, `{`, `{} {}`, `{} x`, `nul`} {
		_, err := DecodeJSON([]byte(bad))
		assert.Error(t, err, "%q", bad)
	}
}
