package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Error types: the "type" of a Stripe error object, in [Error].Type.
const (
	// ErrorTypeAPI is a problem on Stripe's side.
	ErrorTypeAPI = "api_error"
	// ErrorTypeCard is a card that cannot be charged.
	ErrorTypeCard = "card_error"
	// ErrorTypeIdempotency is an Idempotency-Key reused with different
	// parameters.
	ErrorTypeIdempotency = "idempotency_error"
	// ErrorTypeInvalidRequest is a request with invalid parameters or an
	// unknown object.
	ErrorTypeInvalidRequest = "invalid_request_error"
)

// Error codes: the "code" of a Stripe error object, in [Error].Code.
const (
	// CodeIdempotencyKeyInUse: another request with the same
	// Idempotency-Key is still running (HTTP 409; retried).
	CodeIdempotencyKeyInUse = "idempotency_key_in_use"
	// CodeLockTimeout: the object is locked by another request (HTTP 409;
	// retried).
	CodeLockTimeout = "lock_timeout"
	// CodeParameterInvalidEmpty: a parameter that must not be empty was
	// sent as "name=".
	CodeParameterInvalidEmpty = "parameter_invalid_empty"
	// CodeParameterInvalidInteger: a parameter is not a valid integer.
	CodeParameterInvalidInteger = "parameter_invalid_integer"
	// CodeParameterMissing: a required parameter was not sent.
	CodeParameterMissing = "parameter_missing"
	// CodeParameterUnknown: a parameter the API does not know was sent.
	CodeParameterUnknown = "parameter_unknown"
	// CodeRateLimit: too many requests (HTTP 429; retried).
	CodeRateLimit = "rate_limit"
	// CodeResourceMissing: no object with the given id exists.
	CodeResourceMissing = "resource_missing"
)

// ErrResponseTooLarge is wrapped by the [*DecodeError] returned when a
// response body exceeds [Options].MaxResponseBytes.
var ErrResponseTooLarge = errors.New("response body too large")

// Error is a non-2xx answer from the API: every field of Stripe's error
// object (the spec's api_errors schema), plus the request id and the HTTP
// status, as in stripe-go. Get it with errors.As:
//
//	var se *client.Error
//	if errors.As(err, &se) && se.Code == client.CodeResourceMissing { … }
//
// When the body is Stripe's {"error": {…}} object, the string fields come
// from it. When it is not (a proxy's HTML page, an empty body), Type and
// Code are empty and Message describes the status and the start of the
// body. HTTPStatus, Header and Body (the exact bytes received) are always
// set; [Error.HTTPResponse] returns them as a [Response].
type Error struct {
	// Type is the error's category, one of the ErrorType constants (e.g.
	// [ErrorTypeInvalidRequest]) or empty for a non-Stripe body.
	Type string `json:"type"`
	// Code identifies the error for programs, e.g. [CodeResourceMissing].
	Code string `json:"code"`
	// DeclineCode is the issuer's reason for a declined card.
	DeclineCode string `json:"decline_code"`
	// Param is the parameter the error is about, e.g. "line_items[0][price]".
	Param string `json:"param"`
	// Message is the human-readable explanation.
	Message string `json:"message"`
	// DocURL links to Stripe's documentation of Code.
	DocURL string `json:"doc_url"`
	// AdviceCode, for a card declined by its issuer, says how to proceed
	// (e.g. "try_again_later"), when the issuer gives one.
	AdviceCode string `json:"advice_code"`
	// NetworkAdviceCode is the card network's 2-digit advice on a decline.
	NetworkAdviceCode string `json:"network_advice_code"`
	// NetworkDeclineCode is the card network's code for a decline.
	NetworkDeclineCode string `json:"network_decline_code"`
	// Charge is the id of the failed charge, for card errors.
	Charge string `json:"charge"`
	// PaymentMethodType is the type of payment method that had a problem,
	// for invoice-related errors.
	PaymentMethodType string `json:"payment_method_type"`
	// RequestLogURL links to the request's log entry in the Dashboard.
	RequestLogURL string `json:"request_log_url"`
	// PaymentIntent is the PaymentIntent the error is about, if any.
	PaymentIntent *Object `json:"payment_intent"`
	// PaymentMethod is the payment method the error is about, if any.
	PaymentMethod *Object `json:"payment_method"`
	// SetupIntent is the SetupIntent the error is about, if any.
	SetupIntent *Object `json:"setup_intent"`
	// Source is the source (a card, a bank account or a source object) the
	// error is about, if any.
	Source *Object `json:"source"`
	// RequestID is the Request-Id response header, e.g. "req_123".
	RequestID string `json:"-"`
	// HTTPStatus is the response's status code.
	HTTPStatus int `json:"-"`
	// Header holds the response headers.
	Header http.Header `json:"-"`
	// Body is the raw response body, exactly as received.
	Body []byte `json:"-"`
}

