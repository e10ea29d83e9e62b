package contracts

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
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

			// The library is asked about every body the fast path calls
			// valid (the only verdict that could be wrong: a rejection
			// falls back to the library); asking it about the rest too
			// made this test a minute long under -race. A sample of
			// those confirms the mutations do break the contract.
			checked, accepted, rejected, libRejected := 0, 0, 0, 0
			for _, path := range paths(v, nil) {
				for _, m := range mutations {
					for _, edit := range edits(path, m.to) {
						w := edit(v)
						checked++
						if !s.valid(s.planFor(sch), w, 0) {
							// Sound, not complete: a valid body may be
							// sent to the library too (e.g. 2.0 for an
							// integer), so only count what it rejects.
							if rejected++; rejected%16 == 1 && sch.Validate(w) != nil {
								libRejected++
							}
							continue
						}
						accepted++
						if sch.Validate(w) != nil {
							t.Errorf("%s at %v: the fast path says valid, jsonschema/v6 says invalid", m.name, path)
						}
					}
				}
			}
			require.Positive(t, libRejected, "the mutations must break the contract")
			t.Logf("%d mutated bodies, %d the fast path accepts (each confirmed by jsonschema/v6), %d it sends to the library", checked, accepted, rejected)
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

// fieldUse says how the fast path treats one field of jsonschema.Schema.
type fieldUse int

const (
	// planned fields are read by buildPlan and checked by valid.
	planned fieldUse = iota
	// rejected fields make supported false when set, so that the library
	// decides.
	rejected
	// inert fields cannot change a verdict: annotations, identifiers and
	// anchors (the references that use anchors are rejected).
	inert
)

// schemaFields lists every exported field of jsonschema.Schema. A field
// not listed, such as a keyword added by a jsonschema/v6 upgrade, fails
// TestFastPathKnowsEverySchemaField, because the fast path would
// otherwise ignore it and call valid what the library rejects: decide
// whether buildPlan handles it or supported rejects it, then list it.
var schemaFields = map[string]fieldUse{
	"DraftVersion": planned, // supported wants 2019 or later
	"Bool":         planned, "Ref": planned, "Types": planned, "Enum": planned, "AnyOf": planned,
	"Required": planned, "Properties": planned, "AdditionalProperties": planned, "Items2020": planned,
	"MaxLength": planned, "Pattern": planned, "Extensions": planned,

	"RecursiveRef": rejected, "DynamicRef": rejected, "Const": rejected, "Not": rejected,
	"AllOf": rejected, "OneOf": rejected, "If": rejected, "Then": rejected, "Else": rejected,
	"Format": rejected, "MaxProperties": rejected, "MinProperties": rejected,
	"PropertyNames": rejected, "PatternProperties": rejected, "Dependencies": rejected,
	"DependentRequired": rejected, "DependentSchemas": rejected, "UnevaluatedProperties": rejected,
	"MinItems": rejected, "MaxItems": rejected, "UniqueItems": rejected, "Contains": rejected,
	"MinContains": rejected, "MaxContains": rejected, "Items": rejected, "AdditionalItems": rejected,
	"PrefixItems": rejected, "UnevaluatedItems": rejected, "MinLength": rejected,
	"ContentEncoding": rejected, "ContentMediaType": rejected, "ContentSchema": rejected,
	"Maximum": rejected, "Minimum": rejected, "ExclusiveMaximum": rejected,
	"ExclusiveMinimum": rejected, "MultipleOf": rejected,

	"Location": inert, "ID": inert, "Anchor": inert, "RecursiveAnchor": inert, "DynamicAnchor": inert,
	"Title": inert, "Description": inert, "Default": inert, "Comment": inert, "ReadOnly": inert,
	"WriteOnly": inert, "Examples": inert, "Deprecated": inert,
}

// TestFastPathKnowsEverySchemaField walks jsonschema.Schema by reflection:
// every exported field must be in schemaFields, every listed field must
// still exist, and setting any rejected field must make supported false.
// Unexported fields are the compiler's bookkeeping, not keywords.
func TestFastPathKnowsEverySchemaField(t *testing.T) {
	typ := reflect.TypeFor[jsonschema.Schema]()
	seen := map[string]bool{}
	for f := range typ.Fields() {
		if !f.IsExported() {
			continue
		}
		seen[f.Name] = true
		use, ok := schemaFields[f.Name]
		if !ok {
			t.Errorf("jsonschema.Schema has a field %s (%s) that the fast path does not know: "+
				"handle it in buildPlan, or reject it in supported, and list it in schemaFields", f.Name, f.Type)
			continue
		}
		if use != rejected {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			sch := &jsonschema.Schema{DraftVersion: 2020}
			require.True(t, supported(sch), "a schema with nothing set")
			fv := reflect.ValueOf(sch).Elem().FieldByIndex(f.Index)
			require.True(t, setNonZero(fv), "cannot make a %s to test with", f.Type)
			assert.False(t, supported(sch), "supported ignores %s", f.Name)
		})
	}
	for name := range schemaFields {
		assert.True(t, seen[name], "schemaFields lists %s, which jsonschema.Schema no longer has", name)
	}
	assert.False(t, supported(&jsonschema.Schema{DraftVersion: 7}), "draft 7")
}

// setNonZero sets v to some non-zero value of its type, and reports
// whether it could.
func setNonZero(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Interface:
		if !reflect.TypeFor[bool]().Implements(v.Type()) {
			return false
		}
		v.Set(reflect.ValueOf(true))
	default:
		return false
	}
	return !v.IsZero()
}
