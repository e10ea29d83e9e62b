package clientgen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
)

// MaxTargetSchemas bounds the expansion targets that are generated: see
// the package documentation.
const MaxTargetSchemas = 100

// rootObjects are the response objects whose closure is always
// generated, with their Go names.
var rootObjects = map[string]string{"checkout.session": "Session", "item": "LineItem"}

// handWritten are names package client declares by hand; a generated type
// may not take them.
var handWritten = map[string]bool{
	"Client": true, "Options": true, "Response": true, "Error": true, "DecodeError": true,
	"Params": true, "ListParams": true, "SessionList": true, "LineItemList": true,
	"SessionService": true, "Expandable": true, "Object": true, "RequestOption": true,
}

// objectGen builds the response types.
type objectGen struct {
	spec      *openapi.Spec
	types     map[string]*goType
	generated map[string]bool   // component names generated
	names     map[string]string // component name → Go name
}

// goName is the Go name of component schema c.
func goName(c string) string {
	if n, ok := rootObjects[c]; ok {
		return n
	}
	for _, p := range []string{"payment_pages_checkout_session_", "checkout_session_"} {
		if rest, ok := strings.CutPrefix(c, p); ok {
			return "Session" + camel(rest)
		}
	}
	return camel(c)
}

// refsOf adds to out the components s refers to, without crossing an
// expandable field.
func refsOf(s any, out map[string]bool) {
	switch v := s.(type) {
	case map[string]any:
		if v["x-expansionResources"] != nil {
			return
		}
		for k, x := range v {
			if k == "$ref" {
				if n, err := openapi.ComponentName(x); err == nil {
					out[n] = true
				}
				continue
			}
			refsOf(x, out)
		}
	case []any:
		for _, x := range v {
			refsOf(x, out)
		}
	}
}

// targetsOf adds to out the objects s's expandable fields can expand into.
func targetsOf(s any, out map[string]bool) {
	switch v := s.(type) {
	case map[string]any:
		if x := mapOf(v["x-expansionResources"]); x != nil {
			for _, r := range asSlice(x["oneOf"]) {
				if n, err := openapi.ComponentName(mapOf(r)["$ref"]); err == nil {
					out[n] = true
				}
			}
		}
		for _, x := range v {
			targetsOf(x, out)
		}
	case []any:
		for _, x := range v {
			targetsOf(x, out)
		}
	}
}

// closure returns the components reachable from roots without crossing
// an expandable field.
func (g *objectGen) closure(roots ...string) map[string]bool {
	seen := map[string]bool{}
	queue := slices.Clone(roots)
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if seen[n] {
			continue
		}
		seen[n] = true
		out := map[string]bool{}
		refsOf(g.spec.Components.Schemas[n], out)
		queue = append(queue, sortedKeys(out)...)
	}
	return seen
}

