package contracts

import (
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
	"github.com/checkoutvcr/checkoutvcr/internal/suggest"
)

// suggestDepth bounds the schema walk of [names].
const suggestDepth = 32

// suggestUnknown fills in the Suggest of each [KindUnknownField]
// violation in vs: the name the contract lists beside it that is closest
// to it (sucess_url → success_url), if one is close.
func suggestUnknown(root *jsonschema.Schema, vs []Violation) {
	for i, v := range vs {
		if v.Kind != KindUnknownField {
			continue
		}
		elems, err := jsonpath.Parse(v.Path)
		if err != nil || len(elems) == 0 || elems[len(elems)-1].Field == "" {
			continue
		}
		last := elems[len(elems)-1].Field
		var known []string
		names(root, elems[:len(elems)-1], 0, &known)
		vs[i].Suggest = closest(last, known)
	}
}

// names adds to out the property names that sch lists for the object at
// path, through $ref, allOf, anyOf, oneOf, properties and items.
func names(sch *jsonschema.Schema, path []jsonpath.Elem, depth int, out *[]string) {
	if sch == nil || depth > suggestDepth {
		return
	}
	names(sch.Ref, path, depth+1, out)
	for _, list := range [][]*jsonschema.Schema{sch.AllOf, sch.AnyOf, sch.OneOf} {
		for _, s := range list {
			names(s, path, depth+1, out)
		}
	}
	if len(path) == 0 {
		for name := range sch.Properties {
			if !slices.Contains(*out, name) {
				*out = append(*out, name)
			}
		}
		return
	}
	head, rest := path[0], path[1:]
	if head.Field == "" {
		names(sch.Items2020, rest, depth+1, out)
		if items, ok := sch.Items.(*jsonschema.Schema); ok {
			names(items, rest, depth+1, out)
		}
		return
	}
	names(sch.Properties[head.Field], rest, depth+1, out)
}

// closest returns the name in known closest to s by edit distance, or ""
// when none is within a third of s's length (and at most 3 edits).
func closest(s string, known []string) string {
	slices.Sort(known)
	return suggest.Closest(s, known, min(len(s)/3, 3))
}