// Error reads like
// `stripe: invalid_request_error (400, code parameter_unknown, param "mode"): Invalid mode [req_123]`.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("stripe: ")
	if e.Type != "" {
		fmt.Fprintf(&b, "%s (%d", e.Type, e.HTTPStatus)
	} else {
		fmt.Fprintf(&b, "HTTP %d (%s", e.HTTPStatus, http.StatusText(e.HTTPStatus))
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ", code %s", e.Code)
	}
	if e.DeclineCode != "" {
		fmt.Fprintf(&b, ", decline_code %s", e.DeclineCode)
	}
	if e.Param != "" {
		fmt.Fprintf(&b, ", param %q", e.Param)
	}
	fmt.Fprintf(&b, "): %s", e.Message)
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [%s]", e.RequestID)
	}
	return b.String()
}

// HTTPResponse returns the exchange that produced the error.
func (e *Error) HTTPResponse() *Response {
	return &Response{StatusCode: e.HTTPStatus, Header: e.Header, RequestID: e.RequestID, Body: e.Body}
}

// newError builds an [*Error] from a non-2xx response.
func newError(r *Response) *Error {
	var env struct {
		Error *Error `json:"error"`
	}
	e := &Error{}
	if json.Unmarshal(r.Body, &env) == nil && env.Error != nil {
		e = env.Error
	} else {
		e.Message = describeBody(r)
	}
	e.RequestID, e.HTTPStatus, e.Header, e.Body = r.RequestID, r.StatusCode, r.Header, r.Body
	return e
}

// describeBody summarises a body that is not a Stripe error object.
func describeBody(r *Response) string {
	if len(r.Body) == 0 {
		return "empty response body"
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return fmt.Sprintf("response is not a Stripe error object (Content-Type %q): %s", ct, snippet(r.Body))
}

// snippet quotes the start of a body for an error message.
func snippet(body []byte) string {
	const n = 200
	s := string(body)
	if len(s) > n {
		s = s[:n]
		for !utf8.ValidString(s) && len(s) > n-4 {
			s = s[:len(s)-1]
		}
		return fmt.Sprintf("%q…", s)
	}
	return fmt.Sprintf("%q", s)
}

// DecodeError is returned when a response arrived but could not be used: a
// 2xx body that is not the expected JSON, a body over
// [Options].MaxResponseBytes (Err wraps [ErrResponseTooLarge]; Body is nil),
// or a body whose reading failed midway (Body holds what was read).
type DecodeError struct {
	// Response is the exchange; its StatusCode and Header are always set.
	Response *Response
	// Err is the underlying problem.
	Err error
	// Path is the JSON path of the field the client could not hold, as
	// encoding/json names it ("amount_total", "line_items.data.quantity":
	// list indexes are not given); "" when the body as a whole is the
	// problem (not JSON, cut short, too large).
	Path string
	// GoType is the Go type of the field at Path ("int64"); "" when Path
	// is "".
	GoType string
	// Value says what the body held at Path, as encoding/json words it
	// ("number 2000.0", "string"); "" when Path is "".
	Value string
}

// Error includes the status and the start of the body.
func (e *DecodeError) Error() string {
	if e.Response == nil {
		return fmt.Sprintf("stripe: cannot decode response: %v", e.Err)
	}
	msg := fmt.Sprintf("stripe: HTTP %d: cannot decode response: %v", e.Response.StatusCode, e.Err)
	if len(e.Response.Body) > 0 {
		msg += "; body: " + snippet(e.Response.Body)
	}
	return msg
}

// Unwrap returns Err.
func (e *DecodeError) Unwrap() error { return e.Err }

// HTTPResponse returns the exchange that produced the error.
func (e *DecodeError) HTTPResponse() *Response { return e.Response }

// ResponseOf returns the HTTP exchange behind err, if a response was
// received: the [Response] of an [*Error] or a [*DecodeError] anywhere in
// err's chain. It returns nil for transport failures (no response), for
// errors detected before sending, and for nil. Together with the Response
// field of successful results, it gives the status, headers and raw body of
// every response the client receives.
func ResponseOf(err error) *Response {
	var carrier interface{ HTTPResponse() *Response }
	if errors.As(err, &carrier) {
		return carrier.HTTPResponse()
	}
	return nil
}
