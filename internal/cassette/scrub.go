package cassette

import (
	"encoding/json"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/client/form"
)

// fieldSet says which fields a [Redactor] scrubs. A field is named by the
// end of its path, dot-separated with list positions left out:
// "client_secret" scrubs every field of that name, "customer_details.email"
// only an email inside customer_details. The same names apply to form
// parameters, whose bracket keys are read as paths
// (customer_details[email] is customer_details.email).
type fieldSet [][]string

func newFieldSet(names []string) fieldSet {
	var fs fieldSet
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			fs = append(fs, strings.Split(n, "."))
		}
	}
	return fs
}

// matches reports whether a field at path (names only) is scrubbed.
func (fs fieldSet) matches(path []string) bool {
	for _, f := range fs {
		if len(f) <= len(path) && equal(f, path[len(path)-len(f):]) {
			return true
		}
	}
	return false
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// scrubJSON replaces the value of every string field in body that fs
// matches by "REDACTED", changing no other byte. A body that is
// not JSON is returned as it is.
func (fs fieldSet) scrubJSON(body string) string {
	if len(fs) == 0 || !json.Valid([]byte(body)) {
		return body
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var (
		out    strings.Builder
		copied int64 // bytes of body already written to out
		path   []string
		// stack holds, per open container, whether it is an object and,
		// for an object, whether the next string token is a key.
		stack []struct{ object, wantKey bool }
	)
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			break
		}
		top := len(stack) - 1
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, struct{ object, wantKey bool }{t == '{', t == '{'})
			case '}', ']':
				stack = stack[:top]
				fs.endValue(&stack, &path)
			}
			continue
		case string:
			if top >= 0 && stack[top].object && stack[top].wantKey {
				path = append(path, t)
				stack[top].wantKey = false
				continue
			}
		}
		// A string value (of a field, or in a list that is one): scrub it
		// if its field matches. Numbers and booleans are left, so that a
		// scrubbed body still has the types the contract expects.
		if _, ok := tok.(string); ok && top >= 0 && fs.matches(path) {
			end := dec.InputOffset()
			start := before + int64(strings.IndexByte(body[before:end], '"'))
			out.WriteString(body[copied:start])
			out.WriteString(`"` + Placeholder + `"`)
			copied = end
		}
		fs.endValue(&stack, &path)
	}
	out.WriteString(body[copied:])
	return out.String()
}

// endValue is called after a value: in an object, the next string is a
// key again and the field's name leaves the path.
func (fieldSet) endValue(stack *[]struct{ object, wantKey bool }, path *[]string) {
	if top := len(*stack) - 1; top >= 0 && (*stack)[top].object {
		(*stack)[top].wantKey = true
		*path = (*path)[:len(*path)-1]
	}
}

// formPath turns "line_items[0][price_data][currency]" into
// ["line_items", "price_data", "currency"]: list positions are dropped. A
// key that is not well formed is split at every bracket, so that a
// parameter is scrubbed however oddly it is written.
func formPath(key string) []string {
	parts, err := form.SplitKey(key)
	if err != nil {
		return strings.FieldsFunc(key, func(r rune) bool { return r == '[' || r == ']' })
	}
	return slices.DeleteFunc(parts, func(p string) bool {
		return p != "" && strings.Trim(p, "0123456789") == ""
	})
}

// scrubForm replaces the values of matching parameters in the form text
// s (a body or a raw query) by Placeholder, keeping every other byte.
func (fs fieldSet) scrubForm(s string) string {
	if len(fs) == 0 || s == "" {
		return s
	}
	parts := strings.Split(s, "&")
	for i, part := range parts {
		k, _, ok := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if ok && err == nil && fs.matches(formPath(name)) {
			parts[i] = k + "=" + Placeholder
		}
	}
	return strings.Join(parts, "&")
}

// scrubValues is scrubForm for parsed values.
func (fs fieldSet) scrubValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		if fs.matches(formPath(k)) {
			vs = []string{Placeholder}
		}
		out[k] = vs
	}
	return out
}
