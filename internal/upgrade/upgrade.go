// Package upgrade tells what moving from one Stripe API version to
// another changes in the fields recorded exchanges actually carry and
// send: fields removed or added, enum values gone or new, request
// parameters that disappear or become required, each with the pair of
// specs between which it changed. verify -upgrade-to reports it.
//
// It compares the contracts of every version the library holds from the
// recording's version to the target ([contracts.Library]), walking each
// recorded body and form along their shapes ([contracts.Shape]): only
// what a recording holds is compared, never the whole spec.
package upgrade

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/client/form"
	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
)

// What is the sort of a [Change].
type What string

// The sorts of change.
const (
	// FieldRemoved is a field a recorded response carries that the
	// target's object does not have.
	FieldRemoved What = "field_removed"
	// FieldAdded is a field the target always sends in an object a
	// recorded response carries, which the recording's version lacks.
	FieldAdded What = "field_added"
	// ValueGone is a recorded enum value the target does not have.
	ValueGone What = "value_gone"
	// ValueNew lists the values of a recorded enum field that the target
	// has and the recording's version lacks.
	ValueNew What = "value_new"
	// ParamRemoved is a parameter a recorded request sends that the
	// target does not accept.
	ParamRemoved What = "param_removed"
	// ParamValueGone is a value a recorded request sends for an enum
	// parameter that the target does not accept.
	ParamValueGone What = "param_value_gone"
	// ParamRequired is a parameter the target requires that the
	// recording's version did not and the recorded request does not send.
	ParamRequired What = "param_required"
)

// Change is one difference between a recording's version and the target
// in what the recording holds.
type Change struct {
	What What
	// Op is the operation, e.g. "create".
	Op string
	// Path is the field's JSON path with [] for list elements
	// ("line_items.data[].price.currency"), or the parameter's
	// ("line_items[].price_data.currency").
	Path string
	// Value is the recorded value concerned (an enum value), "" if none.
	Value string
	// Values are, for ValueGone and ParamValueGone, the target's values,
	// for ValueNew the new ones.
	Values []string
	// Renamed is, for ValueGone and ParamValueGone, the one value new at
	// the target that the gone one starts, or that starts it ("hosted"
	// and "hosted_page"): likely its new name; "" if none or several.
	Renamed string
	// From and To are the versions compared: the recording's answering
	// version and the target.
	From, To string
	// Before and After are the specs between which it changed: the last
	// that does not show the change and the first that does; "" when no
	// spec of the chain shows it (the change lies between the resolved
	// specs, e.g. a mapped version).
	Before, After string
}

// String is the change in one sentence.
func (c Change) String() string {
	when := ""
	if c.After != "" {
		when = fmt.Sprintf(" (changed between %s and %s)", c.Before, c.After)
	}
	switch c.What {
	case FieldRemoved:
		return fmt.Sprintf("%s %s: field %s is not in %s's response%s", c.Op, c.Path, c.Path, c.To, when)
	case FieldAdded:
		return fmt.Sprintf("%s %s: field %s is always sent at %s, not at %s%s", c.Op, c.Path, c.Path, c.To, c.From, when)
	case ValueGone:
		return fmt.Sprintf("%s %s: %q is not a value at %s (its values: %s)%s%s", c.Op, c.Path, c.Value, c.To, strings.Join(c.Values, ", "), c.renamed(), when)
	case ValueNew:
		return fmt.Sprintf("%s %s: values new at %s: %s%s", c.Op, c.Path, c.To, strings.Join(c.Values, ", "), when)
	case ParamRemoved:
		return fmt.Sprintf("%s request %s: parameter %s is not accepted at %s%s", c.Op, c.Path, c.Path, c.To, when)
	case ParamValueGone:
		return fmt.Sprintf("%s request %s: %s=%q is not accepted at %s (its values: %s)%s%s", c.Op, c.Path, c.Path, c.Value, c.To, strings.Join(c.Values, ", "), c.renamed(), when)
	case ParamRequired:
		return fmt.Sprintf("%s request %s: parameter %s is required at %s, not at %s%s", c.Op, c.Path, c.Path, c.To, c.From, when)
	}
	return string(c.What) + " " + c.Path
}

// renamed is ", likely renamed to X" for a [Change.Renamed] X.
func (c Change) renamed() string {
	if c.Renamed == "" {
		return ""
	}
	return fmt.Sprintf(", likely renamed to %q", c.Renamed)
}

// Key identifies a change for de-duplication within a recording: the
// same field of the same answer (a session from create, update and
// expire alike) is one change, named with the first operation it was
// seen in.
func (c Change) Key() string {
	return strings.Join([]string{string(c.What), c.Path, c.Value, c.From}, "\x00")
}

// Planner compares exchanges with one target version.
type Planner struct {
	lib    *contracts.Library
	target contracts.Resolution
}

// New returns a planner for the target version, which must resolve to
// contracts lib covers.
func New(lib *contracts.Library, target string) (*Planner, error) {
	r, err := lib.Resolve(target)
	if err != nil {
		return nil, err
	}
	if !r.Covered() || r.Match == contracts.MatchDefault {
		return nil, fmt.Errorf("no contracts cover %s (%s)", target, r)
	}
	return &Planner{lib: lib, target: r}, nil
}

