package checkoutvcrtest_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/checkoutvcrtest"
	"github.com/checkoutvcr/checkoutvcr/webhooktest"
)

// call sends one API request to srv with its key and decodes the JSON
// answer.
func call(t *testing.T, srv *checkoutvcrtest.Server, method, path string, form url.Values) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.SetBasicAuth(srv.Key, "")
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := srv.Client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]any
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &body), "%s", data)
	return resp.StatusCode, body, resp.Header
}

// create creates an open payment session of two of price.
func create(t *testing.T, srv *checkoutvcrtest.Server, price string) string {
	t.Helper()
	status, body, _ := call(t, srv, http.MethodPost, "/v1/checkout/sessions", url.Values{
		"mode": {"payment"}, "success_url": {"https://example.com/ok"},
		"line_items[0][price]": {price}, "line_items[0][quantity]": {"2"},
	})
	require.Equal(t, 200, status, "%v", body)
	assert.Equal(t, "open", body["status"])
	return body["id"].(string)
}

// TestNewServerServesCheckout: one call gives a stateful Checkout API:
// a session of a price made with Price is created, paid through Pay and
// retrieved complete; another is expired, and expiring it again is
// Stripe's 400. RecordOptions fit it.
func TestNewServerServesCheckout(t *testing.T) {
	t.Parallel()
	srv := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{})
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, srv.URL)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, srv.StripeMockURL)
	assert.Equal(t, checkoutvcrtest.DefaultKey, srv.Key)

	price := srv.Price(t, checkoutvcrtest.PriceParams{UnitAmount: 2000, Currency: "usd", Product: "T-shirt"})
	paid := create(t, srv, price)
	srv.Pay(t, paid)
	_, body, _ := call(t, srv, http.MethodGet, "/v1/checkout/sessions/"+paid, nil)
	assert.Equal(t, "complete", body["status"])
	assert.Equal(t, "paid", body["payment_status"])

	expired := create(t, srv, price)
	_, body, _ = call(t, srv, http.MethodPost, "/v1/checkout/sessions/"+expired+"/expire", nil)
	assert.Equal(t, "expired", body["status"])
	status, _, _ := call(t, srv, http.MethodPost, "/v1/checkout/sessions/"+expired+"/expire", nil)
	assert.Equal(t, 400, status)

	// What recording a client of srv needs: the key redacted, stripe-go's
	// retry rule, the server stamped as the local one.
	opts := srv.RecordOptions()
	assert.Equal(t, []string{srv.Key}, opts.Secrets)
	require.NotNil(t, opts.Retried)
	assert.True(t, opts.Retried(429, http.Header{}, []byte(`{"error":{"code":"lock_timeout"}}`)))
	assert.Equal(t, "local; stateful=true; local=true", opts.Server.String())
}

// TestOptions: the key, the account's API version (sent by Client on a
// request without one, and the events' api_version), the epoch, and a
// webhook endpoint that gets each event signed with its secret.
func TestOptions(t *testing.T) {
	t.Parallel()
	const secret = "whsec_checkoutvcrtest"
	var mu sync.Mutex
	var got []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhooktest.Verify(body, r.Header.Get("Stripe-Signature"), secret, time.Minute, time.Now()); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		ev, err := webhooktest.ParseEvent(body)
		require.NoError(t, err)
		mu.Lock()
		got = append(got, ev.Type)
		mu.Unlock()
	}))
	defer hook.Close()
	epoch := time.Date(2030, 5, 1, 12, 0, 0, 0, time.UTC)
	var versionSent string
	srv := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{
		Key: "sk_test_options123", APIVersion: "2025-08-27.basil", Epoch: epoch,
		Webhooks: []checkoutvcrtest.Webhook{{URL: hook.URL, Secret: secret}},
	})
	assert.Equal(t, "sk_test_options123", srv.Key)
	assert.Equal(t, "2025-08-27.basil", srv.APIVersion)

	// The version Client sends, seen by a server of our own.
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { versionSent = r.Header.Get("Stripe-Version") }))
	defer echo.Close()
	resp, err := srv.Client.Get(echo.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "2025-08-27.basil", versionSent)

	id := create(t, srv, srv.Price(t, checkoutvcrtest.PriceParams{UnitAmount: 1500, Currency: "eur", Product: "Mug"}))
	_, body, _ := call(t, srv, http.MethodGet, "/v1/checkout/sessions/"+id, nil)
	assert.EqualValues(t, epoch.Unix(), body["created"])
	srv.Pay(t, id) // the event is delivered before Pay returns
	mu.Lock()
	assert.Equal(t, []string{"checkout.session.completed"}, got)
	mu.Unlock()
	_, events, _ := call(t, srv, http.MethodGet, "/v1/events", nil)
	data := events["data"].([]any)
	require.Len(t, data, 1)
	assert.Equal(t, "2025-08-27.basil", data[0].(map[string]any)["api_version"])

	later := srv.Advance(time.Hour)
	assert.Equal(t, epoch.Add(time.Hour), later.UTC())
}

