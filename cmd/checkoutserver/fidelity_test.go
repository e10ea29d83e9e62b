package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// call sends one request with key to the running command and returns the
// status, the Request-Id and the decoded body.
func call(t *testing.T, base, key, method, path, form string) (int, string, map[string]any) {
	t.Helper()
	u, body := base+path, io.Reader(nil)
	if method == http.MethodGet && form != "" {
		u += "?" + form
	} else if method == http.MethodPost {
		body = strings.NewReader(form)
	}
	req, _ := http.NewRequest(method, u, body)
	req.Header.Set("Authorization", "Bearer "+key)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return resp.StatusCode, resp.Header.Get("Request-Id"), m
}

func errMsg(m map[string]any) (msg, param, code any) {
	e, _ := m["error"].(map[string]any)
	return e["message"], e["param"], e["code"]
}

// TestFaithfulOverHTTP drives cmd/checkoutserver, at its defaults (the
// wall clock), through the behaviours issue 22's "Done means" lists.
func TestFaithfulOverHTTP(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := start(t, ctx, io.Discard)
	const key = "sk_test_123"
	post := func(path, form string) (int, string, map[string]any) {
		return call(t, base, key, http.MethodPost, path, form)
	}
	get := func(path, form string) (int, string, map[string]any) {
		return call(t, base, key, http.MethodGet, path, form)
	}
	ok := func(status int, _ string, m map[string]any) map[string]any {
		t.Helper()
		require.Equal(t, http.StatusOK, status, "%v", m)
		return m
	}
	const pay = "mode=payment&success_url=https://example.com/ok"

	// expires_at from the client's own clock.
	exp := time.Now().Add(time.Hour).Unix()
	s := ok(post("/v1/checkout/sessions", pay+"&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=500"+
		"&line_items[0][price_data][product_data][name]=Pen&line_items[0][quantity]=1"+fmt.Sprintf("&expires_at=%d", exp)))
	assert.EqualValues(t, exp, s["expires_at"])
	assert.InDelta(t, time.Now().Unix(), s["created"], 60, "created is the time of the request")
	assert.Equal(t, "if_required", s["customer_creation"], "customer_creation in payment mode")
	assert.Equal(t, []any{}, s["discounts"], "discounts in payment mode")

	// Unknown customer.
	status, reqID, m := post("/v1/checkout/sessions", pay+"&customer=cus_nope&line_items[0][price_data][currency]=usd"+
		"&line_items[0][price_data][unit_amount]=500&line_items[0][price_data][product_data][name]=Pen&line_items[0][quantity]=1")
	assert.Equal(t, http.StatusBadRequest, status)
	msg, param, code := errMsg(m)
	assert.Equal(t, "No such customer: 'cus_nope'", msg)
	assert.Equal(t, "customer", param)
	assert.Equal(t, "resource_missing", code)
	assert.Regexp(t, `^https://dashboard\.stripe\.com/test/logs/`+reqID+`\?t=\d+$`, m["error"].(map[string]any)["request_log_url"])

	// A 2000 usd price with a 500 amount_off coupon.
	price := ok(post("/v1/prices", "product_data[name]=T-shirt&unit_amount=2000&currency=usd"))["id"].(string)
	coupon := ok(post("/v1/coupons", "amount_off=500&currency=usd&duration=once"))["id"].(string)
	cus := ok(post("/v1/customers", "email=jo@example.com&name=Jo"))["id"].(string)
	s = ok(post("/v1/checkout/sessions", pay+"&line_items[0][price]="+price+"&line_items[0][quantity]=1&discounts[0][coupon]="+coupon+"&customer="+cus))
	assert.EqualValues(t, 2000, s["amount_subtotal"])
	assert.EqualValues(t, 1500, s["amount_total"])
	assert.EqualValues(t, 500, s["total_details"].(map[string]any)["amount_discount"])
	assert.Equal(t, []any{map[string]any{"coupon": coupon, "promotion_code": nil}}, s["discounts"])
	assert.Equal(t, "jo@example.com", s["customer_details"].(map[string]any)["email"], "customer_details from the customer")
	items := ok(get("/v1/checkout/sessions/"+s["id"].(string)+"/line_items", ""))["data"].([]any)
	assert.Equal(t, "T-shirt", items[0].(map[string]any)["description"], "named from the price's product")

	// Paid: the expanded PaymentIntent agrees with the session.
	ok(post("/_checkoutvcr/sessions/"+s["id"].(string)+"/pay", ""))
	paid := ok(get("/v1/checkout/sessions/"+s["id"].(string), "expand[]=payment_intent"))
	pi := paid["payment_intent"].(map[string]any)
	assert.Equal(t, "succeeded", pi["status"])
	assert.EqualValues(t, 1500, pi["amount"])
	assert.Equal(t, "usd", pi["currency"])
	assert.Equal(t, cus, pi["customer"])

	// customer with customer_email.
	status, _, m = post("/v1/checkout/sessions", pay+"&line_items[0][price]="+price+"&line_items[0][quantity]=1&customer="+cus+"&customer_email=a@example.com")
	assert.Equal(t, http.StatusBadRequest, status)
	msg, _, _ = errMsg(m)
	assert.Equal(t, "You may only specify one of these parameters: customer, customer_email.", msg)

	// A subscription with only one-time prices.
	status, _, m = post("/v1/checkout/sessions", "mode=subscription&success_url=https://example.com/ok&line_items[0][price]="+price+"&line_items[0][quantity]=1")
	assert.Equal(t, http.StatusBadRequest, status)
	msg, _, _ = errMsg(m)
	assert.Equal(t, "You must provide at least one recurring price in `subscription` mode when using prices.", msg)

	// A setup session has its SetupIntent at creation.
	setup := ok(post("/v1/checkout/sessions", "mode=setup&currency=usd&success_url=https://example.com/ok"))
	assert.Regexp(t, `^seti_`, setup["setup_intent"])

	// Expand on lists and on a retrieve.
	status, _, _ = get("/v1/checkout/sessions", "expand[]=line_items")
	assert.Equal(t, http.StatusBadRequest, status)
	ok(get("/v1/checkout/sessions", "expand[]=data.line_items"))
	status, _, m = get("/v1/checkout/sessions/"+setup["id"].(string), "expand[]=mode")
	assert.Equal(t, http.StatusBadRequest, status)
	msg, _, _ = errMsg(m)
	assert.Equal(t, "This property cannot be expanded (mode).", msg)

	// Two requests, two Request-Ids.
	_, id1, _ := get("/v1/checkout/sessions", "")
	_, id2, _ := get("/v1/checkout/sessions", "")
	assert.NotEqual(t, id1, id2)
	assert.Regexp(t, `^req_`, id1)

	cancel()
	require.NoError(t, <-done)
}

