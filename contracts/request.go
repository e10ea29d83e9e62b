package contracts

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/checkoutvcr/checkoutvcr/client/form"
	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
)

// CheckRequest checks the parameters of a request to op against its
// contract: the query of a GET or the form body of a POST, in Stripe's
// bracket notation (line_items[0][price]=price_1, expand[0]=customer).
// Values are strings on the wire; each is read as the type the contract
// expects (integer, number or boolean) when it parses as one. Parameters
// the contract does not list are [KindUnknownField] violations, each with
// the closest listed name as its Suggest when one is close.
//
// A form that does not describe one tree of parameters is a
// [KindInvalidForm] violation, whatever the contract says: a key sent
// more than once (mode=payment&mode=setup; only keys with an empty
// group, expand[]=a&expand[]=b, may repeat, each adding an element), or a
// key that is given both a value and nested parameters
// (metadata=&metadata[a]=1). The first value of a repeated key, and the
// first of the conflicting keys in sorted order, is what the contract is
// then checked against.
//
// The error is for misuse only, as for [Set.CheckResponse].
func (s *Set) CheckRequest(op string, form url.Values) ([]Violation, error) {
	sch, err := s.opSchema(op, defRequest)
	if err != nil {
		return nil, err
	}
	params, bad := parseForm(form)
	vs, err := s.validate(sch, coerce(sch, params))
	if err != nil {
		return nil, err
	}
	suggestUnknown(sch, vs)
	if len(bad) == 0 {
		return vs, nil
	}
	return sortViolations(append(bad, vs...)), nil
}

// parseForm nests bracket keys: a[b][0]=x becomes {"a": {"b": {"0": "x"}}}.
// Which maps are arrays is left to [coerce], which knows the schema. It
// also returns a [KindInvalidForm] violation for each key that is
// repeated or that collides with another.
func parseForm(q url.Values) (map[string]any, []Violation) {
	root := map[string]any{}
	var bad []Violation
	for _, key := range slices.Sorted(maps.Keys(q)) {
		path := splitKey(key)
		values := q[key]
		if len(values) > 1 && !slices.Contains(path, "") {
			bad = append(bad, Violation{
				Kind: KindInvalidForm,
				Path: formPath(path),
				Want: "one value",
				Got:  truncate(fmt.Sprintf("%d values: %s", len(values), quoteAll(values))),
			})
			values = values[:1]
		}
		for _, v := range values {
			if at, old, ok := set(root, path, v); !ok {
				bad = append(bad, collision(at, old, key, v))
			}
		}
	}
	return root, bad
}

// splitKey splits "a[b][0]" into a, b, 0. A key that is not well formed
// is kept whole, so that it is reported as an unknown parameter.
func splitKey(key string) []string {
	path, err := form.SplitKey(key)
	if err != nil {
		return []string{key}
	}
	return path
}

// set stores v at path in m; an empty token ("expand[]") appends. When
// something is already there (a value at path or at a prefix of it, or
// nested parameters under path) it stores nothing and returns, with
// false, where that is (empty tokens resolved) and what.
func set(m map[string]any, path []string, v string) (at []string, old any, ok bool) {
	// The tokens with empty ones resolved, built only from the first
	// empty token on: until then they are path's own.
	var resolved []string
	for i, tok := range path {
		if tok == "" {
			if resolved == nil {
				resolved = append(make([]string, 0, len(path)), path[:i]...)
			}
			tok = strconv.Itoa(len(m))
		}
		if resolved != nil {
			resolved = append(resolved, tok)
		}
		at := func() []string {
			if resolved != nil {
				return resolved
			}
			return slices.Clone(path[:i+1])
		}
		old, exists := m[tok]
		if i == len(path)-1 {
			if exists {
				return at(), old, false
			}
			m[tok] = v
			return nil, nil, true
		}
		next, isMap := old.(map[string]any)
		if exists && !isMap {
			return at(), old, false
		}
		if !isMap {
			next = map[string]any{}
			m[tok] = next
		}
		m = next
	}
	return nil, nil, true
}

// collision is the violation for key=v, which [set] refused because old
// is already at the path at.
func collision(at []string, old any, key, v string) Violation {
	vi := Violation{Kind: KindInvalidForm, Path: formPath(at), Want: "a value or nested parameters, not both"}
	switch old := old.(type) {
	case string:
		if len(at) == len(splitKey(key)) {
			vi.Want = "one value"
		}
		vi.Got = fmt.Sprintf("%s=%s and %s=%s", form.JoinKey(at), old, key, v)
	default:
		vi.Got = fmt.Sprintf("%s[…] and %s=%s", form.JoinKey(at), key, v)
	}
	vi.Got = truncate(vi.Got)
	return vi
}

