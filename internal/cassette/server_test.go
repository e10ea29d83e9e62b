package cassette

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

func TestServerOf(t *testing.T) {
	tests := []struct {
		name string
		h    http.Header
		want Server
	}{
		{"stamp", http.Header{"Checkoutvcr-Server": {"local; stateful=true; local=true"}, "Stripe-Mock-Version": {"master"}}, Server{Kind: ServerLocal, Stateful: true, Local: true}},
		{"stamp without stripe-mock's header", http.Header{"Checkoutvcr-Server": {"stripe-mock; stateful=false; local=true"}}, Server{Kind: ServerStripeMock, Local: true}},
		{"legacy stripe-mock", http.Header{"Stripe-Mock-Version": {"master"}}, Server{Kind: ServerStripeMock, Local: true}},
		{"legacy Stripe", http.Header{}, Server{Kind: ServerStripe, Stateful: true}},
		{"unreadable stamp: legacy rule", http.Header{"Checkoutvcr-Server": {"local; stateful=maybe; local=true"}}, Server{Kind: ServerStripe, Stateful: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ServerOf(tt.h)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, got, ServerOf(http.Header{"Checkoutvcr-Server": {got.String()}}), "String round-trips")
		})
	}
}

// TestServedKnowsItsLine: a replayed interaction carries the cassette's
// path and the line it starts on, for findings to point at.
func TestServedKnowsItsLine(t *testing.T) {
	path := "../../cassettes/lifecycle.yaml"
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	want := map[int]int{}
	for n, l := range strings.Split(string(data), "\n") {
		var id int
		if _, err := fmt.Sscanf(l, "    - id: %d", &id); err == nil {
			want[id] = n + 1
		}
	}
	require.Len(t, want, 5)
	c, err := cassette.Load(strings.TrimSuffix(path, ".yaml"))
	require.NoError(t, err)
	p, err := Replay(path)
	require.NoError(t, err)
	for _, i := range c.Interactions {
		req, err := i.GetHTTPRequest()
		require.NoError(t, err)
		_, err = p.Transport().RoundTrip(req)
		require.NoError(t, err)
	}
	for _, s := range p.Served() {
		assert.Equal(t, path, s.File)
		assert.Equal(t, want[s.ID], s.Line, "interaction %d", s.ID)
		assert.Equal(t, "/v1/checkout/sessions", s.Path[:len("/v1/checkout/sessions")])
	}
	assert.Len(t, p.Served(), 5)
}
