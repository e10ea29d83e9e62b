// Package form encodes Go values into Stripe's application/x-www-form-urlencoded
// dialect, with bracketed keys for nesting, and decodes such strings back into
// a tree.
//
// Nesting is written with brackets: a map or struct field adds "[name]", a
// slice element adds "[i]" with i counting from zero:
//
//	line_items[0][price_data][unit_amount]=2000&metadata[order]=42&expand[0]=line_items
//
// # Keys and escaping
//
// Like stripe-go, [Encode] leaves the structural brackets of a key unescaped
// and query-escapes everything else (url.QueryEscape: space becomes "+").
// Stripe accepts brackets escaped or not; unescaped keys are easier to read
// in logs and cassettes, and url.ParseQuery reads them into the same flat
// keys either way. Because a bracket inside a name would be ambiguous, a map
// key or field name that is empty or contains '[' or ']' is an error (Stripe
// forbids brackets in metadata keys too).
//
// [SplitKey] and [JoinKey] are this module's one parser and writer of
// bracket keys: "line_items[0][price]" is ["line_items", "0", "price"].
//
// # What is sent
//
// Output is deterministic: at each level, map keys and struct field names
// are emitted in sorted order and slice elements in index order, so encoding
// the same value twice gives the same bytes. The rules for each kind of value:
//
//   - Struct: each exported field named by its `form:"name"` tag; a field
//     tagged `form:"-"` or without a tag is skipped, except an untagged
//     embedded (anonymous) struct, whose fields are promoted to the
//     enclosing level.
//   - A map[string]V field tagged `form:",inline"` is merged into the
//     enclosing level after the other fields; on a conflict its entries win.
//     Where both sides hold a map the two are merged key by key, recursively;
//     anything else (a scalar, a slice, nil) replaces the other side
//     wholesale, and a nil entry deletes the key.
//   - Struct fields that are not pointers, maps, slices or interfaces are
//     omitted when they hold their zero value. Pointers, maps, slices and
//     interfaces are omitted when nil; a non-nil pointer is always sent, so
//     a *string pointing at "" sends "name=".
//   - Map entries and slice elements are always sent, zero or not, so
//     map[string]string{"k": ""} sends "metadata[k]=". A nil map entry is
//     omitted. A nil slice element (a nil pointer, interface, map or
//     slice) is an error naming it, e.g. "form: line_items[1]: nil
//     element": omitting it would renumber the elements after it, so that
//     the request would silently change the wrong item.
//   - A non-nil but empty map or slice sends "name=" — Stripe's way of
//     clearing a field (for example "metadata=" removes all metadata).
//     The string [Empty] ("") does the same wherever a value is accepted.
//   - bool is "true" or "false"; integers are decimal; floats use the
//     shortest decimal form without an exponent (1e21 is
//     "1000000000000000000000"); NaN and infinities are errors;
//     json.Number and encoding.TextMarshaler values are sent as their text.
//
// [Decode] is the inverse used by tests and tools: it rebuilds the tree,
// turning bracket groups whose keys are exactly 0..n-1 into slices.
package form

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Empty is the value that clears a field: a key whose value is Empty is sent
// as "key=", with nothing after the equals sign. It is just the empty string,
// named so that intent reads clearly in params such as
// Extra: map[string]any{"shipping_options": form.Empty}.
const Empty = ""

// Encode returns v in Stripe's form encoding. v may be a struct, a pointer to
// one, a map with string keys, or nil (which encodes as ""). See the package
// documentation for the rules.
func Encode(v any) (string, error) {
	tree, err := Tree(v)
	if err != nil {
		return "", err
	}
	var w writer
	if err := w.write(tree); err != nil {
		return "", err
	}
	return w.b.String(), nil
}

