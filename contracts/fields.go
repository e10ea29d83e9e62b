package contracts

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
)

// Fields describes what an operation's contract allows, for coverage
// reports.
type Fields struct {
	// Params are the request's top-level parameters.
	Params []string
	// Object is the Stripe object the 200 response is (for a list, the
	// object its data holds), e.g. "checkout.session" or "item".
	Object string
	// Response are the top-level fields of that object.
	Response []string
	// ParamPaths and ResponsePaths are every parameter and field down to
	// [FieldDepth] levels: dotted, with [] for a list's elements
	// ("line_items[].price_data.currency", "automatic_tax.enabled").
	// Expandable fields (customer, payment_intent, …) are not entered:
	// they are other objects. Free-form maps (metadata) have no paths
	// below them.
	ParamPaths, ResponsePaths []string
}

// FieldDepth is how many levels [Fields] paths go down.
const FieldDepth = 3

// Fields returns the parameters and response fields op's contract lists,
// sorted. It reads the contract files; call it once per operation.
func (s *Set) Fields(op string) (Fields, error) {
	if _, ok := s.manifest.Operations[op]; !ok {
		return Fields{}, s.unknown(op)
	}
	var f Fields
	req, err := s.def(s.manifest.Requests, op)
	if err != nil {
		return f, err
	}
	f.Params = keys(req.Properties)
	w := &pathWalker{set: s}
	w.walk("", req, 1, &f.ParamPaths)
	opDoc, err := s.def(s.manifest.Operations[op].File, "response_200")
	if err != nil {
		return f, err
	}
	if items, ok := opDoc.Properties["data"]; ok && items.Items != nil {
		opDoc = *items.Items // a list: cover the objects it holds
	}
	f.Object = strings.TrimPrefix(opDoc.Ref, "components/")
	obj, err := s.def(s.manifest.Components, f.Object)
	if err != nil {
		return f, err
	}
	f.Response = keys(obj.Properties)
	w.walk("", obj, 1, &f.ResponsePaths)
	if w.err != nil {
		return f, w.err
	}
	slices.Sort(f.ParamPaths)
	slices.Sort(f.ResponsePaths)
	return f, nil
}

// pathWalker lists the paths of a schema, reading the component schemas
// its x-lazy-ref keywords name from components.json (split once).
type pathWalker struct {
	set        *Set
	components map[string]json.RawMessage
	err        error
}

// walk adds the path of each property of sch under prefix, then descends.
func (w *pathWalker) walk(prefix string, sch fieldsSchema, depth int, out *[]string) {
	for _, k := range keys(sch.Properties) {
		p := jsonpath.Key(prefix, k)
		*out = append(*out, p)
		w.descend(p, sch.Properties[k], depth+1, out)
	}
}

// descend enters the value schema of the field at path p: its list
// elements, the one object a lazy reference names, or the object branches
// of an anyOf that has no id branch (one that has is an expandable field:
// an id or another object). A branch that is only the empty string is not
// an id: it is how a request parameter may also be sent empty to clear it
// (update's shipping_options, custom_text.submit), and what it holds
// otherwise is counted.
func (w *pathWalker) descend(p string, sch fieldsSchema, depth int, out *[]string) {
	if depth > FieldDepth || w.err != nil {
		return
	}
	if sch.Items != nil {
		w.descend(jsonpath.Each(p), *sch.Items, depth, out)
		return
	}
	if len(sch.LazyRef) == 1 {
		sch = w.component(sch.LazyRef[0])
	}
	if len(sch.Properties) > 0 {
		w.walk(p, sch, depth, out)
		return
	}
	if slices.ContainsFunc(sch.AnyOf, isID) {
		return
	}
	for _, b := range sch.AnyOf {
		w.descend(p, b, depth, out)
	}
}

// isID reports whether s is a string branch that can hold an id: a
// string not limited to "".
func isID(s fieldsSchema) bool {
	t, _ := s.Type.(string)
	return t == "string" && !(len(s.Enum) == 1 && s.Enum[0] == "")
}

// component decodes one schema of components.json.
func (w *pathWalker) component(name string) fieldsSchema {
	var out fieldsSchema
	if w.components == nil {
		data, err := fs.ReadFile(w.set.fsys, w.set.manifest.Components)
		if err == nil {
			w.components, err = splitDefs(data)
		}
		if err != nil {
			w.err = fmt.Errorf("contracts: %s: %w", w.set.manifest.Components, err)
			return out
		}
	}
	if err := json.Unmarshal(w.components[name], &out); err != nil {
		w.err = fmt.Errorf("contracts: %s#/$defs/%s: %w", w.set.manifest.Components, name, err)
	}
	return out
}

// fieldsSchema is the part of a schema [Set.Fields] reads.
type fieldsSchema struct {
	Ref        string                  `json:"$ref"`
	Type       any                     `json:"type"` // a name or a list of names
	Properties map[string]fieldsSchema `json:"properties"`
	Items      *fieldsSchema           `json:"items"`
	AnyOf      []fieldsSchema          `json:"anyOf"`
	LazyRef    []string                `json:"x-lazy-ref"`
	Enum       []any                   `json:"enum"`
}

// def decodes $defs[name] of a contract file.
func (s *Set) def(file, name string) (fieldsSchema, error) {
	var out fieldsSchema
	data, err := fs.ReadFile(s.fsys, file)
	if err != nil {
		return out, fmt.Errorf("contracts: %w", err)
	}
	defs, err := splitDefs(data)
	if err != nil {
		return out, fmt.Errorf("contracts: %s: %w", file, err)
	}
	raw, ok := defs[name]
	if !ok {
		return out, fmt.Errorf("contracts: %s has no $defs/%s", file, name)
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return out, fmt.Errorf("contracts: %s#/$defs/%s: %w", file, name, err)
	}
	return out, nil
}

func keys(m map[string]fieldsSchema) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
