package client

import (
	"context"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/checkoutvcr/checkoutvcr/internal/sharedbody"
)

// decodeIn is [decode] for a call made with ctx. When ctx carries a
// [sharedbody.Body] (the scenario runner's calls), a 2xx body is first
// decoded into it, generically; if that decode proves that the typed
// decode would succeed ([provable]), out gets only its Response, since
// the runner reads nothing else, and the typed decode is not made.
// Otherwise, and for every other call, decode runs as always, with its
// result and errors.
func decodeIn(ctx context.Context, r *Response, out responder) error {
	if b := sharedbody.From(ctx); b != nil && r.StatusCode >= 200 && r.StatusCode <= 299 {
		if v, unique, err := b.Decode(r.Body); err == nil && unique && provable(reflect.TypeOf(out).Elem(), v) {
			out.setResponse(r)
			return nil
		}
	}
	return decode(r, out)
}

// provable reports whether json.Unmarshal of a JSON document that decodes
// generically to v (objects as map[string]any with no repeated key,
// arrays as []any, numbers as json.Number, strings, bools, nil) into a
// value of type t certainly succeeds. It is sound, not complete: true
// means encoding/json would return no error; false means it may fail
// (then the typed decode decides). It follows encoding/json's rules: null
// fits anything; a number fits an int of t's size by strconv.ParseInt, a
// float by ParseFloat; object keys match fields exactly, else ASCII
// case-insensitively; unknown keys are ignored. It knows the client's own
// json.Unmarshalers ([plainUnmarshalers], [Expandable]) and
// json.RawMessage; any other Unmarshaler or TextUnmarshaler, an array, a
// []byte, an embedded field or a ",string" option makes it answer false.
// TestProvableMutations and FuzzProvable check it against encoding/json.
//
// What it asks of each type is worked out once per type ([planOf]), not
// per value.
func provable(t reflect.Type, v any) bool { return planOf(t).fits(v) }

// planKind is what a plan accepts.
type planKind int

const (
	never      planKind = iota // nothing but null: provable cannot tell
	anyJSON                    // any value (an empty interface, json.RawMessage)
	str                        // a string
	boolean                    // a bool
	intN                       // a number that ParseInt reads in bits
	uintN                      // a number that ParseUint reads in bits
	floatN                     // a number that ParseFloat reads in bits
	number                     // a number (json.Number)
	slice                      // an array of elem
	mapOf                      // an object of elem
	object                     // an object whose keys are fields
	expandable                 // an id string, or an object with a string id that fits elem
)

// plan is what json.Unmarshal accepts into one Go type without an error.
type plan struct {
	kind   planKind
	bits   int
	elem   *plan
	exact  map[string]*plan // object: JSON name → field
	folded map[string]*plan // object: ASCII upper-cased name → the first such field
}

func (p *plan) fits(v any) bool {
	if v == nil {
		return true // null leaves any Go value as it is
	}
	switch p.kind {
	case anyJSON:
		return true
	case str:
		_, ok := v.(string)
		return ok
	case boolean:
		_, ok := v.(bool)
		return ok
	case number:
		_, ok := v.(json.Number)
		return ok
	case intN, uintN, floatN:
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		var err error
		switch p.kind {
		case intN:
			_, err = strconv.ParseInt(string(n), 10, p.bits)
		case uintN:
			_, err = strconv.ParseUint(string(n), 10, p.bits)
		default:
			_, err = strconv.ParseFloat(string(n), p.bits)
		}
		return err == nil
	case slice:
		a, ok := v.([]any)
		if !ok {
			return false
		}
		for _, e := range a {
			if !p.elem.fits(e) {
				return false
			}
		}
		return true
	case mapOf:
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		for _, e := range m {
			if !p.elem.fits(e) {
				return false
			}
		}
		return true
	case object:
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		for k, e := range m {
			f, ok := p.exact[k]
			if !ok {
				if !isASCII(k) {
					return false // encoding/json folds Unicode too
				}
				if f, ok = p.folded[asciiUpper(k)]; !ok {
					continue // an unknown key is ignored
				}
			}
			if !f.fits(e) {
				return false
			}
		}
		return true
	case expandable:
		// Expandable.UnmarshalJSON: a string is an id; an object's "id"
		// (matched as encoding/json matches it) must be a string, and the
		// object must decode into T.
		switch v := v.(type) {
		case string:
			return true
		case map[string]any:
			for k, id := range v {
				if !isASCII(k) {
					return false
				}
				if _, ok := id.(string); !ok && id != nil && len(k) == 2 && asciiUpper(k) == "ID" {
					return false
				}
			}
			return p.elem.fits(v)
		}
	}
	return false
}

