package openapi

import (
	"net/url"
	"slices"
	"strings"
)

// Endpoint is one operation of the API: what a client calls, a scenario
// step names and a contract covers.
type Endpoint struct {
	// Name is the operation's name in Stripe's client libraries
	// (Stripe::Checkout::Session.list_line_items → "list_line_items").
	// It is also the step op of a scenario and the operation's name in
	// contracts/.
	Name string
	// Method is the HTTP method, "GET" or "POST".
	Method string
	// Path is the URL path template, as the spec's paths object keys it,
	// e.g. "/v1/checkout/sessions/{session}/expire".
	Path string
}

// SessionParam is the path parameter that names a Checkout Session in
// [Endpoint.Path].
const SessionParam = "{session}"

// checkoutSessions is the table behind [CheckoutSessions], sorted by name.
var checkoutSessions = []Endpoint{
	{Name: "create", Method: "POST", Path: "/v1/checkout/sessions"},
	{Name: "expire", Method: "POST", Path: "/v1/checkout/sessions/{session}/expire"},
	{Name: "list", Method: "GET", Path: "/v1/checkout/sessions"},
	{Name: "list_line_items", Method: "GET", Path: "/v1/checkout/sessions/{session}/line_items"},
	{Name: "retrieve", Method: "GET", Path: "/v1/checkout/sessions/{session}"},
	{Name: "update", Method: "POST", Path: "/v1/checkout/sessions/{session}"},
}

// CheckoutSessions returns the operations of Stripe's Checkout Sessions
// API (those of Stripe::Checkout::Session: create, expire, list,
// list_line_items, retrieve, update), sorted by name. The slice is a copy
// the caller may keep.
func CheckoutSessions() []Endpoint { return slices.Clone(checkoutSessions) }

// CheckoutSession returns the Checkout Sessions operation called name, and
// whether there is one.
func CheckoutSession(name string) (Endpoint, bool) {
	i := slices.IndexFunc(checkoutSessions, func(e Endpoint) bool { return e.Name == name })
	if i < 0 {
		return Endpoint{}, false
	}
	return checkoutSessions[i], true
}

// OnSession reports whether the endpoint acts on one session, named in
// its path by [SessionParam].
func (e Endpoint) OnSession() bool { return strings.Contains(e.Path, SessionParam) }

// URLPath returns the endpoint's path for the session id, escaped as a
// path segment, e.g. "/v1/checkout/sessions/cs_1/expire". An endpoint that
// does not act on a session returns its path unchanged.
func (e Endpoint) URLPath(session string) string {
	return strings.ReplaceAll(e.Path, SessionParam, url.PathEscape(session))
}

// Endpoints returns every operation of the spec that a JSON contract can
// describe, named by its operationId ("GetCustomersCustomer",
// "PostPaymentIntents"), sorted by name: those whose 200 response is
// application/json and, for methods other than GET, whose body is
// application/x-www-form-urlencoded. Operations that upload files or
// answer with PDFs and the like are left out; [Spec.Operation] still
// finds them.
func (s *Spec) Endpoints() []Endpoint {
	var out []Endpoint
	for path, methods := range s.Paths {
		for method, o := range methods {
			e := Endpoint{Name: o.OperationID, Method: strings.ToUpper(method), Path: path}
			if e.Name == "" || !o.describable(e.Method) {
				continue
			}
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b Endpoint) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// describable reports whether o's request and 200 response have the
// media types a contract describes.
func (o Operation) describable(method string) bool {
	if _, err := o.RequestSchema(method); err != nil {
		return false
	}
	_, err := o.ResponseSchema("200")
	return err == nil
}