// Tree converts v into the tree that [Encode] writes: nested
// map[string]any and []any whose leaves are strings, with omitted values
// already removed. It is exported so that callers can inspect what will be
// sent (for example to check that a parameter is present).
func Tree(v any) (map[string]any, error) {
	if v == nil {
		return map[string]any{}, nil
	}
	n, err := convert(reflect.ValueOf(v), "")
	if err != nil {
		return nil, err
	}
	switch n := n.(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return n, nil
	default:
		return nil, fmt.Errorf("form: cannot encode %T at the top level; need a struct or map", v)
	}
}

var (
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonNumber    = reflect.TypeFor[json.Number]()
)

// convert turns v into a tree node: nil (omit), string (leaf), []any or
// map[string]any. path names v in errors.
func convert(v reflect.Value, path string) (any, error) {
	if !v.IsValid() {
		return nil, nil
	}
	if v.Type() == jsonNumber {
		return v.String(), nil
	}
	if v.Type().Implements(textMarshaler) && (v.Kind() != reflect.Pointer || !v.IsNil()) {
		text, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return nil, fmt.Errorf("form: %s: %w", display(path), err)
		}
		return string(text), nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, nil
		}
		return convert(v.Elem(), path)
	case reflect.Struct:
		return convertStruct(v, path)
	case reflect.Map:
		return convertMap(v, path)
	case reflect.Slice, reflect.Array:
		return convertSlice(v, path)
	}
	return scalar(v, path)
}

// scalar formats a leaf value.
func scalar(v reflect.Value, path string) (any, error) {
	switch v.Kind() {
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("form: %s: cannot encode %v", display(path), f)
		}
		return strconv.FormatFloat(f, 'f', -1, v.Type().Bits()), nil
	}
	return nil, fmt.Errorf("form: %s: cannot encode a value of type %s", display(path), v.Type())
}

// convertSlice converts a slice or array: nil for a nil slice, [Empty] for
// an empty one, else one node per element; a nil element, or a struct
// element with no parameter set, is an error.
func convertSlice(v reflect.Value, path string) (any, error) {
	if v.Kind() == reflect.Slice && v.IsNil() {
		return nil, nil
	}
	if v.Len() == 0 {
		return Empty, nil
	}
	out := make([]any, v.Len())
	for i := range v.Len() {
		elem := path + "[" + strconv.Itoa(i) + "]"
		n, err := convert(v.Index(i), elem)
		if err != nil {
			return nil, err
		}
		if n == nil {
			// Dropping it would renumber the elements after it.
			return nil, fmt.Errorf("form: %s: nil element", elem)
		}
		if m, ok := n.(map[string]any); ok && len(m) == 0 {
			// A struct with nothing set sends nothing: Stripe would see
			// the elements after it one place early.
			return nil, fmt.Errorf("form: %s: element has no parameters set", elem)
		}
		out[i] = n
	}
	return out, nil
}