// TestKeysFile: with -keys, a key outside the file gets Stripe's 401,
// masked to its last four characters; a listed key works.
func TestKeysFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keys")
	require.NoError(t, os.WriteFile(path, []byte("# accepted\nsk_test_good\n"), 0o600))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := start(t, ctx, io.Discard, "-keys", path)
	status, _, _ := call(t, base, "sk_test_good", http.MethodGet, "/v1/checkout/sessions", "")
	assert.Equal(t, http.StatusOK, status)
	status, _, m := call(t, base, "sk_test_otherabcd", http.MethodGet, "/v1/checkout/sessions", "")
	assert.Equal(t, http.StatusUnauthorized, status)
	msg, _, _ := errMsg(m)
	assert.Equal(t, "Invalid API Key provided: sk_test_*****abcd", msg)
	cancel()
	require.NoError(t, <-done)
}

// TestFixedEpoch: -epoch fixes the clock, so created is that time.
func TestFixedEpoch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := start(t, ctx, io.Discard, "-epoch", "1767225600")
	status, _, m := call(t, base, "sk_test_123", http.MethodPost, "/v1/checkout/sessions", "mode=setup&currency=usd&success_url=https://example.com/ok")
	require.Equal(t, http.StatusOK, status, "%v", m)
	assert.EqualValues(t, 1767225600, m["created"])
	cancel()
	require.NoError(t, <-done)
}
