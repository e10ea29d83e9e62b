package contracts

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Shape is the structure of the values a contract allows, read from its
// JSON Schema: enough to walk a body at a version, prune it to the
// fields the version has, and read enum values. It is a read-only view;
// references to component schemas stay names ([Shape.Refs]) that
// [Set.Component] resolves, so a Shape is never cyclic.
type Shape struct {
	// Types are the JSON types allowed ("object", "string", "integer",
	// "number", "boolean", "array", "null"); empty means any, or see
	// AnyOf.
	Types []string
	// Properties are an object's fields, by name; nil for a value that
	// is not an object with listed fields (a free-form map such as
	// metadata, a string).
	Properties map[string]*Shape
	// Closed is true when fields beyond Properties are not allowed
	// ("additionalProperties": false): a field of a body that Properties
	// lacks is not in this version.
	Closed bool
	// Required are the fields that are always present.
	Required []string
	// Enum are the allowed values (strings, and nil for null) when the
	// schema lists them; nil means any.
	Enum []any
	// Items is an array's element shape.
	Items *Shape
	// AnyOf are the alternatives, e.g. an id string, an expanded object
	// (by Refs) or null.
	AnyOf []*Shape
	// Refs name component schemas ([Set.Component]) the value is one of:
	// an object behind an expandable field ("customer",
	// "deleted_customer"), or the object a $ref points to.
	Refs []string
}

