package record

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// TestUnreachableServerIsAConfigError: a STRIPE_API_BASE nobody listens
// on is refused at once, before any scenario retries against it.
func TestUnreachableServerIsAConfigError(t *testing.T) {
	base := "http://" + closedPort(t)
	var sleeps []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error {
		sleeps = append(sleeps, d)
		return ctx.Err()
	}
	sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: t.TempDir(), BaseURL: base, Sleep: sleep})
	require.Error(t, err)
	assert.Nil(t, sum)
	assert.ErrorIs(t, err, ErrConfig, "exit status 2")
	assert.Equal(t, "cannot reach STRIPE_API_BASE "+base+" (connection refused); is the server running?", err.Error())
	assert.Empty(t, sleeps, "no request was retried: the probe gave up before any scenario ran")
}

func TestIsLocal(t *testing.T) {
	tests := []struct {
		base  string
		local bool
	}{
		{"http://127.0.0.1:12111", true},
		{"http://127.1.2.3:80", true},
		{"http://[::1]:12111", true},
		{"http://localhost:12111", true},
		{"http://LOCALHOST.", true},
		{"https://api.stripe.com", false},
		{"https://stripe-proxy.internal:8443", false},
		{"http://10.0.0.5:12111", false},
		{"http://[2001:db8::1]:443", false},
		{"http://127.0.0.1.example.com", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.local, isLocal(tt.base), tt.base)
	}
}

// TestStripeTreatmentForAnyNonLocalServer: deterministic keys and no rate
// limit on loopback only; a proxy to Stripe gets Stripe's per-run key
// suffix and its 20 requests a second.
func TestStripeTreatmentForAnyNonLocalServer(t *testing.T) {
	sc, st := &scenario.Scenario{Name: "lifecycle"}, &scenario.Step{ID: "create"}
	for _, base := range []string{"http://127.0.0.1:12111", "http://localhost:12111", "http://[::1]:12111"} {
		assert.Equal(t, "checkoutvcr-lifecycle-create", idempotencyKey(base)(sc, st), base)
		assert.Equal(t, http.DefaultTransport, limit(Options{}, base), "%s: no rate limit", base)
	}
	for _, base := range []string{"https://api.stripe.com", "https://stripe-proxy.example.com"} {
		key := idempotencyKey(base)(sc, st)
		assert.Regexp(t, `^checkoutvcr-lifecycle-create-\d{8}T\d{6}$`, key, base)
		p, ok := limit(Options{}, base).(*paced)
		if assert.True(t, ok, "%s: paced", base) {
			assert.Equal(t, rate.Limit(DefaultStripeRate), p.lim.Limit(), "%s: Stripe's rate", base)
		}
		assert.Equal(t, http.DefaultTransport, limit(Options{RateLimit: -1}, base), "%s: -rate -1 lifts the limit", base)
	}
}

func TestTimeoutDefault(t *testing.T) {
	assert.Equal(t, 80*time.Second, timeout(Options{}), "0 means the client's default, not no limit")
	assert.Equal(t, 2*time.Second, timeout(Options{Timeout: 2 * time.Second}))
}

// TestExpectationFailureQuotesStripe: a step that expected 200 and got a
// Stripe error says what Stripe said, not just the status. (A typo in a
// parameter no longer reaches the server: see
// TestRequestContractCheckedBeforeSending.)
func TestExpectationFailureQuotesStripe(t *testing.T) {
	scen, dir := t.TempDir(), t.TempDir()
	writeScenario(t, scen, "typo", `name: typo
steps:
  - id: create
    op: create
    params:
      mode: payment
      success_url: https://example.com/ok
      phone_number_collection: {enabled: true}
    expect:
      status: 200
`)
	// What Stripe itself answers names the parameter.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"parameter_unknown","param":"phone_number_collection",` +
			`"message":"Received unknown parameter: phone_number_collection"}}`))
	}))
	defer srv.Close()
	sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: srv.URL})
	require.NoError(t, err)
	require.Error(t, sum.Outcomes[0].Err)
	assert.True(t, strings.HasSuffix(sum.Outcomes[0].Err.Error(),
		`+ 400; Stripe said: "Received unknown parameter: phone_number_collection" (param phone_number_collection)`), sum.Outcomes[0].Err.Error())
}

func TestStripeSaid(t *testing.T) {
	body := map[string]any{"error": map[string]any{
		"type": "invalid_request_error", "message": "Received unknown parameter: phone_number_colection", "param": "phone_number_colection"}}
	assert.Equal(t, `; Stripe said: "Received unknown parameter: phone_number_colection" (param phone_number_colection)`, stripeSaid(400, body))
	delete(body["error"].(map[string]any), "param")
	assert.Equal(t, `; Stripe said: "Received unknown parameter: phone_number_colection"`, stripeSaid(400, body))
	assert.Empty(t, stripeSaid(200, body), "not an error response")
	assert.Empty(t, stripeSaid(502, "<html>"), "no Stripe error object")
}

