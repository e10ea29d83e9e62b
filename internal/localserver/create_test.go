package localserver

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCreateTakesTheParams(t *testing.T) {
	h := newHarness(t)
	price := h.price("T-shirt", 2000, "usd")
	s := h.create(paymentForm +
		"&line_items[1][price]=" + price + "&line_items[1][quantity]=1" +
		"&metadata[order]=42&customer_email=jo@example.com&client_reference_id=ref-7&locale=fr" +
		"&custom_text[submit][message]=Thanks&phone_number_collection[enabled]=true" +
		"&shipping_address_collection[allowed_countries][0]=FR&payment_method_types[0]=card&submit_type=donate" +
		"&consent_collection[terms_of_service]=required&cancel_url=https://example.com/cancel" +
		"&adaptive_pricing[enabled]=false&custom_fields[0][key]=gift&custom_fields[0][label][type]=custom&custom_fields[0][label][custom]=Gift&custom_fields[0][type]=text")
	id := s["id"].(string)
	assert.Regexp(t, `^cs_test_[A-Za-z0-9]{58}$`, id)
	want := map[string]any{
		"object": "checkout.session", "mode": "payment", "status": "open", "payment_status": "unpaid",
		"ui_mode": "hosted_page", "url": "https://checkout.stripe.com/c/pay/" + id, "client_secret": nil,
		"success_url": "https://example.com/ok", "cancel_url": "https://example.com/cancel",
		"metadata": map[string]any{"order": "42"}, "customer_email": "jo@example.com", "client_reference_id": "ref-7",
		"locale": "fr", "submit_type": "donate", "payment_method_types": []any{"card"},
		"phone_number_collection":     map[string]any{"enabled": true},
		"shipping_address_collection": map[string]any{"allowed_countries": []any{"FR"}},
		"currency":                    "usd", "amount_subtotal": 6000.0, "amount_total": 6000.0,
		"created": float64(DefaultEpoch.Unix()), "expires_at": float64(DefaultEpoch.Unix() + 86400),
		"payment_intent": nil, "livemode": false,
		"total_details": map[string]any{"amount_discount": 0.0, "amount_shipping": 0.0, "amount_tax": 0.0},
	}
	for k, v := range want {
		assert.Equal(t, v, s[k], k)
	}
	assert.Equal(t, map[string]any{"message": "Thanks"}, s["custom_text"].(map[string]any)["submit"])
	assert.Nil(t, s["custom_text"].(map[string]any)["after_submit"])
	assert.Equal(t, "required", s["consent_collection"].(map[string]any)["terms_of_service"])
	field := s["custom_fields"].([]any)[0].(map[string]any)
	assert.Equal(t, "gift", field["key"])
	assert.Equal(t, "Gift", field["label"].(map[string]any)["custom"])
	assert.Equal(t, map[string]any{"enabled": false}, s["adaptive_pricing"])
	assert.Equal(t, "jo@example.com", s["customer_details"].(map[string]any)["email"], "customer_email fills customer_details")
	assert.Nil(t, h.create(paymentForm)["customer_details"])
	assert.NotContains(t, s, "line_items", "line_items is includable, absent unless expanded")
}

func TestCreateShippingOptionsAddToTheTotal(t *testing.T) {
	h := newHarness(t)
	s := h.create(paymentForm + "&shipping_options[0][shipping_rate_data][display_name]=Ground" +
		"&shipping_options[0][shipping_rate_data][type]=fixed_amount" +
		"&shipping_options[0][shipping_rate_data][fixed_amount][amount]=500" +
		"&shipping_options[0][shipping_rate_data][fixed_amount][currency]=usd")
	assert.Equal(t, 4000.0, s["amount_subtotal"])
	assert.Equal(t, 4500.0, s["amount_total"])
	opts := s["shipping_options"].([]any)
	require.Len(t, opts, 1)
	opt := opts[0].(map[string]any)
	assert.Equal(t, 500.0, opt["shipping_amount"])
	assert.Regexp(t, `^shr_`, opt["shipping_rate"])
	assert.Equal(t, 500.0, s["total_details"].(map[string]any)["amount_shipping"])
	assert.Equal(t, opt["shipping_rate"], s["shipping_cost"].(map[string]any)["shipping_rate"])
}

func TestCreateByMode(t *testing.T) {
	h := newHarness(t)
	setup := h.create(setupForm)
	assert.Equal(t, "no_payment_required", setup["payment_status"])
	assert.Nil(t, setup["amount_total"])
	assert.Nil(t, setup["amount_subtotal"])
	assert.Equal(t, "usd", setup["currency"])

	sub := h.create(subscriptionForm)
	assert.Equal(t, "unpaid", sub["payment_status"])
	assert.Equal(t, "eur", sub["currency"])
	assert.Equal(t, 900.0, sub["amount_total"])
	assert.Nil(t, sub["subscription"])
}

