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
// FuzzProvable checks it against encoding/json.
func provable(t reflect.Type, v any) bool {
	if v == nil {
		return true // null leaves any Go value as it is
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == rawMessageType || t == rawResultType:
		return true // any JSON document (v came from one)
	case t == numberType:
		_, ok := v.(json.Number)
		return ok
	case plainUnmarshalers[t]:
		return provableStruct(t, v)
	case reflect.PointerTo(t).Implements(expandableType):
		return provableExpandable(t, v)
	case reflect.PointerTo(t).Implements(unmarshalerType), reflect.PointerTo(t).Implements(textUnmarshalerType):
		return false
	}
	switch t.Kind() {
	case reflect.Interface:
		return t.NumMethod() == 0
	case reflect.String:
		_, ok := v.(string)
		return ok
	case reflect.Bool:
		_, ok := v.(bool)
		return ok
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := strconv.ParseInt(string(n), 10, t.Bits())
		return err == nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := strconv.ParseUint(string(n), 10, t.Bits())
		return err == nil
	case reflect.Float32, reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := strconv.ParseFloat(string(n), t.Bits())
		return err == nil
	case reflect.Slice:
		a, ok := v.([]any)
		if !ok || t.Elem().Kind() == reflect.Uint8 {
			return false
		}
		for _, e := range a {
			if !provable(t.Elem(), e) {
				return false
			}
		}
		return true
	case reflect.Map:
		m, ok := v.(map[string]any)
		k := t.Key()
		if !ok || k.Kind() != reflect.String || reflect.PointerTo(k).Implements(textUnmarshalerType) || k.Implements(textUnmarshalerType) {
			return false
		}
		for _, e := range m {
			if !provable(t.Elem(), e) {
				return false
			}
		}
		return true
	case reflect.Struct:
		return provableStruct(t, v)
	}
	return false
}

var (
	rawMessageType      = reflect.TypeFor[json.RawMessage]()
	rawResultType       = reflect.TypeFor[rawResult]()
	numberType          = reflect.TypeFor[json.Number]()
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	expandableType      = reflect.TypeFor[expandable]()
)

// plainUnmarshalers are the client's types whose UnmarshalJSON decodes
// the plain struct (json.Unmarshal into the type without its methods)
// and keeps a copy of the bytes: they fail exactly when the plain decode
// fails. TestPlainUnmarshalers checks each.
var plainUnmarshalers = map[reflect.Type]bool{
	reflect.TypeFor[Session]():  true,
	reflect.TypeFor[LineItem](): true,
	reflect.TypeFor[Object]():   true,
}

// expandable is implemented by every *Expandable[T], to find T.
type expandable interface{ target() reflect.Type }

func (*Expandable[T]) target() reflect.Type { return reflect.TypeFor[T]() }

// provableExpandable follows [Expandable.UnmarshalJSON]: a string is an
// id; an object's "id" must be a string (or null) and the object must
// decode into T.
func provableExpandable(t reflect.Type, v any) bool {
	switch v := v.(type) {
	case string:
		return true
	case map[string]any:
		for k, id := range v {
			if !strings.EqualFold(k, "id") && !isASCII(k) {
				return false // might fold to "id" by Unicode rules
			}
			if strings.EqualFold(k, "id") && !provable(stringType, id) {
				return false
			}
		}
		return provable(reflect.New(t).Interface().(expandable).target(), v)
	}
	return false
}

var stringType = reflect.TypeFor[string]()

// structFields is how encoding/json finds a struct's fields by key.
type structFields struct {
	ok     bool                    // false: a field provable does not follow
	exact  map[string]reflect.Type // JSON name → field type
	folded map[string]reflect.Type // ASCII upper-cased name → the first field's type
}

var fieldsCache sync.Map // reflect.Type → *structFields

// fieldsOf returns t's fields, computed once per type.
func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldsCache.Load(t); ok {
		return f.(*structFields)
	}
	f := &structFields{ok: true, exact: map[string]reflect.Type{}, folded: map[string]reflect.Type{}}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		if sf.Anonymous {
			f.ok = false // embedded: promoted fields and their precedence rules
			break
		}
		if !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(","+opts+",", ",string,") || !plainName(name) {
			f.ok = false
			break
		}
		if name == "" {
			name = sf.Name
		}
		if _, dup := f.exact[name]; dup {
			f.ok = false // encoding/json drops both
			break
		}
		f.exact[name] = sf.Type
		if up := strings.ToUpper(name); f.folded[up] == nil {
			f.folded[up] = sf.Type
		}
	}
	got, _ := fieldsCache.LoadOrStore(t, f)
	return got.(*structFields)
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

func provableStruct(t reflect.Type, v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	f := fieldsOf(t)
	if !f.ok {
		return false
	}
	for k, e := range m {
		ft, ok := f.exact[k]
		if !ok {
			if !isASCII(k) {
				return false // encoding/json folds Unicode too
			}
			if ft, ok = f.folded[strings.ToUpper(k)]; !ok {
				continue // an unknown key is ignored
			}
		}
		if !provable(ft, e) {
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
