package stripego_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/examples/stripego"
	"github.com/checkoutvcr/checkoutvcr/vcr"
)

// key is a dummy test key: stripe-mock accepts any well-formed one.
const key = "sk_test_stripego123"

// cart is what the tests against stripe-mock alone buy: stripe-mock keeps
// no state and accepts any price id. Against the local server, which
// knows only the prices made in it, tests buy localCart's.
var cart = []stripego.Item{{Price: "price_1", Quantity: 2}, {Price: "price_2", Quantity: 1}}

// TestCheckoutRecordReplayVerify records the shop's real stripe-go traffic
// against stripe-mock through vcr.Recorder, then replays the cassette
// offline through vcr.Replayer and checks every exchange against
// checkoutvcr's contracts.
func TestCheckoutRecordReplayVerify(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "checkout.yaml")

	// Record: stripe-go → vcr.Recorder → stripe-mock.
	rec, err := vcr.Record(path, vcr.RecordOptions{
		Secrets: []string{key},
		Retried: vcr.StripeGoRetried,
		Server:  vcr.Server{Kind: vcr.ServerStripeMock, Local: true},
	})
	require.NoError(t, err)
	shop := stripego.NewShop(key, startStripeMock(t), "https://example.com/ok", &http.Client{Transport: rec})
	id, lines, err := shop.Checkout(ctx, cart)
	if err == nil {
		err = shop.Cancel(ctx, id)
	}
	if err != nil {
		rec.Abort() // keep whatever cassette was there
		t.Fatal(err)
	}
	require.NoError(t, rec.Commit())
	assert.Equal(t, 3, rec.Interactions(), "create, list line items, expire")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(data), key, "the key never reaches the cassette")
	assert.NotContains(t, string(data), "Authorization")

	// Replay: the same code, offline. stripe.invalid is never dialled.
	rp, err := vcr.Replay(path, vcr.ReplayOptions{Rerecord: "go test ./examples/stripego"})
	require.NoError(t, err)
	shop = stripego.NewShop(key, "http://stripe.invalid", "https://example.com/ok", &http.Client{Transport: rp})
	id2, lines2, err := shop.Checkout(ctx, cart)
	require.NoError(t, err)
	require.NoError(t, shop.Cancel(ctx, id2))
	assert.Equal(t, id, id2, "replay answers what was recorded")
	assert.Equal(t, lines, lines2)
	assert.Empty(t, rp.Unused(), "every recorded exchange is replayed")

	// Verify: each replayed exchange against Stripe's contract.
	set, err := contracts.Load()
	require.NoError(t, err)
	exchanges := rp.Exchanges()
	require.Len(t, exchanges, 3)
	for _, ex := range exchanges {
		fs, err := set.CheckExchange(ex, contracts.ExchangeOptions{})
		require.NoError(t, err)
		for _, f := range fs {
			if f.Severity == contracts.SeverityError {
				t.Errorf("%s %s: %s", ex.Method, ex.Path, f)
			}
		}
	}
}

// TestReplayExplainsAChangedRequest: when the code sends something the
// cassette does not hold, the replay says which recorded request came
// closest and what differs.
func TestReplayExplainsAChangedRequest(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "checkout.yaml")
	rec, err := vcr.Record(path, vcr.RecordOptions{Secrets: []string{key}})
	require.NoError(t, err)
	shop := stripego.NewShop(key, startStripeMock(t), "https://example.com/ok", &http.Client{Transport: rec})
	_, _, err = shop.Checkout(ctx, cart)
	require.NoError(t, err)
	require.NoError(t, rec.Commit())

	rp, err := vcr.Replay(path, vcr.ReplayOptions{})
	require.NoError(t, err)
	shop = stripego.NewShop(key, "http://stripe.invalid", "https://example.com/ok", &http.Client{Transport: rp})
	changed := []stripego.Item{{Price: "price_1", Quantity: 3}, cart[1]}
	_, _, err = shop.Checkout(ctx, changed)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "closest is interaction 0: form line_items[0][quantity]: recorded 2, sent 3")
}

var listening = regexp.MustCompile(`Listening for HTTP at address: (127\.0\.0\.1:\d+)`)

// startStripeMock runs this module's pinned stripe-mock (go tool
// stripe-mock) on a free loopback port until the test ends, and returns
// its URL.
func startStripeMock(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin, err := exec.CommandContext(ctx, "go", "tool", "-n", "stripe-mock").Output()
	require.NoError(t, err, "go tool -n stripe-mock; pin it with: go get -tool github.com/stripe/stripe-mock@v0.203.0")
	cmd := exec.Command(strings.TrimSpace(string(bin)), "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case a := <-addr:
		return "http://" + a
	case <-ctx.Done():
		t.Fatal("stripe-mock did not listen within 3 minutes")
		return ""
	}
}

// TestRetriedExchangeIsNotSaved: stripe-go retries a lock timeout (with
// the same Idempotency-Key); the cassette keeps only the answer it
// finally used.
func TestRetriedExchangeIsNotSaved(t *testing.T) {
	mock := startStripeMock(t)
	var failed atomic.Bool
	flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && failed.CompareAndSwap(false, true) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"lock_timeout","message":"try again"}}`))
			return
		}
		proxy(t, w, r, mock)
	}))
	defer flaky.Close()

	path := filepath.Join(t.TempDir(), "checkout.yaml")
	rec, err := vcr.Record(path, vcr.RecordOptions{Secrets: []string{key}, Retried: vcr.StripeGoRetried})
	require.NoError(t, err)
	shop := stripego.NewShop(key, flaky.URL, "https://example.com/ok", &http.Client{Transport: rec})
	_, _, err = shop.Checkout(context.Background(), cart)
	require.NoError(t, err, "stripe-go retried the lock timeout")
	require.True(t, failed.Load())
	assert.Equal(t, 2, rec.Interactions(), "create (its final answer) and list line items")
	require.NoError(t, rec.Commit())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "try again")
}

// proxy forwards r to base and copies the answer to w.
func proxy(t *testing.T, w http.ResponseWriter, r *http.Request, base string) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method, base+r.URL.RequestURI(), r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}
