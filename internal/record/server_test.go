package record

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	vcassette "github.com/checkoutvcr/checkoutvcr/internal/cassette"
)

// TestDeclaredStatefulServerHasItsStatefulExpectationsChecked: a server
// in front of stripe-mock that passes on stripe-mock's headers
// (Stripe-Mock-Version) but declares itself stateful gets its
// expect_stateful checked. stripe-mock keeps no state, so the lifecycle
// scenario's stateful expectations fail and nothing is saved.
func TestDeclaredStatefulServerHasItsStatefulExpectationsChecked(t *testing.T) {
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	srv := httptest.NewServer(httputil.NewSingleHostReverseProxy(target))
	defer srv.Close()
	only := regexp.MustCompile("^lifecycle$")

	sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: t.TempDir(), BaseURL: srv.URL, Run: only,
		Server: vcassette.Server{Kind: vcassette.ServerLocal, Stateful: true, Local: true}})
	require.NoError(t, err)
	require.Error(t, sum.Outcomes[0].Err, "a stateless answer to a server declared stateful fails expect_stateful")
	assert.Contains(t, sum.Outcomes[0].Err.Error(), "expect_stateful failed")

	// The same proxy, undeclared: on loopback it is taken for stripe-mock.
	dir := t.TempDir()
	sum, err = Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: srv.URL, Run: only})
	require.NoError(t, err)
	require.NoError(t, sum.Outcomes[0].Err)
	c, err := cassette.Load(filepath.Join(dir, "lifecycle"))
	require.NoError(t, err)
	for _, i := range c.Interactions {
		assert.Equal(t, "stripe-mock; stateful=false; local=true", i.Response.Headers.Get(vcassette.ServerHeader), "every interaction is stamped")
		assert.Contains(t, i.Request.URL, "//"+vcassette.MockHost+"/", "a local server's host:port is anonymised")
	}
}

// TestStampOverwritesWhatTheServerSent: a server cannot stamp its own
// cassette; the declared capabilities win.
func TestStampOverwritesWhatTheServerSent(t *testing.T) {
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(vcassette.ServerHeader, "stripe; stateful=true; local=false")
		proxy.ServeHTTP(w, r)
	}))
	defer srv.Close()
	dir := t.TempDir()
	sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: srv.URL, Run: regexp.MustCompile("^setup$")})
	require.NoError(t, err)
	require.NoError(t, sum.Outcomes[0].Err)
	c, err := cassette.Load(filepath.Join(dir, "setup"))
	require.NoError(t, err)
	assert.Equal(t, []string{"stripe-mock; stateful=false; local=true"}, c.Interactions[0].Response.Headers.Values(vcassette.ServerHeader))
}

func TestDeclaredServer(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want vcassette.Server
	}{
		{"loopback, undeclared", Options{BaseURL: "http://127.0.0.1:12111"}, vcassette.Server{Kind: "stripe-mock", Local: true}},
		{"elsewhere, undeclared: Stripe through a proxy", Options{BaseURL: "https://proxy.example.com"}, vcassette.Server{Kind: "stripe", Stateful: true}},
		{"declared wins", Options{BaseURL: "http://127.0.0.1:1", Server: vcassette.Server{Kind: "custom", Stateful: true}}, vcassette.Server{Kind: "custom", Stateful: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, declared(tt.opts)) })
	}
}