func convertMap(v reflect.Value, path string) (any, error) {
	if v.IsNil() {
		return nil, nil
	}
	if v.Type().Key().Kind() != reflect.String {
		return nil, fmt.Errorf("form: %s: map key type %s is not a string", display(path), v.Type().Key())
	}
	if v.Len() == 0 {
		return Empty, nil
	}
	out := make(map[string]any, v.Len())
	err := entries(v, path, func(k string, n any) {
		if n != nil {
			out[k] = n
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// entries converts each entry of the map v (string keys), checking its
// key, and passes it to add; the first error stops it. A map[string]any,
// what scenarios and Params.Extra hold, is read without reflection.
func entries(v reflect.Value, path string, add func(k string, n any)) error {
	if v.Type() == plainMapType && v.CanInterface() {
		for k, x := range v.Interface().(map[string]any) {
			if err := checkName(k, path); err != nil {
				return err
			}
			n, err := convertAny(x, join(path, k))
			if err != nil {
				return err
			}
			add(k, n)
		}
		return nil
	}
	iter := v.MapRange()
	for iter.Next() {
		k := iter.Key().String()
		if err := checkName(k, path); err != nil {
			return err
		}
		n, err := convert(iter.Value(), join(path, k))
		if err != nil {
			return err
		}
		add(k, n)
	}
	return nil
}

var plainMapType = reflect.TypeFor[map[string]any]()

// convertAny is convert(reflect.ValueOf(x), path), with the scalars a
// scenario's params hold (strings, ints, bools) converted without
// reflection, to the same nodes; anything else goes to convert (whose
// map[string]any entries come back here, see [entries]).
func convertAny(x any, path string) (any, error) {
	switch x := x.(type) {
	case nil:
		return nil, nil
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case int:
		return strconv.FormatInt(int64(x), 10), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	}
	return convert(reflect.ValueOf(x), path)
}

func convertStruct(v reflect.Value, path string) (any, error) {
	out := map[string]any{}
	var inline []reflect.Value
	if err := structFields(out, &inline, v, path); err != nil {
		return nil, err
	}
	for _, fv := range inline {
		if err := mergeInline(out, fv, path); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// structFields adds v's tagged fields to out, promoting the fields of
// untagged embedded structs, and collects inline maps (outermost last, so
// that they win) for the caller to merge.
func structFields(out map[string]any, inline *[]reflect.Value, v reflect.Value, path string) error {
	var mine []reflect.Value
	for _, f := range fieldsOf(v.Type()) {
		fv := v.Field(f.index)
		switch {
		case f.name == "-":
		case f.anonymous && f.name == "" && f.opt == "":
			if fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue
				}
				fv = fv.Elem()
			}
			if fv.Kind() == reflect.Struct {
				if err := structFields(out, inline, fv, path); err != nil {
					return err
				}
			}
		case !f.exported:
		case f.opt == "inline":
			mine = append(mine, fv)
		case f.name != "":
			if err := field(out, fv, f.name, path); err != nil {
				return err
			}
		}
	}
	*inline = append(*inline, mine...)
	return nil
}

// fieldInfo is what [structFields] reads of one struct field: its
// position, its form tag's name and first option, and whether it is
// embedded and exported.
type fieldInfo struct {
	index               int
	name, opt           string
	anonymous, exported bool
}

// fieldCache holds each struct type's []fieldInfo, worked out once:
// reflect.Type.Field allocates on every call.
var fieldCache sync.Map // reflect.Type → []fieldInfo

// fieldsOf returns the fields of the struct type t, in order.
func fieldsOf(t reflect.Type) []fieldInfo {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]fieldInfo)
	}
	fs := make([]fieldInfo, t.NumField())
	for i := range fs {
		f := t.Field(i)
		name, opt, _ := strings.Cut(f.Tag.Get("form"), ",")
		fs[i] = fieldInfo{index: i, name: name, opt: opt, anonymous: f.Anonymous, exported: f.IsExported()}
	}
	fieldCache.Store(t, fs)
	return fs
}

// field adds one tagged struct field to out, omitting zero scalars.
func field(out map[string]any, fv reflect.Value, name, path string) error {
	if fv.Kind() == reflect.Pointer && fv.IsNil() {
		return nil // what convert makes of it, without building its path
	}
	switch fv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Struct:
	default:
		if fv.IsZero() {
			return nil
		}
	}
	n, err := convert(fv, join(path, name))
	if err != nil || n == nil {
		return err
	}
	if m, ok := n.(map[string]any); ok && len(m) == 0 && fv.Kind() != reflect.Map {
		return nil // a struct whose fields are all unset
	}
	out[name] = n
	return nil
}

// mergeInline merges an inline map field into out; its entries win, and a nil
// entry deletes the key.
func mergeInline(out map[string]any, fv reflect.Value, path string) error {
	if fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Interface {
		fv = fv.Elem()
	}
	if !fv.IsValid() || fv.Kind() != reflect.Map || fv.IsNil() {
		return nil
	}
	if fv.Type().Key().Kind() != reflect.String {
		return fmt.Errorf("form: %s: inline map key type %s is not a string", display(path), fv.Type().Key())
	}
	return entries(fv, path, func(k string, n any) {
		old, hasOld := out[k].(map[string]any)
		m, isMap := n.(map[string]any)
		switch {
		case n == nil:
			delete(out, k)
		case hasOld && isMap:
			merge(old, m)
		default:
			out[k] = n
		}
	})
}

