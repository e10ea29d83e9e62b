package record

import (
	"bytes"
	"context"
	"io"
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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock/stripemocktest"
)

// mock is one stripe-mock on loopback for the tests here, started by the
// first that asks for it.
var mock stripemocktest.Shared

func TestMain(m *testing.M) { os.Exit(mock.Run(m)) }

// sharedMock has Run record over the test binary's stripe-mock instead of
// starting one of its own, as it does without BaseURL and Key: for the
// tests about what is recorded, not how record starts its servers
// (TestLocalServerByDefault and TestDiffAgainstChangedFixtures's changed
// fixtures start their own).
func sharedMock(t testing.TB) stripemock.Options { return stripemock.Options{URL: mock.URL(t)} }

// scenarios writes n copies of the lifecycle scenario, named s0…s(n-1),
// into a temp folder.
func scenarios(t *testing.T, n int) string {
	t.Helper()
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	dir := t.TempDir()
	for i := range n {
		name := "s" + string(rune('0'+i))
		text := strings.Replace(string(data), "name: lifecycle", "name: "+name, 1)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".yaml"), []byte(text), 0o644))
	}
	return dir
}

// volatile matches what stripe-mock makes up on every call (session ids)
// and what changes with time (Date, durations).
var volatile = regexp.MustCompile(`cs_test_[A-Za-z0-9]+|Date:\n\s+- .*|duration: .*`)

func normalized(t *testing.T, path string) string {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return volatile.ReplaceAllString(string(data), "<volatile>")
}

func TestParallelRecordEqualsSerial(t *testing.T) {
	t.Parallel()
	scen := scenarios(t, 4)
	serial, parallel := t.TempDir(), t.TempDir()
	var serialLog, parallelLog bytes.Buffer
	_, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: serial, BaseURL: mock.URL(t), Log: &serialLog})
	require.NoError(t, err)
	_, err = Run(context.Background(), Options{Scenarios: scen, Cassettes: parallel, BaseURL: mock.URL(t), Parallel: 4, Log: &parallelLog})
	require.NoError(t, err)
	for i := range 4 {
		name := "s" + string(rune('0'+i)) + ".yaml"
		assert.Equal(t, normalized(t, filepath.Join(serial, name)), normalized(t, filepath.Join(parallel, name)), name)
	}
	order := regexp.MustCompile(`✓ (s\d)`)
	assert.Equal(t, order.FindAllString(serialLog.String(), -1), order.FindAllString(parallelLog.String(), -1), "output in scenario order")
}

// retryOnce answers the first create with 429 and forwards the rest to
// stripe-mock, remembering the Idempotency-Key of each create attempt.
type retryOnce struct {
	mu      sync.Mutex
	creates []string
	forward http.Handler
}

func (p *retryOnce) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == "POST" && r.URL.Path == "/v1/checkout/sessions" {
		p.mu.Lock()
		p.creates = append(p.creates, r.Header.Get("Idempotency-Key"))
		first := len(p.creates) == 1
		p.mu.Unlock()
		if first {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Too many requests"}}`))
			return
		}
	}
	p.forward.ServeHTTP(w, r)
}

func TestRetriedRequestKeepsOnlyFinalExchange(t *testing.T) {
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	proxy := &retryOnce{forward: httputil.NewSingleHostReverseProxy(target)}
	srv := httptest.NewServer(proxy)
	defer srv.Close()
	dir := t.TempDir()
	sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: srv.URL, Run: regexp.MustCompile("^lifecycle$")})
	require.NoError(t, err)
	require.Zero(t, sum.Failed())

	require.Len(t, proxy.creates, 2)
	assert.Equal(t, proxy.creates[0], proxy.creates[1], "the retry reuses the key")
	assert.Regexp(t, `^checkoutvcr-lifecycle-create-[0-9a-f]{8}$`, proxy.creates[0])
	c, err := cassette.Load(filepath.Join(dir, "lifecycle"))
	require.NoError(t, err)
	var codes []int
	for _, i := range c.Interactions {
		codes = append(codes, i.Response.Code)
	}
	assert.NotContains(t, codes, http.StatusTooManyRequests, "the 429 that was retried is not saved")
	assert.Equal(t, sum.Outcomes[0].Interactions, len(c.Interactions))
}

