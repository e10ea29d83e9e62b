package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
)

// Response is one HTTP exchange as received: every result ([Session],
// [SessionList], [LineItemList]) carries it in its Response field, and
// [ResponseOf] extracts it from an error.
type Response struct {
	// StatusCode is the HTTP status, e.g. 200.
	StatusCode int
	// Header holds the response headers.
	Header http.Header
	// RequestID is the Request-Id header, e.g. "req_123".
	RequestID string
	// Body is the raw response body, exactly as received.
	Body []byte
}

// Get returns the value at path in the JSON body, so that fields this
// package does not model are never lost. A path is a dot-separated list of
// object keys, each optionally followed by [n] list indexes:
// "line_items.data[0].price.id". Values come back as decoded by
// encoding/json with UseNumber: map[string]any, []any, string, bool,
// json.Number or nil (for a JSON null, with ok true). ok is false if the body
// is not JSON or the path does not exist.
func (r *Response) Get(path string) (value any, ok bool) {
	if r == nil {
		return nil, false
	}
	return getPath(r.Body, path)
}

// getPath decodes raw and walks path through it.
func getPath(raw []byte, path string) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	elems, err := jsonpath.Parse(path)
	if err != nil {
		return nil, false
	}
	for _, el := range elems {
		var ok bool
		if v, ok = step(v, el); !ok {
			return nil, false
		}
	}
	return v, true
}

// step walks one element of a path.
func step(v any, el jsonpath.Elem) (any, bool) {
	if el.Field != "" {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		x, ok := m[el.Field]
		return x, ok
	}
	l, ok := v.([]any)
	if !ok || el.Index >= len(l) {
		return nil, false
	}
	return l[el.Index], true
}

// Expandable is a field that Stripe returns either as an object's id or, when
// the request asked for it with expand, as the whole object. ID is set in
// both cases; Object holds the raw JSON of the expanded object and is nil
// when only the id came back. A JSON null leaves the *Expandable field nil.
type Expandable struct {
	// ID is the object's id, e.g. "cus_123".
	ID string
	// Object is the expanded object's raw JSON, or nil.
	Object json.RawMessage
}

// UnmarshalJSON accepts an id string or an object with an "id" field.
func (e *Expandable) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		*e = Expandable{}
		return json.Unmarshal(b, &e.ID)
	}
	var obj struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return fmt.Errorf("expandable field: want an id string or an object: %w", err)
	}
	*e = Expandable{ID: obj.ID, Object: bytes.Clone(b)}
	return nil
}

// MarshalJSON writes the object if expanded, else the id.
func (e Expandable) MarshalJSON() ([]byte, error) {
	if e.Object != nil {
		return e.Object, nil
	}
	return json.Marshal(e.ID)
}

// Expanded reports whether the whole object came back.
func (e *Expandable) Expanded() bool { return e != nil && e.Object != nil }

// Get reads a field of the expanded object by path, as [Response.Get]
// does. ok is false when the field was not expanded.
func (e *Expandable) Get(path string) (value any, ok bool) {
	if !e.Expanded() {
		return nil, false
	}
	return getPath(e.Object, path)
}

// Decode unmarshals the expanded object into v; it fails when the field
// was not expanded.
func (e *Expandable) Decode(v any) error {
	if !e.Expanded() {
		return errors.New("stripe: field was not expanded")
	}
	return json.Unmarshal(e.Object, v)
}
