package client

import (
	"bytes"
	"encoding/json"
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