// EnumStrings returns the string values of sh.Enum, in order.
func (sh *Shape) EnumStrings() []string {
	var out []string
	for _, v := range sh.Enum {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// rawShape is a schema as the contract files encode it.
type rawShape struct {
	Ref                  string              `json:"$ref"`
	Type                 any                 `json:"type"`
	Properties           map[string]rawShape `json:"properties"`
	AdditionalProperties any                 `json:"additionalProperties"`
	Required             []string            `json:"required"`
	Items                *rawShape           `json:"items"`
	AnyOf                []rawShape          `json:"anyOf"`
	LazyRef              []string            `json:"x-lazy-ref"`
	Enum                 []any               `json:"enum"`
}

// shape converts r.
func (r *rawShape) shape() *Shape {
	sh := &Shape{Required: r.Required, Enum: r.Enum, Refs: r.LazyRef}
	switch t := r.Type.(type) {
	case string:
		sh.Types = []string{t}
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok {
				sh.Types = append(sh.Types, s)
			}
		}
	}
	if r.Ref != "" {
		sh.Refs = append(sh.Refs, refName(r.Ref))
	}
	if r.Properties != nil {
		sh.Properties = make(map[string]*Shape, len(r.Properties))
		for k, p := range r.Properties {
			sh.Properties[k] = p.shape()
		}
	}
	if b, ok := r.AdditionalProperties.(bool); ok && !b {
		sh.Closed = true
	}
	if r.Items != nil {
		sh.Items = r.Items.shape()
	}
	for _, b := range r.AnyOf {
		sh.AnyOf = append(sh.AnyOf, b.shape())
	}
	return sh
}

// refName is the component a $ref names: "components/X" or
// "../components/X" is X.
func refName(ref string) string {
	if i := strings.LastIndex(ref, componentsDir); i >= 0 {
		return ref[i+len(componentsDir):]
	}
	return ref
}

// shapes caches a Set's components as Shapes.
type shapes struct {
	once sync.Once
	defs map[string]json.RawMessage
	err  error

	mu    sync.Mutex
	cache map[string]*Shape // components, by name
	ops   map[string]*Shape // operations' definitions, by op and def

	catalogOnce sync.Once // the catalog's bundle, split on first use
	catalog     map[string]json.RawMessage
	catalogErr  error
}

// Component returns the shape of the component schema called name, e.g.
// "checkout.session" (the object), or "checkout_session_custom_text".
// Component schemas are the $defs of components.json; at an older
// version, those its operations reach.
func (s *Set) Component(name string) (*Shape, error) {
	c := &s.shapes
	c.once.Do(func() {
		data, err := fs.ReadFile(s.fsys, s.manifest.Components)
		if err == nil {
			c.defs, err = splitDefs(data)
		}
		if err != nil {
			c.err = fmt.Errorf("contracts: %s: %w", s.manifest.Components, err)
		}
		c.cache = map[string]*Shape{}
	})
	if c.err != nil {
		return nil, c.err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if sh, ok := c.cache[name]; ok {
		return sh, nil
	}
	raw, ok := c.defs[name]
	if !ok {
		return nil, fmt.Errorf("contracts: %s (%s) has no component %q", s.manifest.Components, s.APIVersion(), name)
	}
	var r rawShape
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("contracts: %s#/$defs/%s: %w", s.manifest.Components, name, err)
	}
	sh := r.shape()
	c.cache[name] = sh
	return sh, nil
}

// ResponseShape returns the shape of op's 200 response (for
// "retrieve": Refs ["checkout.session"]). op is one of [Set.Operations],
// or an operation of the catalog ("GetEvents").
func (s *Set) ResponseShape(op string) (*Shape, error) { return s.opShape(op, defOK) }

// RequestShape returns the shape of op's request parameters: an object
// whose Properties are the parameters. op is as for [Set.ResponseShape].
func (s *Set) RequestShape(op string) (*Shape, error) { return s.opShape(op, defRequest) }

// opShape is op's definition def as a Shape, read and converted once per
// Set: the local server prunes every answer at an older version with it,
// and the upgrade planner compares every exchange.
func (s *Set) opShape(op, def string) (*Shape, error) {
	c := &s.shapes
	key := op + "\x00" + def
	c.mu.Lock()
	sh, ok := c.ops[key]
	c.mu.Unlock()
	if ok {
		return sh, nil
	}
	r, err := s.opDef(op, def)
	if err != nil {
		return nil, err
	}
	sh = r.shape()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ops == nil {
		c.ops = map[string]*Shape{}
	}
	if prev, ok := c.ops[key]; ok {
		return prev, nil
	}
	c.ops[key] = sh
	return sh, nil
}

// opDef decodes the definition def of op: from the operation's file and
// requests.json for the manifest's operations, from its resource in the
// catalog's bundle (split once per Set) for the others.
func (s *Set) opDef(op, def string) (*rawShape, error) {
	if e, ok := s.manifest.Operations[op]; ok {
		if def == defRequest {
			return s.rawDef(s.manifest.Requests, op)
		}
		return s.rawDef(e.File, def)
	}
	if _, ok := s.entry(op); !ok {
		return nil, s.unknown(op)
	}
	c := &s.shapes
	c.catalogOnce.Do(func() {
		file, err := s.bundleFile()
		var data []byte
		if err == nil {
			data, err = fs.ReadFile(s.fsys, file)
		}
		if err == nil {
			c.catalog, err = splitDefs(data)
		}
		if err != nil {
			c.catalogErr = fmt.Errorf("contracts: catalog: %w", err)
		}
	})
	if c.catalogErr != nil {
		return nil, c.catalogErr
	}
	defs, err := splitDefs(c.catalog[op])
	if err != nil {
		return nil, fmt.Errorf("contracts: catalog: %s: %w", op, err)
	}
	raw, ok := defs[def]
	if !ok {
		return nil, fmt.Errorf("contracts: catalog: %s has no $defs/%s", op, def)
	}
	var r rawShape
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("contracts: catalog: %s#/$defs/%s: %w", op, def, err)
	}
	return &r, nil
}

