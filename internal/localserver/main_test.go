package localserver

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/internal/stripemock/stripemocktest"
	"github.com/stretchr/testify/require"
)

// mock is the one stripe-mock of this test binary, started by the first
// test that needs it and stopped by TestMain.
var mock stripemocktest.Shared

func TestMain(m *testing.M) { os.Exit(mock.Run(m)) }

// mockURL returns the base URL of the shared stripe-mock.
func mockURL(t testing.TB) string { return mock.URL(t) }

// harness is a fresh server on loopback, talked to with one API key
// unless a request says otherwise.
type harness struct {
	t   testing.TB
	srv *Server
	url string
	key string
}

func newHarness(t testing.TB, opts ...func(*Options)) *harness {
	t.Helper()
	o := Options{StripeMock: mockURL(t), Epoch: DefaultEpoch}
	for _, f := range opts {
		f(&o)
	}
	srv, err := New(o)
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &harness{t: t, srv: srv, url: ts.URL, key: "sk_test_123"}
}

// reply is one response.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body.
func (r reply) JSON() map[string]any {
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		panic("not JSON: " + string(r.Body))
	}
	return m
}

// do sends one request: form is the body of a POST or the query of a GET;
// headers are name, value pairs.
func (h *harness) do(method, path, form string, headers ...string) reply {
	h.t.Helper()
	return h.doKey(h.key, method, path, form, headers...)
}

func (h *harness) doKey(key, method, path, form string, headers ...string) reply {
	h.t.Helper()
	u := h.url + path
	var body io.Reader
	if method == http.MethodGet && form != "" {
		u += "?" + form
	} else if method != http.MethodGet {
		body = strings.NewReader(form)
	}
	req, err := http.NewRequest(method, u, body)
	require.NoError(h.t, err)
	req.Header.Set("Authorization", "Bearer "+key)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	return reply{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// ok sends a request that must succeed and returns its JSON.
func (h *harness) ok(method, path, form string, headers ...string) map[string]any {
	h.t.Helper()
	r := h.do(method, path, form, headers...)
	require.Equal(h.t, http.StatusOK, r.Status, "%s %s %s: %s", method, path, form, r.Body)
	return r.JSON()
}

// create makes a session from form and returns it.
func (h *harness) create(form string) map[string]any {
	h.t.Helper()
	return h.ok(http.MethodPost, "/v1/checkout/sessions", form)
}

// errorOf is the error object of a failed reply, without its
// request_log_url, which must be Stripe's link to the reply's Request-Id.
func errorOf(t testing.TB, r reply) map[string]any {
	t.Helper()
	e, ok := r.JSON()["error"].(map[string]any)
	require.True(t, ok, "no error object in %s", r.Body)
	if r.Status != http.StatusUnauthorized || e["request_log_url"] != nil {
		require.Regexp(t, `^https://dashboard\.stripe\.com/test/logs/`+r.Header.Get("Request-Id")+`\?t=\d+$`, e["request_log_url"])
	}
	delete(e, "request_log_url")
	return e
}

const (
	paymentForm = "mode=payment&success_url=https://example.com/ok" +
		"&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=2000" +
		"&line_items[0][price_data][product_data][name]=T-shirt&line_items[0][quantity]=2"
	setupForm        = "mode=setup&currency=usd&success_url=https://example.com/ok"
	subscriptionForm = "mode=subscription&success_url=https://example.com/ok" +
		"&line_items[0][price_data][currency]=eur&line_items[0][price_data][unit_amount]=900" +
		"&line_items[0][price_data][recurring][interval]=month" +
		"&line_items[0][price_data][product_data][name]=Plan&line_items[0][quantity]=1"
)

// direct sends a request straight to stripe-mock.
func direct(t testing.TB, method, path, form string) reply {
	t.Helper()
	h := &harness{t: t, url: mockURL(t), key: "sk_test_123"}
	return h.do(method, path, form)
}

func scrubAddr(b []byte) string { return validatorAddr.ReplaceAllString(string(b), "validator failed") }

// newServer serves h on loopback until the test ends and returns its URL.
func newServer(t testing.TB, h http.Handler) string {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// object creates an object of the harness's account through its Stripe
// endpoint (/v1/customers…) and returns it.
func (h *harness) object(coll, form string) map[string]any {
	h.t.Helper()
	return h.ok(http.MethodPost, "/v1/"+coll, form)
}

// price creates a product named name and a one-time price of amount in
// currency, and returns the price's id.
func (h *harness) price(name string, amount int, currency string) string {
	h.t.Helper()
	return h.object("prices", fmt.Sprintf("product_data[name]=%s&unit_amount=%d&currency=%s", name, amount, currency))["id"].(string)
}

// customer creates a customer with email and returns its id.
func (h *harness) customer(email string) string {
	h.t.Helper()
	return h.object("customers", "email="+email)["id"].(string)
}
