package contracts

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
)

// int64Depth bounds the walk of [Set.int64Violations].
const int64Depth = 64

// int64Want is what a [KindWrongType] violation of [Set.int64Violations]
// wants.
const int64Want = "integer (digits only, within int64)"

// CheckIntegers returns the violations of [Set.CheckValue] for v, a
// response of op with status, that are integers a Go client's int64
// cannot hold ([KindWrongType] at each one's path), and nothing else: the
// check record makes before saving a response, which must never hold a
// number the client would fail to decode, whatever fields the client
// models. A status the contract does not document has none.
func (s *Set) CheckIntegers(op string, status int, v any) ([]Violation, error) {
	sch, _, err := s.responseSchema(op, status)
	if sch == nil {
		return nil, err
	}
	return s.int64Violations(sch, v), nil
}

// int64Violations returns a [KindWrongType] violation at each place where
// the response contract says integer and v holds a number that JSON
// Schema accepts as one but a Go client's int64 cannot hold: a fraction
// written as 2000.0, an exponent (1e2), or a value beyond int64's range
// (1e400, 99999999999999999999999999999). Clients decode Stripe's
// integers into int64; encoding/json refuses each of these.
func (s *Set) int64Violations(sch *jsonschema.Schema, v any) []Violation {
	if !hasNonInt64(v, 0) {
		return nil // the common case: no schema walk
	}
	var out []Violation
	s.walkInt64(sch, v, "", 0, &out)
	return out
}

func (s *Set) walkInt64(sch *jsonschema.Schema, v any, path string, depth int, out *[]Violation) {
	if sch == nil || depth > int64Depth {
		return
	}
	if n, ok := v.(json.Number); ok && integerOnly(sch) && !fitsInt64(string(n)) {
		if !slices.ContainsFunc(*out, func(x Violation) bool { return x.Path == path }) {
			*out = append(*out, Violation{Kind: KindWrongType, Path: path, Want: int64Want, Got: "number " + string(n)})
		}
	}
	s.walkInt64(sch.Ref, v, path, depth+1, out)
	for _, list := range [][]*jsonschema.Schema{sch.AllOf, sch.AnyOf, sch.OneOf} {
		for _, b := range list {
			s.walkInt64(b, v, path, depth+1, out)
		}
	}
	switch x := v.(type) {
	case map[string]any:
		for k, child := range x {
			sub, ok := sch.Properties[k]
			if !ok {
				sub, _ = sch.AdditionalProperties.(*jsonschema.Schema)
			}
			s.walkInt64(sub, child, jsonpath.Key(path, k), depth+1, out)
		}
		for _, ext := range sch.Extensions {
			if lz, ok := ext.(*lazyRefExt); ok {
				first, _ := lz.split(x)
				for _, name := range first {
					if c, err := s.component(name); err == nil {
						s.walkInt64(c, v, path, depth+1, out)
					}
				}
			}
		}
	case []any:
		items := sch.Items2020
		if items == nil {
			items, _ = sch.Items.(*jsonschema.Schema)
		}
		for i, child := range x {
			s.walkInt64(items, child, jsonpath.Index(path, strconv.Itoa(i)), depth+1, out)
		}
	}
}

// hasNonInt64 reports whether v holds a number that is not an int64
// literal: only then can [Set.int64Violations] find anything.
func hasNonInt64(v any, depth int) bool {
	if depth > int64Depth {
		return true
	}
	switch x := v.(type) {
	case json.Number:
		return !fitsInt64(string(x))
	case map[string]any:
		for _, c := range x {
			if hasNonInt64(c, depth+1) {
				return true
			}
		}
	case []any:
		for _, c := range x {
			if hasNonInt64(c, depth+1) {
				return true
			}
		}
	}
	return false
}

// integerOnly reports whether sch's type allows integer but not number.
func integerOnly(sch *jsonschema.Schema) bool {
	if sch.Types == nil {
		return false
	}
	types := sch.Types.ToStrings()
	return slices.Contains(types, "integer") && !slices.Contains(types, "number")
}

// fitsInt64 reports whether a JSON number literal is an integer an int64
// holds, written with digits only.
func fitsInt64(lit string) bool {
	_, err := strconv.ParseInt(lit, 10, 64)
	return err == nil
}
