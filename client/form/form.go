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
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
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
	var b strings.Builder
	if err := write(&b, "", tree); err != nil {
		return "", err
	}
	return b.String(), nil
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
	iter := v.MapRange()
	for iter.Next() {
		k := iter.Key().String()
		if err := checkName(k, path); err != nil {
			return nil, err
		}
		n, err := convert(iter.Value(), join(path, k))
		if err != nil {
			return nil, err
		}
		if n != nil {
			out[k] = n
		}
	}
	return out, nil
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
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, opt, _ := strings.Cut(f.Tag.Get("form"), ",")
		fv := v.Field(i)
		switch {
		case name == "-":
		case f.Anonymous && name == "" && opt == "":
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
		case !f.IsExported():
		case opt == "inline":
			mine = append(mine, fv)
		case name != "":
			if err := field(out, fv, name, path); err != nil {
				return err
			}
		}
	}
	*inline = append(*inline, mine...)
	return nil
}

// field adds one tagged struct field to out, omitting zero scalars.
func field(out map[string]any, fv reflect.Value, name, path string) error {
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
	iter := fv.MapRange()
	for iter.Next() {
		k := iter.Key().String()
		if err := checkName(k, path); err != nil {
			return err
		}
		n, err := convert(iter.Value(), join(path, k))
		if err != nil {
			return err
		}
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
	}
	return nil
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

// write emits node under key in sorted key order.
func write(b *strings.Builder, key string, node any) error {
	switch n := node.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(n)) {
			if err := write(b, join(key, k), n[k]); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range n {
			if err := write(b, join(key, strconv.Itoa(i)), e); err != nil {
				return err
			}
		}
	case string:
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(escapeKey(key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(n))
	default:
		return fmt.Errorf("form: %s: unexpected node %T", display(key), node)
	}
	return nil
}

var bracketUnescaper = strings.NewReplacer("%5B", "[", "%5D", "]")

// escapeKey query-escapes a flat key but keeps its brackets readable.
func escapeKey(k string) string {
	return bracketUnescaper.Replace(url.QueryEscape(k))
}
