// Package openapitest checks code that calls the API against the
// operation table of package openapi: that each operation has exactly one
// caller, and that the caller sends the operation's method and path.
package openapitest

import (
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
)

// Call calls one operation through hc, the only way it may reach the
// network, acting on the session id where the operation takes one.
type Call func(hc *http.Client, session string) error

// CheckCheckoutSessions fails t unless calls has one [Call] per operation
// of [openapi.CheckoutSessions], by name, and each sends one request with
// the operation's method and path. Every request is answered 200 with an
// empty JSON object. The session id contains a "/", so a path that does
// not escape it as one segment fails too.
func CheckCheckoutSessions(t testing.TB, calls map[string]Call) {
	t.Helper()
	const session = "cs_test_a/1"
	var names []string
	for _, e := range openapi.CheckoutSessions() {
		names = append(names, e.Name)
	}
	if got := slices.Sorted(maps.Keys(calls)); !slices.Equal(got, names) {
		t.Errorf("callers of %v, want one for each of %v", got, names)
	}
	for _, e := range openapi.CheckoutSessions() {
		call, ok := calls[e.Name]
		if !ok {
			continue
		}
		rec := &recorder{}
		if err := call(&http.Client{Transport: rec}, session); err != nil {
			t.Errorf("%s: %v", e.Name, err)
			continue
		}
		want := e.Method + " " + e.URLPath(session)
		if len(rec.sent) != 1 || rec.sent[0] != want {
			t.Errorf("%s sent %q, want [%q]", e.Name, rec.sent, want)
		}
	}
}

// recorder answers every request with an empty JSON object and records
// each one's method and escaped path.
type recorder struct{ sent []string }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.sent = append(r.sent, req.Method+" "+req.URL.EscapedPath())
	return &http.Response{
		StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{}`)), Request: req,
	}, nil
}