var (
	rawMessageType      = reflect.TypeFor[json.RawMessage]()
	rawResultType       = reflect.TypeFor[rawResult]()
	numberType          = reflect.TypeFor[json.Number]()
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	expandableType      = reflect.TypeFor[expandableTarget]()
)

// plainUnmarshalers are the client's types whose UnmarshalJSON decodes
// the plain struct (json.Unmarshal into the type without its methods)
// and keeps a copy of the bytes: they fail exactly when the plain decode
// fails (TestProvableMutations decodes lists of them).
var plainUnmarshalers = map[reflect.Type]bool{
	reflect.TypeFor[Session]():  true,
	reflect.TypeFor[LineItem](): true,
	reflect.TypeFor[Object]():   true,
}

// expandableTarget is implemented by every *Expandable[T], to find T.
type expandableTarget interface{ target() reflect.Type }

func (*Expandable[T]) target() reflect.Type { return reflect.TypeFor[T]() }

var (
	plansMu sync.Mutex
	plans   sync.Map // reflect.Type → *plan, complete
)

// planOf returns t's plan, built once per type.
func planOf(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	plansMu.Lock()
	defer plansMu.Unlock()
	building := map[reflect.Type]*plan{}
	p := build(t, building)
	for bt, bp := range building {
		plans.LoadOrStore(bt, bp)
	}
	return p
}

// build makes t's plan; building holds the plans of the types being
// built, so that recursive types end.
func build(t reflect.Type, building map[reflect.Type]*plan) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	if p, ok := building[t]; ok {
		return p
	}
	p := &plan{}
	building[t] = p
	for t.Kind() == reflect.Pointer {
		t = t.Elem() // null is nil; anything else decodes into the element
	}
	pt := reflect.PointerTo(t)
	switch {
	case t == rawMessageType || t == rawResultType:
		p.kind = anyJSON // any JSON document (v came from one)
		return p
	case t == numberType:
		p.kind = number
		return p
	case plainUnmarshalers[t]:
		buildObject(p, t, building)
		return p
	case pt.Implements(expandableType):
		p.kind = expandable
		p.elem = build(reflect.New(t).Interface().(expandableTarget).target(), building)
		return p
	case pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType):
		return p // never
	}
	switch t.Kind() {
	case reflect.Interface:
		if t.NumMethod() == 0 {
			p.kind = anyJSON
		}
	case reflect.String:
		p.kind = str
	case reflect.Bool:
		p.kind = boolean
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.kind, p.bits = intN, t.Bits()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		p.kind, p.bits = uintN, t.Bits()
	case reflect.Float32, reflect.Float64:
		p.kind, p.bits = floatN, t.Bits()
	case reflect.Slice:
		if t.Elem().Kind() != reflect.Uint8 { // []byte is base64
			p.kind, p.elem = slice, build(t.Elem(), building)
		}
	case reflect.Map:
		k := t.Key()
		if k.Kind() == reflect.String && !reflect.PointerTo(k).Implements(textUnmarshalerType) && !k.Implements(textUnmarshalerType) {
			p.kind, p.elem = mapOf, build(t.Elem(), building)
		}
	case reflect.Struct:
		buildObject(p, t, building)
	}
	return p
}

// buildObject makes p the plan of struct t, as encoding/json finds its
// fields by key; p stays never if t has a field provable does not follow.
func buildObject(p *plan, t reflect.Type, building map[reflect.Type]*plan) {
	exact, folded := map[string]*plan{}, map[string]*plan{}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		if sf.Anonymous {
			return // embedded: promoted fields and their precedence rules
		}
		if !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(","+opts+",", ",string,") || !plainName(name) {
			return
		}
		if name == "" {
			name = sf.Name
		}
		if _, dup := exact[name]; dup {
			return // encoding/json drops both
		}
		f := build(sf.Type, building)
		exact[name] = f
		if up := asciiUpper(name); folded[up] == nil {
			folded[up] = f
		}
	}
	p.kind, p.exact, p.folded = object, exact, folded
}

// plainName reports whether a tag's name is one encoding/json uses as
// written: letters, digits, '_', '-' and '.' (or none).
func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiUpper upper-cases ASCII letters, as encoding/json folds a key.
func asciiUpper(s string) string {
	for i := 0; i < len(s); i++ {
		if 'a' <= s[i] && s[i] <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}
