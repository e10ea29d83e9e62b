package record

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// faultProxy stands between record and stripe-mock on 127.0.0.1. The
// first `times` create requests (POST /v1/checkout/sessions) get fault
// instead of stripe-mock's answer; every create's Idempotency-Key is kept.
type faultProxy struct {
	fault   func(w http.ResponseWriter, r *http.Request)
	times   int
	forward http.Handler

	mu   sync.Mutex
	keys []string
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.URL.Path == "/v1/checkout/sessions" {
		p.mu.Lock()
		p.keys = append(p.keys, r.Header.Get("Idempotency-Key"))
		n := len(p.keys)
		p.mu.Unlock()
		if n <= p.times {
			p.fault(w, r)
			return
		}
	}
	p.forward.ServeHTTP(w, r)
}

func (p *faultProxy) attempts() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.keys...)
}

func stripeError(status int, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(`{"error":{"type":"api_error","message":"injected fault"}}`))
	}
}

// resetMidResponse sends half a response, then resets the connection.
func resetMidResponse(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"id\":\"cs_test_"))
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0) // close with RST, not FIN
	}
	conn.Close()
}

// slow answers after the client has given up (or after 5s at most).
func slow(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body) // so that the server notices the client hanging up
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
	stripeError(http.StatusOK)(w, r)
}

// truncatedJSON is a complete HTTP response whose JSON body is cut short.
func truncatedJSON(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"id":"cs_test_a1","object":"checkout.sess`))
}

// shortBody promises more bytes than it sends, then closes: the body
// ends early (a network error, not a JSON one).
func shortBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", "400")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(`{"id":"cs_test_a1"`))
	// the handler returns with 382 bytes missing; net/http closes the connection
}

func htmlPage(status int) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		w.Write([]byte("<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"))
	}
}

// TestRecordFaults injects each fault in front of stripe-mock and checks
// that record retries exactly where the client's rules say (network
// errors, 409, 429 and 5xx, unless Stripe-Should-Retry: false; at most 2
// retries), that every retry sends the same Idempotency-Key, and:
//
//   - when the scenario finally fails, its old cassette is byte-identical
//     and no temp file is left behind;
//   - when it succeeds after retries, the cassette holds only the final
//     exchange of the retried request (the documented rule: verify replays
//     without retries, so it must see what the scenario finally got; an
//     attempt that got no response was never captured).
func TestRecordFaults(t *testing.T) {
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	forward := httputil.NewSingleHostReverseProxy(target)
	old, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	scen := scenarios(t, 1)

	tests := []struct {
		name     string
		fault    func(http.ResponseWriter, *http.Request)
		times    int             // how many create attempts get the fault
		attempts int             // create attempts record makes
		ok       bool            // the scenario is saved in the end
		sleeps   []time.Duration // exact waits asked for, if not jittered
		wantErr  string          // why the first step failed
	}{
		{name: "429 with Retry-After", fault: stripeError(429, "Retry-After", "2"), times: 1, attempts: 2, ok: true, sleeps: []time.Duration{2 * time.Second}},
		{name: "429 without Retry-After", fault: stripeError(429), times: 1, attempts: 2, ok: true},
		{name: "429 every time", fault: stripeError(429, "Retry-After", "1"), times: 99, attempts: 3, sleeps: []time.Duration{time.Second, time.Second}, wantErr: "expect failed: (status): (-want +got)\n  - 200\n  + 429"},
		{name: "409 lock timeout", fault: stripeError(409), times: 1, attempts: 2, ok: true},
		{name: "500 twice", fault: stripeError(500), times: 2, attempts: 3, ok: true},
		{name: "500 every time", fault: stripeError(500), times: 99, attempts: 3, wantErr: "  + 500"},
		{name: "503 with Stripe-Should-Retry false", fault: stripeError(503, "Stripe-Should-Retry", "false"), times: 99, attempts: 1, wantErr: "  + 503"},
		{name: "400 with Stripe-Should-Retry true", fault: stripeError(400, "Stripe-Should-Retry", "true"), times: 1, attempts: 2, ok: true},
		{name: "connection reset mid-response", fault: resetMidResponse, times: 1, attempts: 2, ok: true},
		{name: "connection reset every time", fault: resetMidResponse, times: 99, attempts: 3, wantErr: `step "create": stripe: POST /v1/checkout/sessions:`},
		{name: "slower than the client timeout", fault: slow, times: 1, attempts: 2, ok: true},
		{name: "body shorter than Content-Length", fault: shortBody, times: 1, attempts: 2, ok: true},
		{name: "truncated JSON body", fault: truncatedJSON, times: 99, attempts: 1, wantErr: `step "create"`},
		{name: "HTML error page, 502", fault: htmlPage(502), times: 99, attempts: 3, wantErr: "  + 502"},
		{name: "HTML page with 200", fault: htmlPage(200), times: 99, attempts: 1, wantErr: `step "create"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proxy := &faultProxy{fault: tt.fault, times: tt.times, forward: forward}
			srv := httptest.NewServer(proxy)
			defer srv.Close()
			dir := t.TempDir()
			path := filepath.Join(dir, "s0.yaml")
			require.NoError(t, os.WriteFile(path, old, 0o644))
			var mu sync.Mutex
			var sleeps []time.Duration
			sleep := func(ctx context.Context, d time.Duration) error {
				mu.Lock()
				sleeps = append(sleeps, d)
				mu.Unlock()
				return ctx.Err()
			}

			sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: srv.URL, Sleep: sleep, Timeout: 500 * time.Millisecond})
			require.NoError(t, err)

			keys := proxy.attempts()
			require.Len(t, keys, tt.attempts, "create attempts")
			for _, k := range keys {
				assert.Equal(t, keys[0], k, "every retry reuses the Idempotency-Key")
				assert.Regexp(t, `^checkoutvcr-s0-create-[0-9a-f]{8}$`, k)
			}
			assert.Len(t, sleeps, tt.attempts-1, "one wait before each retry, each through Options.Sleep: no real backoff")
			if tt.sleeps != nil {
				assert.Equal(t, tt.sleeps, sleeps, "Retry-After is honoured exactly")
			}
			for _, d := range sleeps {
				assert.Positive(t, d)
			}
			temps, err := filepath.Glob(filepath.Join(dir, ".*"))
			require.NoError(t, err)
			assert.Empty(t, temps, "no temp file left behind")

			o := sum.Outcomes[0]
			if !tt.ok {
				require.Error(t, o.Err)
				assert.Contains(t, o.Err.Error(), tt.wantErr)
				after, err := os.ReadFile(path)
				require.NoError(t, err)
				assert.Equal(t, old, after, "the old cassette is byte-identical")
				return
			}
			require.NoError(t, o.Err)
			c, err := cassette.Load(strings.TrimSuffix(path, ".yaml"))
			require.NoError(t, err)
			assert.Equal(t, o.Interactions, len(c.Interactions))
			for k, i := range c.Interactions {
				assert.Equal(t, k, i.ID, "ids run 0..n-1")
			}
			first := c.Interactions[0]
			assert.Equal(t, "POST", first.Request.Method)
			assert.Equal(t, 200, first.Response.Code, "only the final exchange of the retried create is kept")
			assert.Equal(t, 5, len(c.Interactions), "one interaction per lifecycle step")
		})
	}
}
