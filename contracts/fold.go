package contracts

import (
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
)

// foldedFields turns each [KindUnknownField] violation in vs whose name is
// a case variant of a field the contract lists at the same place, present
// in the same object ("AMOUNT_TOTAL" beside "amount_total"), into a
// [KindClientDecode] error. A Go client decodes with encoding/json, which
// matches object keys to its struct fields case-insensitively: both keys
// set the one field, the last one wins, and the client reads a value the
// contract never checked. Only objects whose contract lists properties
// count; a map such as metadata may hold "order" and "ORDER".
func foldedFields(root *jsonschema.Schema, v any, vs []Violation) {
	for i, vi := range vs {
		if vi.Kind != KindUnknownField {
			continue
		}
		elems, err := jsonpath.Parse(vi.Path)
		if err != nil || len(elems) == 0 || elems[len(elems)-1].Field == "" {
			continue
		}
		parent, name := elems[:len(elems)-1], elems[len(elems)-1].Field
		obj, ok := valueAt(v, parent).(map[string]any)
		if !ok {
			continue
		}
		var known []string
		names(root, parent, 0, &known)
		for _, field := range known {
			if field == name || !strings.EqualFold(field, name) {
				continue
			}
			others := foldedKeys(obj, field)
			if len(others) < 2 {
				continue
			}
			vs[i].Kind = KindClientDecode
			vs[i].Want = fmt.Sprintf("one key for field %q: a Go client (encoding/json) matches keys case-insensitively, so %s all set it and the last one wins", field, strings.Join(others, ", "))
			break
		}
	}
}

// foldedKeys returns the keys of obj that encoding/json would decode into
// the struct field named field, quoted, in sorted order.
func foldedKeys(obj map[string]any, field string) []string {
	var out []string
	for k := range obj {
		if strings.EqualFold(k, field) {
			out = append(out, fmt.Sprintf("%q", k))
		}
	}
	slices.Sort(out)
	return out
}

// valueAt returns the value at path in v, or nil.
func valueAt(v any, path []jsonpath.Elem) any {
	for _, e := range path {
		switch x := v.(type) {
		case map[string]any:
			if e.Field == "" {
				return nil
			}
			v = x[e.Field]
		case []any:
			if e.Field != "" || e.Index < 0 || e.Index >= len(x) {
				return nil
			}
			v = x[e.Index]
		default:
			return nil
		}
	}
	return v
}
