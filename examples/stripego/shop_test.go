package stripego_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/checkoutvcrtest"
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
	shop := stripego.NewShop(key, stripeMock(t), "https://example.com/ok", &http.Client{Transport: rec})
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
	shop := stripego.NewShop(key, stripeMock(t), "https://example.com/ok", &http.Client{Transport: rec})
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

// stripeMock returns the URL of a stripe-mock that runs until the tests
// end, for recording against stripe-mock alone: a server's StripeMockURL,
// the one stripe-mock checkoutvcrtest.Main shares among this test
// binary's servers (see main_test.go).
func stripeMock(t *testing.T) string {
	t.Helper()
	return checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{}).StripeMockURL
}

// TestRetriedExchangeIsNotSaved: stripe-go retries a lock timeout (with
// the same Idempotency-Key); the cassette keeps only the answer it
// finally used.
func TestRetriedExchangeIsNotSaved(t *testing.T) {
	mock := stripeMock(t)
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
