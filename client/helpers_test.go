package client_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
)

// seen is one request as the test server received it.
type seen struct {
	Method string
	Path   string // escaped path, as sent
	Query  string // raw query
	Body   string
	Header http.Header
}

// server is an httptest server that records requests and answers each with
// the next handler of a script (the last one repeats).
type server struct {
	*httptest.Server
	mu     sync.Mutex
	reqs   []seen
	script []http.HandlerFunc
}

func newServer(t *testing.T, script ...http.HandlerFunc) *server {
	t.Helper()
	s := &server{script: script}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	n := len(s.reqs)
	s.reqs = append(s.reqs, seen{
		Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
		Body: string(body), Header: r.Header.Clone(),
	})
	h := s.script[min(n, len(s.script)-1)]
	s.mu.Unlock()
	h(w, r)
}

func (s *server) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

// reply answers with a status, a JSON (or other) body and headers given as
// key, value pairs.
func reply(status int, body string, kv ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(kv); i += 2 {
			w.Header().Set(kv[i], kv[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// hangUp closes the connection without answering.
func hangUp(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

const sessionJSON = `{"id":"cs_test_1","object":"checkout.session","mode":"payment","status":"open","payment_status":"unpaid","url":"https://checkout.stripe.com/c/pay/cs_test_1","amount_total":4000,"currency":"usd","customer":null,"metadata":{"order":"42"},"expires_at":1700086400,"created":1700000000,"livemode":false,"unmodelled":{"deep":[1,{"x":"y"}]}}`

// sleeps records the delays the client asked for, without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// newClient returns a client for srv with no real sleeping, no jitter
// (Rand returns 1, the top of the range) and counting idempotency keys.
func newClient(t *testing.T, srv *server, opts client.Options) (*client.Client, *sleeps) {
	t.Helper()
	require.NotNil(t, srv)
	sl := &sleeps{}
	opts.BaseURL = srv.URL
	if opts.Sleep == nil {
		opts.Sleep = sl.sleep
	}
	if opts.Rand == nil {
		opts.Rand = func() float64 { return 1 }
	}
	if opts.NewIdempotencyKey == nil {
		var mu sync.Mutex
		n := 0
		opts.NewIdempotencyKey = func() string {
			mu.Lock()
			defer mu.Unlock()
			n++
			return "idem-" + strconv.Itoa(n)
		}
	}
	return client.New("sk_test_123", opts), sl
}

func intp(n int) *int { return &n }