func TestCreateURLAndClientSecretFollowUIMode(t *testing.T) {
	h := newHarness(t)
	for _, ui := range []string{"embedded_page", "elements"} {
		s := h.create(strings.Replace(paymentForm, "success_url=https://example.com/ok", "return_url=https://example.com/r", 1) + "&ui_mode=" + ui)
		id := s["id"].(string)
		assert.Nil(t, s["url"], ui)
		assert.Regexp(t, "^"+id+"_secret_[A-Za-z0-9]{24}$", s["client_secret"], ui)
		assert.Equal(t, "https://example.com/r", s["return_url"], ui)
		assert.Equal(t, "always", s["redirect_on_completion"], ui)
	}
	never := h.create(strings.Replace(paymentForm, "success_url=https://example.com/ok", "redirect_on_completion=never", 1) + "&ui_mode=elements")
	assert.Equal(t, "never", never["redirect_on_completion"])
	assert.NotContains(t, never, "return_url")
}

func TestCreateRefusals(t *testing.T) {
	h := newHarness(t)
	now := DefaultEpoch.Unix()
	noSuccess := strings.Replace(paymentForm, "success_url=https://example.com/ok", "", 1)
	cases := []struct {
		name, form, param, message string
	}{
		{"expires_at too soon", paymentForm + fmt.Sprintf("&expires_at=%d", now+1799), "expires_at", msgExpiresTooSoon},
		{"expires_at in the past", paymentForm + fmt.Sprintf("&expires_at=%d", now-1), "expires_at", msgExpiresTooSoon},
		{"expires_at 24h", paymentForm + fmt.Sprintf("&expires_at=%d", now+86400), "expires_at", msgExpiresTooLate},
		{"success_url on embedded_page", paymentForm + "&ui_mode=embedded_page&return_url=https://e.com", "success_url", "The following parameters are not supported with 'ui_mode: embedded_page': success_url."},
		{"both on elements", paymentForm + "&cancel_url=https://e.com&ui_mode=elements&return_url=https://e.com", "cancel_url", "The following parameters are not supported with 'ui_mode: elements': cancel_url, success_url."},
		{"return_url on hosted_page", paymentForm + "&return_url=https://e.com", "return_url", "The following parameters are not supported with 'ui_mode: hosted_page': return_url."},
		{"no success_url on hosted_page", noSuccess, "success_url", "Missing required param: success_url."},
		{"no return_url on elements", noSuccess + "&ui_mode=elements", "return_url", "Missing required param: return_url."},
		{"return_url and never", noSuccess + "&ui_mode=elements&return_url=https://e.com&redirect_on_completion=never", "return_url", "You cannot pass `return_url` when `redirect_on_completion` is `never`."},
		{"payment without line items", "mode=payment&success_url=https://e.com", "line_items", "Missing required param: line_items."},
		{"line item without quantity", "mode=payment&success_url=https://e.com&line_items[0][price]=price_nope", "line_items[0][quantity]", "Missing required param: line_items[0][quantity]."},
		{"setup with line items", setupForm + "&line_items[0][price]=price_nope&line_items[0][quantity]=1", "line_items", "You can not pass `line_items` in `setup` mode."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(http.MethodPost, "/v1/checkout/sessions", tc.form)
			require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
			e := errorOf(t, r)
			assert.Equal(t, "invalid_request_error", e["type"])
			assert.Equal(t, tc.param, e["param"])
			assert.Equal(t, tc.message, e["message"])
		})
	}
	for _, ok := range []int64{now + 1800, now + 86399} {
		s := h.create(paymentForm + fmt.Sprintf("&expires_at=%d", ok))
		assert.Equal(t, float64(ok), s["expires_at"])
	}
	list := h.ok(http.MethodGet, "/v1/checkout/sessions", "limit=100")
	assert.Len(t, list["data"], 2, "refused creates make no session")
}

// TestStripeMockRejectionsPassThrough: what stripe-mock refuses comes
// back exactly as stripe-mock answered, legacy ui_mode names included.
func TestStripeMockRejectionsPassThrough(t *testing.T) {
	h := newHarness(t)
	for _, form := range []string{"mode=bogus", paymentForm + "&ui_mode=embedded"} {
		r := h.do(http.MethodPost, "/v1/checkout/sessions", form)
		direct := direct(t, http.MethodPost, "/v1/checkout/sessions", form)
		assert.Equal(t, direct.Status, r.Status, form)
		assert.Equal(t, http.StatusBadRequest, r.Status, form)
		// stripe-mock's message names a validator by its address, which
		// changes from one request to the next; the server leaves it out
		// and passes the rest through unchanged.
		assert.Contains(t, string(direct.Body), "validator 0x", form)
		assert.NotContains(t, string(r.Body), "0x", form)
		want := direct.JSON()["error"].(map[string]any)
		got := errorOf(t, r)
		if strings.Contains(want["message"].(string), "object property 'mode'") {
			assert.Equal(t, "mode", got["param"], "the property stripe-mock names becomes Stripe's param")
			delete(got, "param")
		} else if strings.Contains(want["message"].(string), "object property 'ui_mode'") {
			assert.Equal(t, "ui_mode", got["param"])
			delete(got, "param")
		}
		want["message"] = scrubAddr([]byte(want["message"].(string)))
		assert.Equal(t, want, got, form)
	}
}

