package drift

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Shape is what a recording says about one path: the JSON types seen
// there and, for enum-like strings outside [Volatile] fields, the values.
type Shape struct {
	typ    map[string]bool
	values map[string]bool
}

// enumLike matches values worth reporting as newly seen: short lowercase
// identifiers such as "expired" or "requires_location_inputs".
var enumLike = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// ShapeOf walks a JSON body into path → [Shape], list positions written
// []. A body that is not JSON is the one path "(body)" of type "not JSON".
func ShapeOf(body string) map[string]*Shape {
	var v any
	if json.Unmarshal([]byte(body), &v) != nil {
		return map[string]*Shape{"(body)": {typ: map[string]bool{"not JSON": true}}}
	}
	out := map[string]*Shape{}
	walk(node{a: v, hasA: true}, func(n node) bool {
		if n.shape == "" {
			return true
		}
		s := out[n.shape]
		if s == nil {
			s = &Shape{typ: map[string]bool{}, values: map[string]bool{}}
			out[n.shape] = s
		}
		s.typ[JSONType(n.a)] = true
		if str, ok := n.a.(string); ok && !Volatile(n.key) && enumLike.MatchString(str) {
			s.values[str] = true
		}
		return true
	})
	return out
}

// Types lists the types seen: "integer or null".
func (s *Shape) Types() string { return strings.Join(slices.Sorted(maps.Keys(s.typ)), " or ") }

// Change is how one path changed between two recordings.
type Change struct {
	// What says what changed, e.g. `type string → integer`.
	What string
	// Breaking is true for changes that can break code written against
	// the old responses: another type, or null where there was always a
	// value.
	Breaking bool
}

// Compare says how the path went from o (the old recording) to n: a
// change of type, null appearing or going, and enum-like values newly
// seen.
func (o *Shape) Compare(n *Shape) []Change {
	var out []Change
	oT, nT := withoutNull(o.typ), withoutNull(n.typ)
	switch {
	case len(oT) > 0 && len(nT) > 0 && !maps.Equal(oT, nT):
		out = append(out, Change{fmt.Sprintf("type %s → %s", o.Types(), n.Types()), true})
	case n.typ["null"] && !o.typ["null"]:
		out = append(out, Change{"now null (was always " + o.Types() + ")", true})
	case o.typ["null"] && !n.typ["null"]:
		out = append(out, Change{"no longer null (now " + n.Types() + ")", false})
	}
	for _, v := range slices.Sorted(maps.Keys(n.values)) {
		if !o.values[v] && (len(o.values) > 0 || len(oT) == 0) {
			out = append(out, Change{fmt.Sprintf("value %q newly seen", v), false})
		}
	}
	return out
}

func withoutNull(m map[string]bool) map[string]bool {
	out := maps.Clone(m)
	delete(out, "null")
	return out
}