// TestPriceAndPost: Price makes a product and a one-time price a session
// can sell, with the same id on every run of the same test (another
// server, same key); Post creates any other object a test's code refers
// to, and fails the test with Stripe's error when the server refuses.
// Without them, the server knows no price: Stripe's 400 "No such price".
func TestPriceAndPost(t *testing.T) {
	t.Parallel()
	srv := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{})
	status, body, _ := call(t, srv, http.MethodPost, "/v1/checkout/sessions", url.Values{
		"mode": {"payment"}, "success_url": {"https://example.com/ok"},
		"line_items[0][price]": {"price_1"}, "line_items[0][quantity]": {"1"},
	})
	assert.Equal(t, 400, status)
	assert.Equal(t, "No such price: 'price_1'", body["error"].(map[string]any)["message"])

	price := srv.Price(t, checkoutvcrtest.PriceParams{UnitAmount: 2000, Currency: "usd", Product: "T-shirt"})
	assert.Regexp(t, `^price_\w+$`, price)
	_, got, _ := call(t, srv, http.MethodGet, "/v1/prices/"+price+"?expand[]=product", nil)
	assert.EqualValues(t, 2000, got["unit_amount"])
	assert.Equal(t, "usd", got["currency"])
	assert.Equal(t, "one_time", got["type"])
	assert.Equal(t, "T-shirt", got["product"].(map[string]any)["name"])

	id := create(t, srv, price)
	_, items, _ := call(t, srv, http.MethodGet, "/v1/checkout/sessions/"+id+"/line_items", nil)
	data := items["data"].([]any)
	require.Len(t, data, 1)
	assert.Equal(t, price, data[0].(map[string]any)["price"].(map[string]any)["id"])
	assert.EqualValues(t, 4000, data[0].(map[string]any)["amount_total"])

	customer := srv.Post(t, "/v1/customers", url.Values{"email": {"jenny@example.com"}})
	assert.Equal(t, "customer", customer["object"])
	_, got, _ = call(t, srv, http.MethodGet, "/v1/customers/"+customer["id"].(string), nil)
	assert.Equal(t, "jenny@example.com", got["email"])

	// A refused Post fails the test, quoting Stripe's error.
	ft := &fatalTB{TB: t}
	ft.run(func() { srv.Post(ft, "/v1/prices", url.Values{"currency": {"usd"}}) })
	assert.Contains(t, ft.msg, "checkoutvcrtest: POST /v1/prices: 400 Bad Request")
	assert.Contains(t, ft.msg, "product")

	again := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{})
	assert.Equal(t, price, again.Price(t, checkoutvcrtest.PriceParams{UnitAmount: 2000, Currency: "usd", Product: "T-shirt"}),
		"the same key and order of creation give the same id")
}

// fatalTB records the message of a Fatalf instead of failing the test.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// run runs fn in a goroutine of its own, so that Fatalf ends only fn.
func (f *fatalTB) run(fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	<-done
}

// TestLiveKeyRefused: a live-mode key fails the test at NewServer,
// before anything starts, showing its prefix only.
func TestLiveKeyRefused(t *testing.T) {
	for _, key := range []string{"sk_live_51AbCdEfGhIjKl", "rk_live_51AbCdEfGhIjKl"} {
		ft := &fatalTB{TB: t}
		ft.run(func() { checkoutvcrtest.NewServer(ft, checkoutvcrtest.Options{Key: key}) })
		assert.Equal(t, "checkoutvcrtest: Options.Key is a live-mode key ("+key[:8]+"…): use a test key such as sk_test_checkoutvcrtest, or leave Key empty", ft.msg)
	}
}

// TestPostErrorIsRedacted: when Post fails, the server's error is quoted
// with the key (raw, or as the Basic credential it was sent in) redacted.
func TestPostErrorIsRedacted(t *testing.T) {
	const key = "sk_test_51SecretKeyXyz"
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error": {"message": "Authorization was '%s' for %s"}}`, r.Header.Get("Authorization"), key)
	}))
	defer echo.Close()
	srv := &checkoutvcrtest.Server{URL: echo.URL, Key: key, Client: echo.Client()}
	ft := &fatalTB{TB: t}
	ft.run(func() { srv.Post(ft, "/v1/customers", nil) })
	assert.Contains(t, ft.msg, "checkoutvcrtest: POST /v1/customers: 401 Unauthorized")
	assert.NotContains(t, ft.msg, key)
	assert.NotContains(t, ft.msg, base64.StdEncoding.EncodeToString([]byte(key+":")))
	assert.Contains(t, ft.msg, "Basic REDACTED")
}
