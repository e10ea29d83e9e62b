// Package openapitest helps tests of code built on package openapi: it
// parses the pinned spec once per test binary ([PinnedSpec]), and checks
// callers of the API against the operation table
// ([CheckCheckoutSessions]): each operation has exactly one caller, which
// sends the operation's method and path.
package openapitest

import (
	"context"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
)

// pinned is the pinned spec, parsed once.
var pinned = sync.OnceValues(func() (*openapi.Spec, error) { return openapi.ReadPinned(context.Background()) })

// PinnedSpec returns the spec of the pinned stripe-mock module
// ([openapi.ReadPinned]), parsed on first use and shared by every test of
// the binary, which must not change it. It stops t if the spec cannot be
// read.
func PinnedSpec(t testing.TB) *openapi.Spec {
	t.Helper()
	s, err := pinned()
	if err != nil {
		t.Fatalf("read the pinned spec: %v", err)
	}
	return s
}

// pinnedSDK is the pinned SDK spec, parsed once.
var pinnedSDK = sync.OnceValues(func() (*openapi.Spec, error) {
	p, err := openapi.PinnedSDKSpecPath(context.Background())
	if err != nil {
		return nil, err
	}
	return openapi.ReadFile(p)
})

// PinnedSDKSpec is [PinnedSpec] for the SDK spec beside it
// ([openapi.SDKSpecFile]), which marks the always-present properties.
func PinnedSDKSpec(t testing.TB) *openapi.Spec {
	t.Helper()
	s, err := pinnedSDK()
	if err != nil {
		t.Fatalf("read the pinned SDK spec: %v", err)
	}
	return s
}

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
