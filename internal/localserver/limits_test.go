package localserver

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMetadataLimits: Stripe's metadata limits (issue 25, item 8): keys
// of at most 40 characters, values of at most 500, at most 50 keys, on
// create, update and the other objects' endpoints, with Stripe's
// messages and param metadata.
func TestMetadataLimits(t *testing.T) {
	h := newHarness(t)
	var fifty, fiftyOne strings.Builder
	for i := range 51 {
		if i < 50 {
			fmt.Fprintf(&fifty, "&metadata[k%d]=v", i)
		}
		fmt.Fprintf(&fiftyOne, "&metadata[k%d]=v", i)
	}
	long := strings.Repeat("x", 501)
	key41 := strings.Repeat("k", 41)
	s := h.create(paymentForm + "&metadata[" + strings.Repeat("k", 40) + "]=" + strings.Repeat("x", 500))
	h.create(paymentForm + fifty.String())
	cases := []struct{ name, path, form, message string }{
		{"value 501 on create", "/v1/checkout/sessions", paymentForm + "&metadata[note]=" + long, "Invalid val: " + long + " must be a string under 500 characters"},
		{"key 41 on create", "/v1/checkout/sessions", paymentForm + "&metadata[" + key41 + "]=v", "Invalid key: " + key41 + " must be a string under 40 characters"},
		{"51 keys", "/v1/checkout/sessions", paymentForm + fiftyOne.String(), "Metadata can have up to 50 keys, but you've set 51. Email us at support+metadata@stripe.com for more information."},
		{"nested metadata", "/v1/checkout/sessions", paymentForm + "&payment_intent_data[metadata][note]=" + long, "Invalid val: " + long + " must be a string under 500 characters"},
		{"value 501 on update", "/v1/checkout/sessions/" + s["id"].(string), "metadata[note]=" + long, "Invalid val: " + long + " must be a string under 500 characters"},
		{"value 501 on a customer", "/v1/customers", "metadata[note]=" + long, "Invalid val: " + long + " must be a string under 500 characters"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(http.MethodPost, tc.path, tc.form)
			require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
			assert.Equal(t, map[string]any{"type": "invalid_request_error", "param": "metadata", "message": tc.message}, errorOf(t, r))
		})
	}
}

// TestAmountsBounded: quantity × unit_amount past Stripe's maximum
// (99999999) is refused with amount_too_large, however large the
// factors (issue 25, item 9: it overflowed to amount_total -2), and so is
// a total past it; nothing overflows.
func TestAmountsBounded(t *testing.T) {
	h := newHarness(t)
	item := func(i int, amount, qty string) string {
		return fmt.Sprintf("&line_items[%d][price_data][currency]=usd&line_items[%d][price_data][unit_amount]=%s"+
			"&line_items[%d][price_data][product_data][name]=X&line_items[%d][quantity]=%s", i, i, amount, i, i, qty)
	}
	const base = "mode=payment&success_url=https://example.com/ok"
	s := h.create(base + item(0, "99999999", "1"))
	assert.EqualValues(t, 99999999, s["amount_total"], "the maximum itself is taken")
	cases := []struct{ name, form, param, message string }{
		{"overflowing product", base + item(0, "4611686018427387904", "2"), "line_items[0][quantity]", msgQuantityTooLarge},
		{"just past the maximum", base + item(0, "50000000", "2"), "line_items[0][quantity]", msgQuantityTooLarge},
		{"total past the maximum", base + item(0, "60000000", "1") + item(1, "60000000", "1"), "line_items", msgAmountTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(http.MethodPost, "/v1/checkout/sessions", tc.form)
			require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
			e := errorOf(t, r)
			assert.Equal(t, tc.message, e["message"])
			assert.Equal(t, tc.param, e["param"])
			assert.Equal(t, "amount_too_large", e["code"])
		})
	}
	p := "/v1/checkout/sessions/" + h.create(base + item(0, "99999000", "1"))["id"].(string)
	r0 := h.do(http.MethodPost, p, "shipping_options[0][shipping_rate_data][display_name]=Fast"+
		"&shipping_options[0][shipping_rate_data][type]=fixed_amount&shipping_options[0][shipping_rate_data][fixed_amount][amount]=1000"+
		"&shipping_options[0][shipping_rate_data][fixed_amount][currency]=usd")
	require.Equal(t, http.StatusBadRequest, r0.Status, "an update's shipping may not pass the maximum either: %s", r0.Body)
	assert.Equal(t, "amount_too_large", errorOf(t, r0)["code"])
	price := h.object("prices", "product_data[name]=Big&unit_amount=99999999&currency=usd")["id"].(string)
	r := h.do(http.MethodPost, "/v1/checkout/sessions", base+"&line_items[0][price]="+price+"&line_items[0][quantity]=9223372036854775807")
	require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
	assert.Equal(t, "amount_too_large", errorOf(t, r)["code"])
	r = h.do(http.MethodPost, "/v1/prices", "product_data[name]=Huge&unit_amount=100000000&currency=usd")
	require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
	assert.Equal(t, "amount_too_large", errorOf(t, r)["code"])
}

// TestStringAndListLimits: strings longer than the spec allows (which
// stripe-mock does not check) get Stripe's "Invalid string" error naming
// the parameter, and lists longer than Stripe takes are refused (issue
// 25, item 8).
func TestStringAndListLimits(t *testing.T) {
	h := newHarness(t)
	long := "abcd" + strings.Repeat("x", 193) + "wxyz" // 201 characters
	r := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm+"&client_reference_id="+long)
	require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
	assert.Equal(t, map[string]any{"type": "invalid_request_error", "param": "client_reference_id",
		"message": "Invalid string: abcd...wxyz; must be at most 200 characters"}, errorOf(t, r))
	h.create(paymentForm + "&client_reference_id=" + long[:200])
	r = h.do(http.MethodPost, "/v1/customers", "email="+strings.Repeat("e", 600)+"@example.com")
	require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
	assert.Equal(t, "email", errorOf(t, r)["param"])

	var items, fields strings.Builder
	for i := range 101 {
		fmt.Fprintf(&items, "&line_items[%d][price_data][currency]=usd&line_items[%d][price_data][unit_amount]=5"+
			"&line_items[%d][price_data][product_data][name]=X&line_items[%d][quantity]=1", i, i, i, i)
	}
	for i := range 4 {
		fmt.Fprintf(&fields, "&custom_fields[%d][key]=k%d&custom_fields[%d][label][type]=custom&custom_fields[%d][label][custom]=L&custom_fields[%d][type]=text", i, i, i, i, i)
	}
	r = h.do(http.MethodPost, "/v1/checkout/sessions", "mode=payment&success_url=https://e.com"+items.String())
	require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
	assert.Equal(t, map[string]any{"type": "invalid_request_error", "param": "line_items",
		"message": "You can pass at most 100 line_items; you passed 101."}, errorOf(t, r))
	r = h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm+fields.String())
	require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
	assert.Equal(t, "custom_fields", errorOf(t, r)["param"])
}