func TestInterruptFinishesRunningScenarioAndStartsNoMore(t *testing.T) {
	scen := scenarios(t, 3)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	// Cancel as soon as the first request goes out: s0 is running.
	var once sync.Once
	transport := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		once.Do(cancel)
		return http.DefaultTransport.RoundTrip(r)
	})
	var log bytes.Buffer
	sum, err := Run(ctx, Options{Scenarios: scen, Cassettes: dir, BaseURL: mock.URL(t), Transport: transport, Log: &log})
	require.NoError(t, err)
	require.Len(t, sum.Outcomes, 3)
	assert.NoError(t, sum.Outcomes[0].Err, "the running scenario completes")
	assert.ErrorIs(t, sum.Outcomes[1].Err, ErrInterrupted)
	assert.ErrorIs(t, sum.Outcomes[2].Err, ErrInterrupted)
	assert.FileExists(t, filepath.Join(dir, "s0.yaml"))
	assert.NoFileExists(t, filepath.Join(dir, "s1.yaml"))
	assert.Contains(t, log.String(), "interrupted: not re-recorded: s1, s2 (their cassettes are unchanged)")
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestDryRunLeavesCassettesUntouched(t *testing.T) {
	dir := t.TempDir()
	before := []byte("---\nversion: 2\ninteractions: []\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), before, 0o644))
	var log bytes.Buffer
	_, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: mock.URL(t), DryRun: true, Log: &log, Run: regexp.MustCompile("^lifecycle$")})
	require.NoError(t, err)
	after, err := os.ReadFile(filepath.Join(dir, "lifecycle.yaml"))
	require.NoError(t, err)
	assert.Equal(t, before, after)
	assert.Contains(t, log.String(), "lifecycle                would change: 1 change (see -diff): 5 interactions, committed cassette has 0 (whole cassette)")
	assert.Contains(t, log.String(), "dry run: recorded 1 of 1 scenario against")
	assert.Contains(t, log.String(), "into a temp folder ("+dir+"/ untouched)\n", "names the folder it left alone")
	assert.NotContains(t, log.String(), "cassettes/ untouched")
}

func TestCheckKey(t *testing.T) {
	for key, ok := range map[string]bool{
		"": true, "sk_test_123": true, "rk_test_123": true,
		"sk_live_123": false, "rk_live_123": false, "pk_test_123": false, "hunter2": false,
	} {
		assert.Equal(t, ok, CheckKey(key) == nil, key)
	}
	assert.ErrorIs(t, CheckKey("sk_live_x"), ErrLiveKey)
}

func TestErrorStatusWithoutExpectationIsNotSaved(t *testing.T) {
	scen, dir := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(scen, "bare.yaml"), []byte("name: bare\nsteps:\n  - id: create\n    op: create\n    params: {mode: payment}\n"), 0o644))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Stripe-Should-Retry", "false")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"error":{"type":"api_error","message":"Something went wrong"}}`))
	}))
	defer srv.Close()
	sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: srv.URL})
	require.NoError(t, err)
	require.Error(t, sum.Outcomes[0].Err)
	assert.Contains(t, sum.Outcomes[0].Err.Error(), `step "create" (`+filepath.Join(scen, "bare.yaml")+`:3:5): got HTTP 500 ("Something went wrong"); no expect asks for an error status`)
	assert.NoFileExists(t, filepath.Join(dir, "bare.yaml"))
}

// TestFailedStepEndsTheScenario: after a step whose outcome fails the
// scenario (an error status nothing expects), no more of its requests
// are sent; a dry run goes on, to show every change.
func TestFailedStepEndsTheScenario(t *testing.T) {
	scen := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(scen, "two.yaml"), []byte("name: two\nsteps:\n"+
		"  - id: bad\n    op: create\n    params: {mode: payment}\n"+
		"  - id: good\n    op: create\n    params: {mode: payment, success_url: \"https://example.com/ok\", line_items: [{price: price_1, quantity: 1}]}\n"), 0o644))
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Stripe-Should-Retry", "false")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":{"type":"invalid_request_error","message":"Missing required param: success_url."}}`))
	}))
	defer srv.Close()
	sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: t.TempDir(), BaseURL: srv.URL})
	require.NoError(t, err)
	require.ErrorContains(t, sum.Outcomes[0].Err, `step "bad"`)
	assert.Equal(t, int32(1), requests.Load(), "the second step is not sent")

	requests.Store(0)
	_, err = Run(context.Background(), Options{Scenarios: scen, Cassettes: t.TempDir(), BaseURL: srv.URL, DryRun: true, Log: io.Discard})
	require.NoError(t, err)
	assert.Equal(t, int32(2), requests.Load(), "a dry run sends every step")
}

func TestProgressLineIsReplacedByOutcome(t *testing.T) {
	var log bytes.Buffer
	_, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: t.TempDir(), BaseURL: mock.URL(t),
		Run: regexp.MustCompile("^(lifecycle|setup)$"), Progress: true, Log: &log})
	require.NoError(t, err)
	assert.Contains(t, log.String(), "\r\x1b[K⋯ lifecycle                recording (1 of 2)\r\x1b[K✓ lifecycle")
	assert.Contains(t, log.String(), "\r\x1b[K⋯ setup                    recording (2 of 2)\r\x1b[K✓ setup")

	log.Reset()
	_, err = Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: t.TempDir(), BaseURL: mock.URL(t),
		Run: regexp.MustCompile("^setup$"), Log: &log})
	require.NoError(t, err)
	assert.NotContains(t, log.String(), "\r", "plain lines when not on a terminal")
}