// merge copies src into dst; maps present on both sides are merged
// recursively, anything else in src replaces dst's value.
func merge(dst, src map[string]any) {
	for k, v := range src {
		d, dOK := dst[k].(map[string]any)
		s, sOK := v.(map[string]any)
		if dOK && sOK {
			merge(d, s)
			continue
		}
		dst[k] = v
	}
}

func checkName(k, path string) error {
	if k == "" || strings.ContainsAny(k, "[]") {
		return fmt.Errorf("form: %s: invalid key %q: keys must be non-empty and contain no brackets", display(path), k)
	}
	return nil
}

// join appends a key segment to a flat key.
func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "[" + k + "]"
}

func display(path string) string {
	if path == "" {
		return "value"
	}
	return path
}

// writer writes a tree ([Tree]) in Stripe's form encoding.
type writer struct {
	b    strings.Builder
	key  []byte   // the flat key of the node being written, unescaped
	keys []string // a stack of sorted map keys, one run per open map
}

// write emits node under w.key in sorted key order.
func (w *writer) write(node any) error {
	switch n := node.(type) {
	case map[string]any:
		start := len(w.keys)
		for k := range n {
			w.keys = append(w.keys, k)
		}
		end := len(w.keys)
		slices.Sort(w.keys[start:end])
		for i := start; i < end; i++ {
			k := w.keys[i] // w.keys may grow below; index it afresh
			mark := w.push(k)
			err := w.write(n[k])
			w.key = w.key[:mark]
			if err != nil {
				return err
			}
		}
		w.keys = w.keys[:start]
	case []any:
		var num [20]byte
		for i, e := range n {
			mark := w.push(string(strconv.AppendInt(num[:0], int64(i), 10)))
			err := w.write(e)
			w.key = w.key[:mark]
			if err != nil {
				return err
			}
		}
	case string:
		if w.b.Len() > 0 {
			w.b.WriteByte('&')
		}
		w.writeKey()
		w.b.WriteByte('=')
		w.b.WriteString(url.QueryEscape(n))
	default:
		return fmt.Errorf("form: %s: unexpected node %T", display(string(w.key)), node)
	}
	return nil
}

// push appends the segment k to w.key as [join] does, and returns the
// length to truncate it back to.
func (w *writer) push(k string) int {
	mark := len(w.key)
	if mark == 0 {
		w.key = append(w.key, k...)
		return mark
	}
	w.key = append(w.key, '[')
	w.key = append(w.key, k...)
	w.key = append(w.key, ']')
	return mark
}

// writeKey writes w.key as [escapeKey] does: query-escaped, with its
// brackets kept. Query escaping works byte by byte, so escaping the text
// between brackets piece by piece gives the same bytes.
func (w *writer) writeKey() {
	k := w.key
	for len(k) > 0 {
		i := bytes.IndexAny(k, "[]")
		if i < 0 {
			i = len(k)
		}
		switch seg := k[:i]; {
		case unreserved(seg):
			w.b.Write(seg) // what url.QueryEscape leaves as it is
		default:
			w.b.WriteString(url.QueryEscape(string(seg)))
		}
		if i < len(k) {
			w.b.WriteByte(k[i])
			i++
		}
		k = k[i:]
	}
}

// unreserved reports whether every byte of s is one url.QueryEscape
// leaves unchanged: a letter, a digit, or one of -_.~ (RFC 3986's
// unreserved characters).
func unreserved(s []byte) bool {
	for _, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
		default:
			return false
		}
	}
	return true
}