// choose decides which components to generate: the roots' closure, plus
// each expansion target of it whose own closure adds at most
// [MaxTargetSchemas] schemas.
func (g *objectGen) choose() {
	base := g.closure(slices.Sorted(mapsKeys(rootObjects))...)
	targets := map[string]bool{}
	for n := range base {
		targetsOf(g.spec.Components.Schemas[n], targets)
	}
	g.generated = map[string]bool{}
	for n := range base {
		g.generated[n] = true
	}
	for _, t := range sortedKeys(targets) {
		added := 0
		c := g.closure(t)
		for n := range c {
			if !base[n] {
				added++
			}
		}
		if added <= MaxTargetSchemas {
			for n := range c {
				g.generated[n] = true
			}
		}
	}
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// generate declares every chosen component.
func (g *objectGen) generate() error {
	g.choose()
	g.names = map[string]string{}
	byGo := map[string]string{}
	for _, c := range sortedKeys(g.generated) {
		n := goName(c)
		if handWritten[n] {
			return fmt.Errorf("component %s: Go name %s is hand-written in package client", c, n)
		}
		if other, dup := byGo[n]; dup {
			return fmt.Errorf("components %s and %s both map to the Go name %s", other, c, n)
		}
		byGo[n] = c
		g.names[c] = n
	}
	for _, c := range sortedKeys(g.generated) {
		if err := g.object(g.names[c], c, g.spec.Components.Schemas[c]); err != nil {
			return err
		}
	}
	return nil
}

// object declares the struct name for an object schema.
func (g *objectGen) object(name, where string, s openapi.Schema) error {
	if _, dup := g.types[name]; dup {
		return fmt.Errorf("%s: two types named %s", where, name)
	}
	t := &goType{name: name}
	t.doc = name + " is Stripe's " + where + " object."
	if d := docText(str(s["description"])); d != "" {
		t.doc += " " + d
	}
	g.types[name] = t
	required := map[string]bool{}
	for _, r := range asSlice(s["required"]) {
		required[str(r)] = true
	}
	props := mapOf(s["properties"])
	for _, key := range sortedKeys(props) {
		p := mapOf(props[key])
		fname := camel(key)
		typ, err := g.typeOf(name+fname, where+"."+key, p)
		if err != nil {
			return err
		}
		optional := !required[key]
		if nullable(p) || optional {
			if isScalar(typ) {
				typ = "*" + typ
			}
		}
		tag := fmt.Sprintf(`json:"%s"`, key)
		if optional && strings.HasPrefix(typ, "*") {
			tag = fmt.Sprintf(`json:"%s,omitempty"`, key)
		}
		t.fields = append(t.fields, field{name: fname, wire: key, typ: typ, tag: tag,
			doc: sentence(fname, str(p["description"]), "the "+key+" field.")})
	}
	if _, root := rootObjects[where]; root {
		t.extra = []string{
			"\n\t// Raw is the object's JSON exactly as received, including fields\n\t// the typed ones do not model; Get reads it by path.\n\tRaw json.RawMessage `json:\"-\"`",
			"\t// Response is the exchange this object came from (see the\n\t// service methods for when it is set).\n\tResponse *Response `json:\"-\"`",
			"\t// client is the client the object came from, for the instance\n\t// methods.\n\tclient *Client",
		}
	}
	return nil
}

// typeOf returns the Go type of a response field schema (without the
// pointer that nullable or optional scalars get).
func (g *objectGen) typeOf(name, where string, s openapi.Schema) (string, error) {
	if x := mapOf(s["x-expansionResources"]); x != nil {
		target := "Object"
		for _, r := range asSlice(x["oneOf"]) {
			if n, err := openapi.ComponentName(mapOf(r)["$ref"]); err == nil && g.generated[n] {
				target = g.names[n]
				break
			}
		}
		return "*Expandable[" + target + "]", nil
	}
	if ref := s["$ref"]; ref != nil {
		n, err := openapi.ComponentName(ref)
		if err != nil {
			return "", fmt.Errorf("%s: %w", where, err)
		}
		if !g.generated[n] {
			return "json.RawMessage", nil
		}
		return "*" + g.names[n], nil
	}
	if v := asSlice(s["anyOf"]); v != nil {
		if len(v) == 1 {
			return g.typeOf(name, where, mapOf(v[0]))
		}
		return "json.RawMessage", nil
	}
	switch str(s["type"]) {
	case "string":
		vals := enumValues(s)
		if len(vals) == 0 || (strings.HasSuffix(where, ".object") && len(vals) == 1) {
			return "string", nil
		}
		if _, dup := g.types[name]; dup {
			return "", fmt.Errorf("%s: two types named %s", where, name)
		}
		g.types[name] = &goType{name: name, isEnum: true, enum: vals,
			doc: fmt.Sprintf("%s is a value of %s.", name, where)}
		return name, nil
	case "integer":
		return "int64", nil
	case "number":
		return "float64", nil
	case "boolean":
		return "bool", nil
	case "array":
		elem, err := g.typeOf(name, where+"[]", mapOf(s["items"]))
		if err != nil {
			return "", err
		}
		return "[]" + elem, nil
	case "object":
		props := mapOf(s["properties"])
		if len(props) == 0 {
			return mapType(s), nil
		}
		if isItemList(props) {
			return "*LineItemList", nil
		}
		if err := g.object(name, where, s); err != nil {
			return "", err
		}
		return "*" + name, nil
	}
	return "json.RawMessage", nil
}

// isItemList reports whether props are those of a list of line items.
func isItemList(props map[string]any) bool {
	items := mapOf(mapOf(props["data"])["items"])
	return props["has_more"] != nil && str(items["$ref"]) == openapi.ComponentsPrefix+"item"
}

// nullable reports the spec's nullable flag.
func nullable(s openapi.Schema) bool { b, _ := s["nullable"].(bool); return b }

// isScalar reports whether a Go type gets a pointer when nullable: not
// already a pointer, slice, map or raw JSON.
func isScalar(typ string) bool {
	return !strings.HasPrefix(typ, "*") && !strings.HasPrefix(typ, "[]") && !strings.HasPrefix(typ, "map[") && typ != "json.RawMessage"
}

// mapType is the Go type of an object schema s that lists no properties:
// map[string]string when its additionalProperties are strings, else
// map[string]any.
func mapType(s map[string]any) string {
	if ap := mapOf(s["additionalProperties"]); str(ap["type"]) == "string" {
		return "map[string]string"
	}
	return "map[string]any"
}
