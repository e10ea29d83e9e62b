package contracts

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// CheckRequest checks the parameters of a request to op against its
// contract: the query of a GET or the form body of a POST, in Stripe's
// bracket notation (line_items[0][price]=price_1, expand[0]=customer).
// Values are strings on the wire; each is read as the type the contract
// expects (integer, number or boolean) when it parses as one. Parameters
// the contract does not list are [KindUnknownField] violations.
//
// The error is for misuse only, as for [Set.CheckResponse].
func (s *Set) CheckRequest(op string, form url.Values) ([]Violation, error) {
	sch, err := s.opSchema(op, defRequest)
	if err != nil {
		return nil, err
	}
	return s.validate(sch, coerce(sch, parseForm(form)))
}

// parseForm nests bracket keys: a[b][0]=x becomes {"a": {"b": {"0": "x"}}}.
// Which maps are arrays is left to [coerce], which knows the schema.
func parseForm(form url.Values) map[string]any {
	root := map[string]any{}
	for _, key := range sortedKeys(form) {
		path := splitKey(key)
		for _, v := range form[key] {
			set(root, path, v)
		}
	}
	return root
}

// splitKey splits "a[b][0]" into a, b, 0. A key that is not well formed
// is kept whole, so that it is reported as an unknown parameter.
func splitKey(key string) []string {
	name, rest, ok := strings.Cut(key, "[")
	if !ok || !strings.HasSuffix(rest, "]") {
		return []string{key}
	}
	return append([]string{name}, strings.Split(strings.TrimSuffix(rest, "]"), "][")...)
}

// set stores v at path in m; an empty token ("expand[]") appends.
func set(m map[string]any, path []string, v string) {
	for i, tok := range path {
		if tok == "" {
			tok = strconv.Itoa(len(m))
		}
		if i == len(path)-1 {
			m[tok] = v
			return
		}
		next, ok := m[tok].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[tok] = next
		}
		m = next
	}
}

// coerce converts the strings and index-keyed maps of a parsed form into
// the integers, numbers, booleans and arrays that sch expects.
func coerce(sch *jsonschema.Schema, v any) any {
	alts := alternatives(sch, nil)
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
func coerceString(alts []*jsonschema.Schema, s string) any {
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
