package contractgen

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
)

// lazyRefKeyword is the custom keyword that replaces, inside
// components.json, references to object schemas and the object branches of
// expandable fields: {"type": "object", "x-lazy-ref": ["customer",
// "deleted_customer"]}. Package contracts implements it by compiling the
// named schemas when a value first needs them.
const lazyRefKeyword = "x-lazy-ref"

// keptKeywords are copied to the JSON Schema unchanged.
var keptKeywords = map[string]bool{
	"type": true, "enum": true, "required": true, "maxLength": true,
	"minLength": true, "pattern": true, "maximum": true, "minimum": true,
	"maxItems": true, "minItems": true, "const": true,
}

// droppedKeywords are documentation or OpenAPI-only keywords that the
// contracts do not need. Vendor extensions (x-*) are dropped as well.
var droppedKeywords = map[string]bool{
	"description": true, "title": true, "example": true, "nullable": true,
	"format": true, "deprecated": true,
}

// converter turns OpenAPI 3.0 schemas into JSON Schema 2020-12 and records
// which component schemas the result refers to.
type converter struct {
	// refPrefix is what a reference to component X becomes, prefixed to
	// X: "" inside components.json, where each schema is the embedded
	// resource "components/X", and "components/" in the operation files.
	refPrefix string
	// refs collects the names of every component referred to, statically
	// or through [lazyRefKeyword].
	refs map[string]bool
	// lazy holds the component names whose plain references become
	// [lazyRefKeyword]; nil means none.
	lazy map[string]bool
	// alwaysPresent counts the properties added to required lists from
	// the always-present spec (see [alwaysPresent]).
	alwaysPresent int
}

func newConverter(refPrefix string, lazy map[string]bool) *converter {
	return &converter{refPrefix: refPrefix, refs: map[string]bool{}, lazy: lazy}
}

// schema converts one schema; at is its location, for errors. sdk is the
// schema at the same place in the always-present spec, nil for none.
func (c *converter) schema(in, sdk map[string]any, at string) (map[string]any, error) {
	if _, ok := in["x-expansionResources"]; ok {
		return c.expandable(in, sdk, at)
	}
	if name, ok := c.lazyRef(in); ok {
		c.refs[name] = true
		return map[string]any{"type": "object", lazyRefKeyword: []any{name}}, nil
	}
	out := map[string]any{}
	for _, k := range slices.Sorted(maps.Keys(in)) {
		if err := c.keyword(out, k, in[k], sdk[k], at+"/"+k); err != nil {
			return nil, err
		}
	}
	if props, ok := in["properties"].(map[string]any); ok {
		if req, n := alwaysPresent(in["required"], sdk["required"], props); n > 0 {
			out["required"] = req
			c.alwaysPresent += n
		}
	}
	if _, ok := out["properties"]; ok {
		if _, ok := out["additionalProperties"]; !ok {
			out["additionalProperties"] = false
		}
	}
	if in["nullable"] == true {
		out = nullable(out)
	}
	return out, nil
}

// keyword converts the keyword k with value v into out; sdk is the same
// keyword's value in the always-present spec, nil for none.
func (c *converter) keyword(out map[string]any, k string, v, sdk any, at string) error {
	switch {
	case keptKeywords[k]:
		out[k] = v
	case droppedKeywords[k], strings.HasPrefix(k, "x-"):
	case k == "$ref":
		ref, err := c.ref(v, at)
		out[k] = ref
		return err
	case k == "properties":
		m, err := c.schemaMap(v, sdk, at)
		out[k] = m
		return err
	case k == "items", k == "additionalProperties":
		s, err := c.subschema(v, sdk, at)
		out[k] = s
		return err
	case k == "anyOf", k == "oneOf", k == "allOf":
		l, err := c.schemaList(v, sdk, at)
		out[k] = l
		return err
	default:
		return fmt.Errorf("%s: unsupported keyword %q", at, k)
	}
	return nil
}

// subschema converts a value that is a schema or a boolean; sdk is its
// counterpart in the always-present spec, if any.
func (c *converter) subschema(v, sdk any, at string) (any, error) {
	if b, ok := v.(bool); ok {
		return b, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: schema is %T, want object", at, v)
	}
	sm, _ := sdk.(map[string]any)
	return c.schema(m, sm, at)
}

