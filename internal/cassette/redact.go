package cassette

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// Placeholder replaces every redacted value. It is the same every time, so
// a re-record that redacts the same fields produces the same bytes.
const Placeholder = "REDACTED"

// Redactor removes secrets from an interaction before it is saved. It
// always drops the Authorization, Cookie, Set-Cookie,
// Proxy-Authorization and Stripe-Signature (a webhook delivery's
// signature) headers, and replaces every webhook signing secret
// (whsec_…) wherever it occurs; the zero value otherwise redacts only
// those and client_secret.
type Redactor struct {
	// Secrets are strings (the API key in use) replaced by [Placeholder]
	// wherever they occur: headers, URLs and bodies.
	Secrets []string
	// Fields name fields whose values are replaced by [Placeholder]: a
	// name ("email") or the end of a dotted path
	// ("customer_details.email"), in JSON bodies and in form parameters
	// (customer_details[email]). client_secret is always included. Replay
	// treats a recorded Placeholder as matching any sent value.
	Fields []string
}

// dropHeaders are removed from requests and responses.
var dropHeaders = []string{"Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization", "Stripe-Signature"}

// webhookSecret is a webhook endpoint's signing secret.
var webhookSecret = regexp.MustCompile(`whsec_[A-Za-z0-9_]+`)

// redact rewrites i so that no secret remains. It replaces the header maps
// rather than editing them, because go-vcr's captured request shares its
// header map with the live request.
func (r Redactor) redact(i *cassette.Interaction) {
	fields := newFieldSet(append([]string{"client_secret"}, r.Fields...))
	i.Request.Headers = r.headers(i.Request.Headers)
	i.Response.Headers = r.headers(i.Response.Headers)
	i.Request.URL = r.text(scrubURL(fields, i.Request.URL))
	i.Request.RequestURI = r.text(scrubURL(fields, i.Request.RequestURI))
	i.Request.Body = r.text(fields.scrubForm(i.Request.Body))
	i.Request.Form = r.form(fields.scrubValues(i.Request.Form))
	i.Response.Body = r.text(fields.scrubJSON(i.Response.Body))
	i.Request.ContentLength = fixLength(i.Request.Headers, i.Request.ContentLength, i.Request.Body)
	i.Response.ContentLength = fixLength(i.Response.Headers, i.Response.ContentLength, i.Response.Body)
}

// scrubURL scrubs the query of a URL.
func scrubURL(fs fieldSet, u string) string {
	base, query, ok := strings.Cut(u, "?")
	if !ok {
		return u
	}
	return base + "?" + fs.scrubForm(query)
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

func (r Redactor) headers(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		if isDropped(k) {
			continue
		}
		for _, v := range vs {
			out[k] = append(out[k], r.text(v))
		}
	}
	return out
}

func isDropped(name string) bool {
	for _, d := range dropHeaders {
		if strings.EqualFold(name, d) {
			return true
		}
	}
	return false
}

func (r Redactor) form(f url.Values) url.Values {
	out := make(url.Values, len(f))
	for k, vs := range f {
		for _, v := range vs {
			out[k] = append(out[k], r.text(v))
		}
	}
	return out
}

func (r Redactor) text(s string) string {
	for _, secret := range r.Secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, Placeholder)
		}
	}
	return webhookSecret.ReplaceAllString(s, Placeholder)
}