// formPath renders the tokens of a form key as a [Violation] path:
// line_items, 0, price is "line_items[0].price".
func formPath(path []string) string {
	out := ""
	for _, tok := range path {
		if tok != "" && strings.Trim(tok, "0123456789") == "" {
			out = jsonpath.Index(out, tok)
		} else {
			out = jsonpath.QuotedKey(out, tok)
		}
	}
	return out
}

// quoteAll renders values as "a", "b".
func quoteAll(values []string) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = strconv.Quote(v)
	}
	return strings.Join(parts, ", ")
}

// coerce converts the strings and index-keyed maps of a parsed form into
// the integers, numbers, booleans and arrays that sch expects.
func coerce(sch *jsonschema.Schema, v any) any {
	var buf [8]*jsonschema.Schema // most schemas have a few alternatives: no allocation
	alts := alternatives(sch, buf[:0])
	switch v := v.(type) {
	case string:
		return coerceString(alts, v)
	case map[string]any:
		if items := arrayItems(alts); items != nil && isIndexed(v) {
			return coerceArray(items, v)
		}
		for k, e := range v {
			v[k] = coerce(property(alts, k), e)
		}
	}
	return v
}

// alternatives flattens sch, its $ref and anyOf branches.
func alternatives(sch *jsonschema.Schema, out []*jsonschema.Schema) []*jsonschema.Schema {
	if sch == nil {
		return out
	}
	out = append(out, sch)
	out = alternatives(sch.Ref, out)
	for _, b := range sch.AnyOf {
		out = alternatives(b, out)
	}
	return out
}

// coerceString reads s as the first scalar type the schema allows it to be.
// Each type is asked of the schema before s is parsed as it: a failed
// parse costs an error value.
func coerceString(alts []*jsonschema.Schema, s string) any {
	if (allows(alts, bitInteger) || allows(alts, bitNumber)) && isInt64(s) {
		return json.Number(s)
	}
	if allows(alts, bitNumber) {
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return json.Number(s)
		}
	}
	if (s == "true" || s == "false") && allows(alts, bitBoolean) {
		return s == "true"
	}
	return s
}

// The JSON types coerceString asks about, as [jsonschema.Types] bits.
var bitInteger, bitNumber, bitBoolean = typeBit("integer"), typeBit("number"), typeBit("boolean")

func typeBit(name string) jsonschema.Types {
	var t jsonschema.Types
	t.Add(name)
	return t
}

// allows reports whether one of alts lists the type t.
func allows(alts []*jsonschema.Schema, t jsonschema.Types) bool {
	for _, a := range alts {
		if a.Types != nil && *a.Types&t != 0 {
			return true
		}
	}
	return false
}

// isInt64 reports whether strconv.ParseInt(s, 10, 64) succeeds, without
// its error value for text that is not digits.
func isInt64(s string) bool {
	d := s
	if d != "" && (d[0] == '+' || d[0] == '-') {
		d = d[1:]
	}
	if d == "" {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// arrayItems returns the item schema of the first array alternative.
func arrayItems(alts []*jsonschema.Schema) *jsonschema.Schema {
	for _, a := range alts {
		if a.Items2020 != nil {
			return a.Items2020
		}
	}
	return nil
}

// isIndexed reports whether m's keys are exactly 0..len(m)-1.
func isIndexed(m map[string]any) bool {
	for i := range len(m) {
		if _, ok := m[strconv.Itoa(i)]; !ok {
			return false
		}
	}
	return len(m) > 0
}

func coerceArray(items *jsonschema.Schema, m map[string]any) []any {
	out := make([]any, len(m))
	for i := range out {
		out[i] = coerce(items, m[strconv.Itoa(i)])
	}
	return out
}

// property returns the schema of property k in the first alternative that
// describes it, or nil.
func property(alts []*jsonschema.Schema, k string) *jsonschema.Schema {
	for _, a := range alts {
		if p, ok := a.Properties[k]; ok {
			return p
		}
	}
	for _, a := range alts {
		if p, ok := a.AdditionalProperties.(*jsonschema.Schema); ok {
			return p
		}
	}
	return nil
}
