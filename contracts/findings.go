package contracts

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// violations turns a validation error tree about inst into a sorted list
// of violations, one per broken rule.
func violations(ve *jsonschema.ValidationError, inst any) []Violation {
	c := collector{inst: inst}
	c.walk(ve)
	return c.result()
}

// collector flattens a [jsonschema.ValidationError] tree.
type collector struct {
	inst any
	out  []Violation
}

// walk converts e, descending through the nodes that only group others.
func (c *collector) walk(e *jsonschema.ValidationError) {
	switch k := e.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		c.alternatives(e)
	case *kind.Required:
		for _, name := range k.Missing {
			c.add(e, KindMissingField, append(slices.Clip(e.InstanceLocation), name), "required by "+schemaName(e.SchemaURL), "absent")
		}
	case *kind.AdditionalProperties:
		for _, name := range k.Properties {
			loc := append(slices.Clip(e.InstanceLocation), name)
			c.add(e, KindUnknownField, loc, "not listed in the contract", gotValue(c.at(loc)))
		}
	default:
		if len(e.Causes) > 0 {
			for _, cause := range e.Causes {
				c.walk(cause)
			}
			return
		}
		c.leaf(e)
	}
}

// leaf converts an error about the value itself.
func (c *collector) leaf(e *jsonschema.ValidationError) {
	v := c.at(e.InstanceLocation)
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		kd := KindWrongType
		if v == nil {
			kd = KindNullNotAllowed
		}
		c.add(e, kd, e.InstanceLocation, typeList(k.Want), typedValue(v))
	case *kind.Enum:
		c.add(e, KindNotInEnum, e.InstanceLocation, "one of "+listValues(k.Want), gotValue(v))
	case *kind.Const:
		c.add(e, KindNotInEnum, e.InstanceLocation, gotValue(k.Want), gotValue(v))
	default:
		c.add(e, KindConstraint, e.InstanceLocation, constraint(e.ErrorKind), gotValue(v))
	}
}

// alternatives handles a failed anyOf/oneOf: the branches that rejected
// the value's type are noise when another branch accepted the type (an
// expanded object under a field that may also be an id string), so the
// violations come from the best of the others; if every branch rejected
// the type, the violation is one wrong type naming all allowed types.
func (c *collector) alternatives(e *jsonschema.ValidationError) {
	var best *jsonschema.ValidationError
	var want []string
	for _, b := range e.Causes {
		if t := rootTypeError(b, e.InstanceLocation); t != nil {
			want = append(want, t.Want...)
			continue
		}
		if best == nil || countLeaves(b) < countLeaves(best) {
			best = b
		}
	}
	if best != nil {
		c.walk(best)
		return
	}
	v := c.at(e.InstanceLocation)
	kd := KindWrongType
	if v == nil {
		kd = KindNullNotAllowed
	}
	c.add(e, kd, e.InstanceLocation, typeList(want), typedValue(v))
}

// typeList renders JSON types as "integer or null": sorted, null last.
func typeList(types []string) string {
	types = slices.Clone(types)
	slices.SortFunc(types, func(a, b string) int {
		return cmp.Or(cmp.Compare(isNull(a), isNull(b)), cmp.Compare(a, b))
	})
	return strings.Join(slices.Compact(types), " or ")
}

func isNull(t string) int {
	if t == "null" {
		return 1
	}
	return 0
}

// rootTypeError returns the type error of a branch that failed only
// because of the type of the value at loc, or nil.
func rootTypeError(e *jsonschema.ValidationError, loc []string) *kind.Type {
	if len(e.Causes) == 1 {
		switch e.ErrorKind.(type) {
		case *kind.Group, *kind.Schema, *kind.Reference:
			return rootTypeError(e.Causes[0], loc)
		}
	}
	t, ok := e.ErrorKind.(*kind.Type)
	if !ok || !slices.Equal(e.InstanceLocation, loc) {
		return nil
	}
	return t
}

// add records one violation.
func (c *collector) add(e *jsonschema.ValidationError, k Kind, loc []string, want, got string) {
	c.out = append(c.out, Violation{
		Kind:   k,
		Path:   jsonPath(c.inst, loc),
		Want:   want,
		Got:    got,
		Schema: schemaLocation(e.SchemaURL),
	})
}

// at returns the value at loc in the instance, nil if there is none.
func (c *collector) at(loc []string) any {
	v := c.inst
	for _, tok := range loc {
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			var i int
			if _, err := fmt.Sscan(tok, &i); err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// result sorts and de-duplicates the violations. A value of the wrong type
// also tends to break the rules meant for the right type (an enum of
// strings, a maxLength); only the type is reported.
func (c *collector) result() []Violation {
	typed := map[string]bool{}
	for _, v := range c.out {
		if v.Kind == KindWrongType || v.Kind == KindNullNotAllowed {
			typed[v.Path] = true
		}
	}
	out := slices.DeleteFunc(c.out, func(v Violation) bool {
		return typed[v.Path] && (v.Kind == KindNotInEnum || v.Kind == KindConstraint)
	})
	return slices.CompactFunc(sortViolations(out), func(a, b Violation) bool { return a == b })
}

// sortViolations sorts vs by Path, then Kind, keeping the order of equal
// ones, and returns it.
func sortViolations(vs []Violation) []Violation {
	slices.SortStableFunc(vs, func(a, b Violation) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Kind, b.Kind))
	})
	return vs
}