func TestPlurals(t *testing.T) {
	var b strings.Builder
	printOutcome(&b, Outcome{Name: "one", Steps: 1, Interactions: 1})
	printOutcome(&b, Outcome{Name: "two", Steps: 2, Interactions: 0})
	printSummary(&b, &Summary{Target: "http://x", Outcomes: []Outcome{{Name: "one"}}}, 1, "cassettes", false)
	printDrift(&b, []Drift{{Scenario: "one", Interaction: 0, Path: "locale", Change: "added (string)"}})
	assert.Equal(t, `✓ one                      1 step, 1 interaction, 0s
✓ two                      2 steps, 0 interactions, 0s
recorded 1 of 1 scenario against http://x into cassettes
drift between the committed cassettes and a new recording (ids, timestamps and URLs ignored):
  change   locale added (string) — 1 interaction in 1 scenario: one #0
1 change, 0 breaking
`, b.String())
}

// TestPacedWaitsForTheLimiter shows that requests through a paced
// transport are spaced by the rate, and that a cancelled request stops
// waiting.
func TestPacedWaitsForTheLimiter(t *testing.T) {
	var n int
	rt := limit(Options{RateLimit: 20, Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		n++
		return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
	})}, "http://127.0.0.1:1")
	req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/", nil)
	require.NoError(t, err)
	start := time.Now()
	for range 3 {
		_, err := rt.RoundTrip(req)
		require.NoError(t, err)
	}
	assert.GreaterOrEqual(t, time.Since(start), 90*time.Millisecond, "three requests at 20/s take two intervals")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = rt.RoundTrip(req.WithContext(ctx))
	assert.Error(t, err)
	assert.Equal(t, 3, n, "a cancelled request is not sent")
}

// TestBaseURLWithQueryRefused: a STRIPE_API_BASE with a query or a
// fragment is refused before any request (ErrConfig: exit 2), printed with
// its query values redacted.
func TestBaseURLWithQueryRefused(t *testing.T) {
	for _, base := range []string{mock.URL(t) + "/?token=hunter2pw", mock.URL(t) + "?token=hunter2pw&x=1", mock.URL(t) + "/#hunter2pw", mock.URL(t) + "/?"} {
		sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: t.TempDir(), BaseURL: base})
		require.Error(t, err, base)
		assert.Nil(t, sum)
		assert.ErrorIs(t, err, ErrConfig, base)
		assert.Contains(t, err.Error(), "has a query or fragment; give the scheme, host and optional path prefix only", base)
		assert.NotContains(t, err.Error(), "hunter2pw", base)
		assert.NotContains(t, err.Error(), "\n")
	}
}

// TestBaseURLPathPrefix: a STRIPE_API_BASE with a path prefix (a proxy
// that serves Stripe under /stripe) gets every request under that prefix,
// with or without a trailing slash.
func TestBaseURLPathPrefix(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	forward := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.Method+" "+r.URL.Path)
		mu.Unlock()
		if !strings.HasPrefix(r.URL.Path, "/stripe/v1/") {
			http.Error(w, "not under /stripe", http.StatusNotFound)
			return
		}
		r.URL.Path = strings.TrimPrefix(r.URL.Path, "/stripe")
		forward.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	for _, base := range []string{proxy.URL + "/stripe", proxy.URL + "/stripe/"} {
		paths = nil
		sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: t.TempDir(), BaseURL: base, Run: regexp.MustCompile("^lifecycle$")})
		require.NoError(t, err, base)
		require.Zero(t, sum.Failed(), "%s: %v", base, sum.Outcomes[0].Err)
		mu.Lock()
		require.NotEmpty(t, paths)
		for _, p := range paths {
			assert.Contains(t, p, " /stripe/v1/checkout/sessions", base)
		}
		mu.Unlock()
	}
}

// TestMockURLIsUsedAndNotStarted: with Options.Mock.URL, Run starts no
// stripe-mock (its log says none starts) and sends to that one, under the
// local server by default and as the server itself with StartStripeMock;
// the cassette is stamped with what Run started, as without it.
func TestMockURLIsUsedAndNotStarted(t *testing.T) {
	t.Parallel()
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	forward := httputil.NewSingleHostReverseProxy(target)
	var seen atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Add(1)
		forward.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	for _, tt := range []struct{ start, stamp string }{
		{StartLocal, "local; stateful=true; local=true"},
		{StartStripeMock, "stripe-mock; stateful=false; local=true"},
	} {
		seen.Store(0)
		var log strings.Builder
		dir := t.TempDir()
		sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, Run: regexp.MustCompile("^setup$"),
			Start: tt.start, Mock: stripemock.Options{URL: proxy.URL}, Log: &log})
		require.NoError(t, err, tt.start)
		require.Zero(t, sum.Failed(), "%s: %s", tt.start, log.String())
		assert.NotZero(t, seen.Load(), "%s: requests reach the stripe-mock given", tt.start)
		assert.NotContains(t, log.String(), "starting stripe-mock", tt.start)
		data, err := os.ReadFile(filepath.Join(dir, "setup.yaml"))
		require.NoError(t, err)
		assert.Contains(t, string(data), tt.stamp, tt.start)
	}
}