// TestUnknownParametersAreNamed: stripe-mock refuses an unknown top-level
// parameter without naming it, and lets an unknown nested one through;
// the server answers Stripe's error, which names it, for both.
func TestUnknownParametersAreNamed(t *testing.T) {
	h := newHarness(t)
	cases := []struct{ method, path, form, param string }{
		{http.MethodPost, "/v1/checkout/sessions", paymentForm + "&no_such_param=1", "no_such_param"},
		{http.MethodPost, "/v1/checkout/sessions", paymentForm + "&line_items[0][price_data][bogus]=1", "line_items[0][price_data][bogus]"},
		{http.MethodGet, "/v1/checkout/sessions", "payment_status=paid", "payment_status"},
	}
	for _, tc := range cases {
		r := h.do(tc.method, tc.path, tc.form)
		assert.Equal(t, http.StatusBadRequest, r.Status, tc.form)
		e := errorOf(t, r)
		assert.Equal(t, "Received unknown parameter: "+tc.param, e["message"], tc.form)
		assert.Equal(t, tc.param, e["param"], tc.form)
		assert.Equal(t, "parameter_unknown", e["code"], tc.form)
	}
}

func TestOtherPathsPassThrough(t *testing.T) {
	h := newHarness(t)
	for _, p := range []string{"/v1/payment_links/plink_1", "/v1/charges/ch_1", "/v1/payment_methods/pm_1"} {
		r := h.do(http.MethodGet, p, "")
		d := direct(t, http.MethodGet, p, "")
		assert.Equal(t, d.Status, r.Status, p)
		assert.Equal(t, string(d.Body), string(r.Body), p)
	}
}

func TestAnswersCarryNoStripeMockHeader(t *testing.T) {
	h := newHarness(t)
	for _, r := range []reply{
		h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm),
		h.do(http.MethodPost, "/v1/checkout/sessions", "mode=bogus"),
		h.do(http.MethodGet, "/v1/charges/ch_1", ""),
	} {
		assert.Empty(t, r.Header.Get("Stripe-Mock-Version"))
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Regexp(t, `^req_[A-Za-z0-9]{14}$`, r.Header.Get("Request-Id"))
	}
	assert.NotEmpty(t, direct(t, http.MethodGet, "/v1/customers/cus_1", "").Header.Get("Stripe-Mock-Version"))
}

// TestExpiresAtMessageFollowsTheNearerClock: at a fixed epoch an
// expires_at is measured from the account's clock or from the wall
// clock (the app's); one that fits neither gets the message of the bound
// it misses on the clock it is nearer to.
func TestExpiresAtMessageFollowsTheNearerClock(t *testing.T) {
	h := newHarness(t)
	epoch, wall := DefaultEpoch.Unix(), time.Now().Unix()
	require.Greater(t, wall-epoch, int64(2*86400), "the test needs a wall clock well after the epoch")
	cases := []struct {
		name    string
		at      int64
		message string
	}{
		{"10 minutes after the wall clock", wall + 600, msgExpiresTooSoon},
		{"in the wall clock's past", wall - 600, msgExpiresTooSoon},
		{"25 hours after the wall clock", wall + 25*3600, msgExpiresTooLate},
		{"10 minutes after the epoch", epoch + 600, msgExpiresTooSoon},
		{"25 hours after the epoch", epoch + 25*3600, msgExpiresTooLate},
	}
	for _, tc := range cases {
		r := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm+fmt.Sprintf("&expires_at=%d", tc.at))
		require.Equal(t, http.StatusBadRequest, r.Status, "%s: %s", tc.name, r.Body)
		e := errorOf(t, r)
		assert.Equal(t, tc.message, e["message"], tc.name)
		assert.Equal(t, "expires_at", e["param"], tc.name)
	}
	assert.Equal(t, float64(wall+3600), h.create(paymentForm + fmt.Sprintf("&expires_at=%d", wall+3600))["expires_at"], "the wall clock's range is accepted")
	assert.Equal(t, float64(epoch+3600), h.create(paymentForm + fmt.Sprintf("&expires_at=%d", epoch+3600))["expires_at"], "the account clock's range too")
}
