package cassette

import (
	"net/http"
	"strconv"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/redact"
)

// Placeholder replaces every redacted value ([redact.Placeholder]).
// Replay treats a recorded Placeholder as matching any sent value.
const Placeholder = redact.Placeholder

// Redactor says what is removed from an interaction before it is saved.
// The Authorization, Cookie, Set-Cookie and Proxy-Authorization headers
// always go, and client_secret values always are replaced; the rest is
// [redact.Redactor]'s work (every encoding of a secret, JSON values at any
// depth, headers, URLs with their userinfo, form bodies).
type Redactor struct {
	// With is the redactor to use, shared with record's log and reports
	// so that a client_secret seen here is scrubbed there too. nil means
	// one built from Secrets and Fields.
	With *redact.Redactor
	// Secrets are strings (the API key in use) replaced by [Placeholder]
	// wherever they occur, in any encoding. Ignored when With is set.
	Secrets []string
	// Fields name fields whose values are replaced by [Placeholder], by the
	// rules of [redact.Rule] ("email", "customer_details.email",
	// "*email*"), in JSON bodies and form parameters
	// (customer_details[email]). Ignored when With is set.
	Fields []string
}

// redactor returns the [redact.Redactor] r describes.
func (r Redactor) redactor() *redact.Redactor {
	if r.With != nil {
		return r.With
	}
	var p redact.Policy
	for _, f := range r.Fields {
		p.Fields = append(p.Fields, redact.Rule{Name: f, Pos: "-redact"})
	}
	return redact.New(p, r.Secrets...)
}

// redactWith rewrites i so that no secret remains. It replaces the header
// maps rather than editing them, because go-vcr's captured request shares
// its header map with the live request.
func redactWith(red *redact.Redactor, i *cassette.Interaction) {
	i.Request.Headers = red.Header(i.Request.Headers)
	i.Response.Headers = red.Header(i.Response.Headers)
	i.Request.Trailer = red.Header(i.Request.Trailer)
	i.Response.Trailer = red.Header(i.Response.Trailer)
	i.Request.URL = red.URL(i.Request.URL)
	i.Request.RequestURI = red.URL(i.Request.RequestURI)
	i.Request.Host = red.String(i.Request.Host)
	i.Request.Body = red.Form(i.Request.Body)
	i.Request.Form = red.Values(i.Request.Form)
	i.Response.Body = red.JSON(i.Response.Body)
	i.Response.Status = red.String(i.Response.Status)
	i.Request.ContentLength = fixLength(i.Request.Headers, i.Request.ContentLength, i.Request.Body)
	i.Response.ContentLength = fixLength(i.Response.Headers, i.Response.ContentLength, i.Response.Body)
}

// fixLength keeps a known length in step with a body redaction changed.
func fixLength(h http.Header, n int64, body string) int64 {
	if n < 0 || n == int64(len(body)) {
		return n
	}
	if h.Get("Content-Length") != "" {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	return int64(len(body))
}
