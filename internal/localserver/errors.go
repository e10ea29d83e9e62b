package localserver

import (
	"fmt"
	"net/http"
	"strings"
)

// apiError is an error answered in Stripe's shape:
// {"error": {type, code, message, param, doc_url}}.
type apiError struct {
	Status  int
	Type    string
	Code    string
	Param   string
	Message string
	// Validation marks an error of the request's parameters: Stripe does
	// not remember it under an idempotency key, so a corrected retry
	// with the same key runs.
	Validation bool
}

func (e *apiError) Error() string { return e.Message }

// body renders the error object.
func (e *apiError) body() []byte {
	obj := map[string]any{"type": e.Type, "message": e.Message}
	if e.Code != "" {
		obj["code"] = e.Code
		obj["doc_url"] = "https://stripe.com/docs/error-codes/" + strings.ReplaceAll(e.Code, "_", "-")
	}
	if e.Param != "" {
		obj["param"] = e.Param
	}
	return encode(map[string]any{"error": obj})
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.Status, e.body(), nil)
}

// writeJSON writes a JSON body with the headers Stripe always sends.
func writeJSON(w http.ResponseWriter, status int, body []byte, extra http.Header) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if h.Get("Request-Id") == "" {
		h.Set("Request-Id", "req_123") // set by ServeHTTP for every request; this is for direct callers
	}
	for k, vs := range extra {
		h[k] = vs
	}
	w.WriteHeader(status)
	w.Write(body)
}

// invalid is a 400 invalid_request_error about a parameter, not
// remembered under an idempotency key.
func invalid(param, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: "invalid_request_error", Param: param,
		Message: fmt.Sprintf(format, args...), Validation: true}
}

// missingParam is Stripe's error for a required parameter left out.
func missingParam(param string) *apiError {
	e := invalid(param, msgMissingParam, param)
	e.Code = "parameter_missing"
	return e
}

// noSuchSession is Stripe's 404 for an unknown session id, verbatim:
// no quotes around the id and no param.
func noSuchSession(id string) *apiError {
	return &apiError{Status: http.StatusNotFound, Type: "invalid_request_error", Code: "resource_missing",
		Message: fmt.Sprintf(msgNoSuchSession, id)}
}

// unrecognizedURL is Stripe's 404 for a path it has no route for, such
// as an empty id (GET /v1/checkout/sessions/), verbatim: no code, no
// param.
func unrecognizedURL(method, path string) *apiError {
	return &apiError{Status: http.StatusNotFound, Type: "invalid_request_error",
		Message: fmt.Sprintf(msgUnrecognizedURL, method, path)}
}

// emptySegment says whether an API path has an empty segment: a trailing
// slash (/v1/checkout/sessions/) or an empty id inside it
// (/v1/checkout/sessions//expire).
func emptySegment(path string) bool {
	return strings.HasPrefix(path, "/v1/") && (strings.HasSuffix(path, "/") || strings.Contains(path, "//"))
}

// maxIDLength is the longest session id Stripe accepts in a path.
const maxIDLength = 66

// idTooLong is Stripe's 404 for a session id over 66 characters, verbatim:
// no code, param session, the id shortened to its ends.
func idTooLong(id string) *apiError {
	return &apiError{Status: http.StatusNotFound, Type: "invalid_request_error", Param: "session",
		Message: fmt.Sprintf(msgIDTooLong, id[:4], id[len(id)-4:], maxIDLength)}
}

// notOpen is Stripe's error for expiring a session that is not open,
// verbatim; verb "expired" gives Stripe's message, other verbs the same
// sentence for the other operations on a closed session.
func notOpen(verb, status string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: "invalid_request_error",
		Message: fmt.Sprintf(msgNotOpen, verb, status)}
}

// idempotencyMismatch is Stripe's error for a key reused with other
// parameters, verbatim.
func idempotencyMismatch(key string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: "idempotency_error",
		Message: fmt.Sprintf(msgIdemMismatch, key)}
}

// idempotencyEndpoint is Stripe's error for a key reused on another
// endpoint, verbatim.
func idempotencyEndpoint(key, first, now string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: "idempotency_error",
		Message: fmt.Sprintf(msgIdemEndpoint, first, now, key)}
}

// idempotencyLength is Stripe's error for an empty or too long key.
func idempotencyLength(n int) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: "idempotency_error",
		Message: fmt.Sprintf(msgIdemLength, n)}
}

// idempotencyBusy answers a request whose key another request is using.
func idempotencyBusy() *apiError {
	return &apiError{Status: http.StatusConflict, Type: "idempotency_error",
		Message: msgIdemBusy}
}

// noSuchObject is Stripe's 400 (or, on its own path, 404)
// resource_missing for an id the account does not have: "No such
// customer: 'cus_nope'", param the parameter that named it.
func noSuchObject(status int, object, id, param string) *apiError {
	return &apiError{Status: status, Type: "invalid_request_error", Code: "resource_missing", Param: param,
		Message: fmt.Sprintf(msgNoSuchObject, object, id), Validation: true}
}

// invalidInteger is Stripe's error for a parameter that is not an
// integer.
func invalidInteger(param, v string) *apiError {
	e := invalid(param, msgInvalidInteger, v)
	e.Code = "parameter_invalid_integer"
	return e
}

// onlyOneOf is Stripe's error for parameters that exclude each other.
func onlyOneOf(names ...string) *apiError {
	return invalid("", msgOnlyOneOf, strings.Join(names, ", "))
}