// Target is the target version as asked.
func (p *Planner) Target() string { return p.target.Requested }

// Exchange is one recorded exchange, as [Planner.Changes] reads it.
type Exchange struct {
	// Version is the answering version ([contracts.AnsweringVersion]).
	Version string
	// Op is the operation's name in the contracts ("create").
	Op string
	// Params are the request's form or query parameters.
	Params url.Values
	// Status is the response's status; only a 200's body is compared.
	Status int
	// Body is the decoded response body ([contracts.DecodeJSON]).
	Body any
}

// Changes returns what moving ex from its version to the target
// changes in what it holds, in a stable order. An exchange at the target
// version, or at a version no contract covers, has none.
func (p *Planner) Changes(ex Exchange) ([]Change, error) {
	from, err := p.lib.Resolve(ex.Version)
	if err != nil || !from.Covered() || from.Match == contracts.MatchDefault || ex.Version == p.target.Requested {
		return nil, nil
	}
	chain, err := p.chain(from.Spec, p.target.Spec)
	if err != nil {
		return nil, err
	}
	w := &walker{chain: chain, op: ex.Op, base: Change{Op: ex.Op, From: ex.Version, To: p.target.Requested}}
	if ex.Status == 200 && ex.Body != nil {
		shapes := make([]*contracts.Shape, len(chain))
		for i, s := range chain {
			if _, ok := s.Operation(ex.Op); ok {
				if shapes[i], err = s.ResponseShape(ex.Op); err != nil {
					return nil, err
				}
			}
		}
		w.value("", shapes, ex.Body)
	}
	w.params(ex.Params)
	return w.out, w.err
}

// chain returns the sets of every version from the spec from to the
// spec to, in that order (either direction).
func (p *Planner) chain(from, to string) ([]*contracts.Set, error) {
	vs := p.lib.Versions()
	i := slices.IndexFunc(vs, func(v contracts.Version) bool { return v.APIVersion == from })
	j := slices.IndexFunc(vs, func(v contracts.Version) bool { return v.APIVersion == to })
	step := 1
	if j < i {
		step = -1
	}
	var out []*contracts.Set
	for k := i; ; k += step {
		s, _, err := p.lib.Load(vs[k].APIVersion)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		if k == j {
			return out, nil
		}
	}
}

// walker walks one exchange along the chain's shapes.
type walker struct {
	chain []*contracts.Set
	op    string
	base  Change
	out   []Change
	seen  map[string]bool
	err   error
}

func (w *walker) add(c Change) {
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	if w.seen[c.Key()] {
		return
	}
	w.seen[c.Key()] = true
	w.out = append(w.out, c)
}

// change is base with what, path and the specs around index i, the
// first of the chain that shows it (-1: none does).
func (w *walker) change(what What, path string, i int) Change {
	c := w.base
	c.What, c.Path = what, path
	if i > 0 {
		c.Before, c.After = w.chain[i-1].APIVersion(), w.chain[i].APIVersion()
	}
	return c
}

// value walks the recorded value v at path, shapes[i] being its shape in
// chain[i] (nil where the version has none).
func (w *walker) value(path string, shapes []*contracts.Shape, v any) {
	last := len(w.chain) - 1
	switch x := v.(type) {
	case map[string]any:
		objs := make([]*contracts.Shape, len(shapes))
		for i, sh := range shapes {
			if sh != nil {
				o, err := w.chain[i].ObjectFor(sh, x)
				if err != nil {
					w.err = err
					return
				}
				objs[i] = o
			}
		}
		if objs[0] == nil || objs[last] == nil {
			return // free-form, or an object one end does not describe
		}
		for _, k := range sortedKeys(x) {
			p := jsonpath.Key(path, k)
			if has(objs[0], k) && !has(objs[last], k) {
				w.add(w.change(FieldRemoved, p, first(objs, func(o *contracts.Shape) bool { return !has(o, k) })))
				continue
			}
			child := make([]*contracts.Shape, len(objs))
			for i, o := range objs {
				if o != nil {
					child[i] = o.Properties[k]
				}
			}
			w.value(p, child, x[k])
		}
		for _, k := range objs[last].Required {
			if _, ok := objs[0].Properties[k]; ok || !objs[0].Closed {
				continue
			}
			w.add(w.change(FieldAdded, jsonpath.Key(path, k), first(objs, func(o *contracts.Shape) bool { return has(o, k) })))
		}
	case []any:
		items := make([]*contracts.Shape, len(shapes))
		for i, sh := range shapes {
			if sh != nil {
				items[i] = w.chain[i].ItemsOf(sh)
			}
		}
		for _, e := range x {
			w.value(jsonpath.Each(path), items, e)
		}
	case string:
		w.enum(path, shapes, x, ValueGone, ValueNew)
	}
}