func (c *converter) schemaMap(v, sdk any, at string) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: %T, want object", at, v)
	}
	sm, _ := sdk.(map[string]any)
	out := make(map[string]any, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		s, err := c.subschema(m[k], sm[k], at+"/"+k)
		if err != nil {
			return nil, err
		}
		out[k] = s
	}
	return out, nil
}

// schemaList converts a list of schemas (anyOf, oneOf, allOf). The
// always-present spec's list is followed only when it has as many
// branches, so that a beta-only branch never pairs with the wrong one.
func (c *converter) schemaList(v, sdk any, at string) ([]any, error) {
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: %T, want array", at, v)
	}
	sl, _ := sdk.([]any)
	if len(sl) != len(l) {
		sl = nil
	}
	out := make([]any, len(l))
	for i, e := range l {
		var se any
		if sl != nil {
			se = sl[i]
		}
		s, err := c.subschema(e, se, fmt.Sprintf("%s/%d", at, i))
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// ref rewrites a component reference and records it.
func (c *converter) ref(v any, at string) (string, error) {
	name, err := openapi.ComponentName(v)
	if err != nil {
		return "", fmt.Errorf("%s: %w", at, err)
	}
	c.refs[name] = true
	return c.refPrefix + name, nil
}

// lazyRef reports whether in is a plain reference to a lazy component,
// and which.
func (c *converter) lazyRef(in map[string]any) (string, bool) {
	ref, ok := in["$ref"]
	if !ok || len(in) != 1 {
		return "", false
	}
	name, err := openapi.ComponentName(ref)
	return name, err == nil && c.lazy[name]
}

// expandable converts a field that holds either an id or, when the request
// asked to expand it, the object itself. The object branches become one
// {"type": "object", "x-lazy-ref": [names...]} branch.
func (c *converter) expandable(in, sdk map[string]any, at string) (map[string]any, error) {
	branches, ok := in["anyOf"].([]any)
	if !ok {
		return nil, fmt.Errorf("%s: expandable field without anyOf", at)
	}
	sdkBranches, _ := sdk["anyOf"].([]any)
	if len(sdkBranches) != len(branches) {
		sdkBranches = nil
	}
	var anyOf []any
	var names []any
	for i, b := range branches {
		bm, _ := b.(map[string]any)
		if ref, ok := bm["$ref"]; ok && len(bm) == 1 {
			name, err := openapi.ComponentName(ref)
			if err != nil {
				return nil, fmt.Errorf("%s/anyOf/%d: %w", at, i, err)
			}
			c.refs[name] = true
			names = append(names, name)
			continue
		}
		var sb any
		if sdkBranches != nil {
			sb = sdkBranches[i]
		}
		s, err := c.subschema(b, sb, fmt.Sprintf("%s/anyOf/%d", at, i))
		if err != nil {
			return nil, err
		}
		anyOf = append(anyOf, s)
	}
	if len(names) > 0 {
		anyOf = append(anyOf, map[string]any{"type": "object", lazyRefKeyword: names})
	}
	out := map[string]any{"anyOf": anyOf}
	if in["nullable"] == true {
		out = nullable(out)
	}
	return out, nil
}

// nullable makes s also accept null, the JSON Schema way.
func nullable(s map[string]any) map[string]any {
	switch t := s["type"].(type) {
	case string:
		s["type"] = []any{t, "null"}
		if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, any(nil)) {
			s["enum"] = append(slices.Clip(enum), nil)
		}
		return s
	case nil:
	default:
		return s // already a list; Stripe does not use this form
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		s["anyOf"] = append(slices.Clip(anyOf), map[string]any{"type": "null"})
		return s
	}
	if ref, ok := s["$ref"]; ok && len(s) == 1 {
		return map[string]any{"anyOf": []any{map[string]any{"$ref": ref}, map[string]any{"type": "null"}}}
	}
	return s
}

// alwaysPresent returns the required list of an object schema with
// properties props: its own list (required, from the main spec), then,
// in the always-present spec's order, each name of sdkRequired that is
// one of props and not yet listed. Properties only the always-present
// spec has (beta ones) stay out. n counts the names added; when it is 0
// the list is unchanged.
func alwaysPresent(required, sdkRequired any, props map[string]any) (list []any, n int) {
	own, _ := required.([]any)
	extra, _ := sdkRequired.([]any)
	list = slices.Clone(own)
	for _, name := range extra {
		s, ok := name.(string)
		if _, known := props[s]; !ok || !known || slices.Contains(list, name) {
			continue
		}
		list = append(list, name)
		n++
	}
	return list, n
}