// rawDef decodes $defs[name] of a contract file.
func (s *Set) rawDef(file, name string) (*rawShape, error) {
	data, err := fs.ReadFile(s.fsys, file)
	if err != nil {
		return nil, fmt.Errorf("contracts: %w", err)
	}
	defs, err := splitDefs(data)
	if err != nil {
		return nil, fmt.Errorf("contracts: %s: %w", file, err)
	}
	raw, ok := defs[name]
	if !ok {
		return nil, fmt.Errorf("contracts: %s has no $defs/%s", file, name)
	}
	var r rawShape
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("contracts: %s#/$defs/%s: %w", file, name, err)
	}
	return &r, nil
}

// Objects returns the object shapes sh allows, its references resolved:
// itself when it lists properties, and those of its Refs and AnyOf
// branches. An expandable field gives its expanded objects.
func (s *Set) Objects(sh *Shape) ([]*Shape, error) {
	var out []*Shape
	var walk func(sh *Shape, depth int) error
	walk = func(sh *Shape, depth int) error {
		if sh == nil || depth > 8 {
			return nil
		}
		if sh.Properties != nil {
			out = append(out, sh)
		}
		for _, name := range sh.Refs {
			c, err := s.Component(name)
			if err != nil {
				return err
			}
			if err := walk(c, depth+1); err != nil {
				return err
			}
		}
		for _, b := range sh.AnyOf {
			if err := walk(b, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	err := walk(sh, 0)
	return out, err
}

// ItemsOf returns the element shape of an array sh allows (itself or an
// AnyOf branch), or nil.
func (s *Set) ItemsOf(sh *Shape) *Shape {
	if sh == nil {
		return nil
	}
	if sh.Items != nil {
		return sh.Items
	}
	for _, b := range sh.AnyOf {
		if it := s.ItemsOf(b); it != nil {
			return it
		}
	}
	for _, name := range sh.Refs {
		if c, err := s.Component(name); err == nil && c.Items != nil {
			return c.Items
		}
	}
	return nil
}

// ObjectFor returns the object shape of sh that the decoded object v
// looks like: the one of [Set.Objects] that lists the most of v's
// fields (the first among equals), or nil when sh allows no object with
// listed fields.
func (s *Set) ObjectFor(sh *Shape, v map[string]any) (*Shape, error) {
	objs, err := s.Objects(sh)
	if err != nil || len(objs) == 0 {
		return nil, err
	}
	best, bestN := objs[0], -1
	for _, o := range objs {
		n := 0
		for k := range v {
			if _, ok := o.Properties[k]; ok {
				n++
			}
		}
		if n > bestN {
			best, bestN = o, n
		}
	}
	return best, nil
}

// Prune removes, in place, every field of the decoded body v that the
// shape sh does not have at s's version (an object's field beyond the
// Properties of a Closed shape), at every depth, following lists,
// alternatives and expanded objects. Free-form maps (metadata) are left
// as they are. v is what [DecodeJSON] or encoding/json makes of a body.
//
// With [Set.ResponseShape], Prune renders a body of a newer version in
// the field set of s's: what a server answering at s's version would
// not send is gone. Enum values are not changed (see [Shape.Enum]).
func (s *Set) Prune(sh *Shape, v any) error {
	return s.prune(sh, v, 0)
}

// PruneResponse is [Set.Prune] with op's 200 response shape.
func (s *Set) PruneResponse(op string, v any) error {
	sh, err := s.ResponseShape(op)
	if err != nil {
		return err
	}
	return s.Prune(sh, v)
}

func (s *Set) prune(sh *Shape, v any, depth int) error {
	if sh == nil || depth > 64 {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		obj, err := s.ObjectFor(sh, x)
		if err != nil || obj == nil {
			return err
		}
		for _, k := range slices.Collect(maps.Keys(x)) {
			p, ok := obj.Properties[k]
			if !ok {
				if obj.Closed {
					delete(x, k)
				}
				continue
			}
			if err := s.prune(p, x[k], depth+1); err != nil {
				return err
			}
		}
	case []any:
		it := s.ItemsOf(sh)
		for _, e := range x {
			if err := s.prune(it, e, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}