// enum compares the recorded string value s with the enums of shapes.
func (w *walker) enum(path string, shapes []*contracts.Shape, s string, gone, added What) {
	enums := make([][]string, len(shapes))
	for i, sh := range shapes {
		enums[i] = w.enumOf(i, sh)
	}
	from, to := enums[0], enums[len(enums)-1]
	if to == nil {
		return
	}
	if !slices.Contains(to, s) {
		c := w.change(gone, path, firstIndex(enums, func(e []string) bool { return e != nil && !slices.Contains(e, s) }))
		c.Value, c.Values = s, to
		var like []string
		for _, v := range to {
			if !slices.Contains(from, v) && (strings.HasPrefix(v, s) || strings.HasPrefix(s, v)) {
				like = append(like, v)
			}
		}
		if len(like) == 1 {
			c.Renamed = like[0]
		}
		w.add(c)
	}
	if added == "" || from == nil {
		return
	}
	var fresh []string
	for _, v := range to {
		if !slices.Contains(from, v) {
			fresh = append(fresh, v)
		}
	}
	if len(fresh) > 0 {
		c := w.change(added, path, firstIndex(enums, func(e []string) bool { return e != nil && slices.Contains(e, fresh[0]) }))
		c.Values = fresh
		w.add(c)
	}
}

// enumOf returns the string values sh allows when it lists them (itself
// or its AnyOf branches), nil when any string goes.
func (w *walker) enumOf(i int, sh *contracts.Shape) []string {
	if sh == nil {
		return nil
	}
	if sh.Enum != nil {
		return sh.EnumStrings()
	}
	var out []string
	for _, b := range sh.AnyOf {
		if slices.Contains(b.Types, "string") && b.Enum == nil {
			return nil // a free string branch
		}
		out = append(out, b.EnumStrings()...)
	}
	return out
}

// params walks a recorded request's parameters.
func (w *walker) params(params url.Values) {
	shapes := make([]*contracts.Shape, len(w.chain))
	for i, s := range w.chain {
		if _, ok := s.Operation(w.op); ok {
			sh, err := s.RequestShape(w.op)
			if err != nil {
				w.err = err
				return
			}
			shapes[i] = sh
		}
	}
	last := len(shapes) - 1
	if shapes[0] == nil || shapes[last] == nil {
		return
	}
	sent := map[string]bool{}
	for _, key := range sortedKeys(params) {
		segs, err := form.SplitKey(key)
		if err != nil {
			continue // not a bracket key: no parameter to compare
		}
		sent[segs[0]] = true
		w.param(segs, shapes, params[key])
	}
	for _, k := range shapes[last].Required {
		if sent[k] || slices.Contains(shapes[0].Required, k) {
			continue
		}
		w.add(w.change(ParamRequired, k, firstIndex(shapes, func(sh *contracts.Shape) bool { return sh != nil && slices.Contains(sh.Required, k) })))
	}
}

// param walks one parameter's segments ("line_items", "0", "price").
func (w *walker) param(segs []string, shapes []*contracts.Shape, values []string) {
	last := len(shapes) - 1
	path := ""
	cur := shapes
	for _, seg := range segs {
		next := make([]*contracts.Shape, len(cur))
		if _, err := strconv.Atoi(seg); err == nil {
			path = jsonpath.Each(path)
			for i, sh := range cur {
				if sh != nil {
					next[i] = w.chain[i].ItemsOf(sh)
				}
			}
		} else {
			path = jsonpath.Key(path, seg)
			known := make([]bool, len(cur))
			for i, sh := range cur {
				next[i], known[i] = w.prop(i, sh, seg)
			}
			if cur[0] != nil && cur[last] != nil && known[0] && !known[last] {
				w.add(w.change(ParamRemoved, path, firstIndex(known, func(k bool) bool { return !k })))
				return
			}
		}
		if next[0] == nil || next[last] == nil {
			return // free-form below (metadata), or undescribed
		}
		cur = next
	}
	for _, v := range values {
		w.enum(path, cur, v, ParamValueGone, "")
	}
}

// prop returns the shape of field name of the object sh allows in
// chain[i], and whether the object has it (true for a free-form one).
func (w *walker) prop(i int, sh *contracts.Shape, name string) (*contracts.Shape, bool) {
	if sh == nil {
		return nil, false
	}
	objs, err := w.chain[i].Objects(sh)
	if err != nil {
		w.err = err
		return nil, false
	}
	known := len(objs) == 0
	for _, o := range objs {
		if p, ok := o.Properties[name]; ok {
			return p, true
		}
		if !o.Closed {
			known = true
		}
	}
	return nil, known
}

// has reports whether the object o has the field k (any field when it
// is not closed).
func has(o *contracts.Shape, k string) bool {
	if o == nil {
		return false
	}
	_, ok := o.Properties[k]
	return ok || !o.Closed
}

// first is the index of the first non-nil object for which f holds, -1
// if none.
func first(objs []*contracts.Shape, f func(*contracts.Shape) bool) int {
	return firstIndex(objs, func(o *contracts.Shape) bool { return o != nil && f(o) })
}

func firstIndex[T any](xs []T, f func(T) bool) int {
	for i, x := range xs {
		if f(x) {
			return i
		}
	}
	return -1
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
