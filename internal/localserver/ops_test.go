package localserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetrieve(t *testing.T) {
	h := newHarness(t)
	cus42 := h.customer("jo@example.com")
	s := h.create(paymentForm + "&customer=" + cus42 + "&metadata[a]=b")
	id := s["id"].(string)
	got := h.ok(http.MethodGet, "/v1/checkout/sessions/"+id, "")
	assert.Equal(t, s, got, "retrieve answers what create did")

	exp := h.ok(http.MethodGet, "/v1/checkout/sessions/"+id, "expand[0]=line_items&expand[1]=customer&expand[2]=payment_intent")
	items := exp["line_items"].(map[string]any)
	assert.Equal(t, "list", items["object"])
	assert.Equal(t, "/v1/checkout/sessions/"+id+"/line_items", items["url"])
	require.Len(t, items["data"], 1)
	assert.Equal(t, 2.0, items["data"].([]any)[0].(map[string]any)["quantity"])
	cust := exp["customer"].(map[string]any)
	assert.Equal(t, cus42, cust["id"])
	assert.Equal(t, "customer", cust["object"])
	assert.Nil(t, exp["payment_intent"], "a null field stays null when expanded")
	brackets := h.ok(http.MethodGet, "/v1/checkout/sessions/"+id, "expand[]=customer&expand[]=line_items")
	assert.Equal(t, cus42, brackets["customer"].(map[string]any)["id"], "expand[] works like expand[0]")
	assert.Contains(t, brackets, "line_items")

	long := "cs_test_" + strings.Repeat("a", 55) + "eCUl" // 67 characters
	r := h.do(http.MethodGet, "/v1/checkout/sessions/"+long, "")
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, map[string]any{"type": "invalid_request_error", "param": "session",
		"message": "Invalid string: cs_t...eCUl; must be at most 66 characters"}, errorOf(t, r))
	assert.Len(t, s["id"], 66, "the longest id Stripe accepts")

	r = h.do(http.MethodGet, "/v1/checkout/sessions/cs_test_invalid", "")
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, map[string]any{"type": "invalid_request_error", "code": "resource_missing",
		"message": "No such checkout.session: cs_test_invalid", "doc_url": "https://stripe.com/docs/error-codes/resource-missing"}, errorOf(t, r))
}

// ids lists the ids of a list reply's data.
func ids(l map[string]any) []string {
	var out []string
	for _, d := range l["data"].([]any) {
		out = append(out, d.(map[string]any)["id"].(string))
	}
	return out
}

func TestListPaginatesNewestFirst(t *testing.T) {
	h := newHarness(t)
	var created []string // oldest first
	for i := range 23 {
		if i%5 == 0 {
			h.srv.Advance(h.key, time.Minute) // some share a created second, some do not
		}
		created = append(created, h.create(paymentForm)["id"].(string))
	}
	var newest []string
	for i := len(created) - 1; i >= 0; i-- {
		newest = append(newest, created[i])
	}
	first := h.ok(http.MethodGet, "/v1/checkout/sessions", "")
	assert.Equal(t, newest[:10], ids(first), "default limit 10, newest first, ties by creation order")
	assert.Equal(t, true, first["has_more"])
	assert.Equal(t, "/v1/checkout/sessions", first["url"])

	var walked []string
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 5)
		q := "limit=10"
		if cursor != "" {
			q += "&starting_after=" + cursor
		}
		l := h.ok(http.MethodGet, "/v1/checkout/sessions", q)
		walked = append(walked, ids(l)...)
		if l["has_more"] == false {
			assert.Len(t, ids(l), 3, "last page")
			break
		}
		cursor = walked[len(walked)-1]
	}
	assert.Equal(t, newest, walked)

	back := h.ok(http.MethodGet, "/v1/checkout/sessions", "limit=4&ending_before="+newest[10])
	assert.Equal(t, newest[6:10], ids(back), "ending_before: the page just before the cursor")
	assert.Equal(t, true, back["has_more"])
	top := h.ok(http.MethodGet, "/v1/checkout/sessions", "limit=4&ending_before="+newest[3])
	assert.Equal(t, newest[0:3], ids(top))
	assert.Equal(t, false, top["has_more"])

	both := h.do(http.MethodGet, "/v1/checkout/sessions", "starting_after="+newest[1]+"&ending_before="+newest[5])
	assert.Equal(t, http.StatusBadRequest, both.Status)
	assert.Equal(t, "You may only specify one of these parameters: ending_before, starting_after.", errorOf(t, both)["message"])
	unknown := h.do(http.MethodGet, "/v1/checkout/sessions", "starting_after=cs_test_nope")
	assert.Equal(t, http.StatusNotFound, unknown.Status)
	assert.Equal(t, "starting_after", errorOf(t, unknown)["param"])
	for _, bad := range []string{"0", "101"} {
		r := h.do(http.MethodGet, "/v1/checkout/sessions", "limit="+bad)
		assert.Equal(t, http.StatusBadRequest, r.Status, bad)
		assert.Equal(t, "limit", errorOf(t, r)["param"], bad)
	}
	all := h.ok(http.MethodGet, "/v1/checkout/sessions", "limit=100")
	assert.Len(t, ids(all), 23)
	assert.Equal(t, false, all["has_more"])
}

func TestListFilters(t *testing.T) {
	h := newHarness(t)
	t0 := DefaultEpoch.Unix()
	cusA := h.customer("a@example.com")
	a := h.create(paymentForm + "&customer=" + cusA)["id"].(string)
	h.srv.Advance(h.key, 10*time.Second)
	b := h.create(paymentForm + "&customer_email=b@example.com")["id"].(string)
	h.srv.Advance(h.key, 10*time.Second)
	c := h.create(subscriptionForm)["id"].(string)
	h.srv.Advance(h.key, 10*time.Second)
	d := h.create(setupForm)["id"].(string)
	h.ok(http.MethodPost, "/v1/checkout/sessions/"+a+"/expire", "")
	paidB := h.ok(http.MethodPost, ControlPrefix+"sessions/"+b+"/pay", "")
	paidC := h.ok(http.MethodPost, ControlPrefix+"sessions/"+c+"/pay", "")

	cases := []struct {
		query string
		want  []string
	}{
		{"", []string{d, c, b, a}},
		{"status=open", []string{d}},
		{"status=expired", []string{a}},
		{"status=complete", []string{c, b}},
		{"customer=" + cusA, []string{a}},
		{"customer_details[email]=b@example.com", []string{b}},
		{"payment_intent=" + paidB["payment_intent"].(string), []string{b}},
		{"subscription=" + paidC["subscription"].(string), []string{c}},
		{"payment_link=plink_1", nil},
		{fmt.Sprintf("created=%d", t0+10), []string{b}},
		{fmt.Sprintf("created[gte]=%d", t0+10), []string{d, c, b}},
		{fmt.Sprintf("created[gt]=%d", t0+10), []string{d, c}},
		{fmt.Sprintf("created[lt]=%d&created[gte]=%d", t0+30, t0+10), []string{c, b}},
		{fmt.Sprintf("created[lte]=%d", t0+10), []string{b, a}},
		{"status=complete&limit=1", []string{c}},
	}
	for _, tc := range cases {
		l := h.ok(http.MethodGet, "/v1/checkout/sessions", tc.query)
		assert.Equal(t, tc.want, ids(l), tc.query)
	}
	r := h.do(http.MethodGet, "/v1/checkout/sessions", "payment_status=paid")
	assert.Equal(t, http.StatusBadRequest, r.Status, "a filter Stripe does not have: %s", r.Body)
	assert.Equal(t, "Received unknown parameter: payment_status", errorOf(t, r)["message"])
}

func TestListLineItemsPaginates(t *testing.T) {
	h := newHarness(t)
	var b strings.Builder
	b.WriteString("mode=payment&success_url=https://e.com")
	for i := range 12 {
		fmt.Fprintf(&b, "&line_items[%d][price_data][currency]=usd&line_items[%d][price_data][unit_amount]=%d"+
			"&line_items[%d][price_data][product_data][name]=P%d&line_items[%d][quantity]=%d", i, i, 100*(i+1), i, i, i, i%3+1)
	}
	s := h.create(b.String())
	var total int
	for i := range 12 {
		total += 100 * (i + 1) * (i%3 + 1)
	}
	assert.Equal(t, float64(total), s["amount_total"])
	path := "/v1/checkout/sessions/" + s["id"].(string) + "/line_items"
	var names []string
	cursor := ""
	var sizes []int
	for {
		q := "limit=5"
		if cursor != "" {
			q += "&starting_after=" + cursor
		}
		l := h.ok(http.MethodGet, path, q)
		assert.Equal(t, path, l["url"])
		data := l["data"].([]any)
		sizes = append(sizes, len(data))
		for _, d := range data {
			it := d.(map[string]any)
			names = append(names, it["description"].(string))
			pr := it["price"].(map[string]any)
			assert.Equal(t, pr["unit_amount"].(float64)*it["quantity"].(float64), it["amount_total"])
			cursor = it["id"].(string)
		}
		if l["has_more"] == false {
			break
		}
	}
	assert.Equal(t, []int{5, 5, 2}, sizes)
	assert.Equal(t, []string{"P0", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10", "P11"}, names, "items keep their order")

	exp := h.ok(http.MethodGet, path, "limit=1&expand[0]=data.price.product")
	prod := exp["data"].([]any)[0].(map[string]any)["price"].(map[string]any)["product"].(map[string]any)
	assert.Equal(t, "product", prod["object"])
	assert.Regexp(t, "^prod_", prod["id"])

	r := h.do(http.MethodGet, "/v1/checkout/sessions/cs_test_nope/line_items", "")
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "No such checkout.session: cs_test_nope", errorOf(t, r)["message"])
}

func TestUpdate(t *testing.T) {
	h := newHarness(t)
	s := h.create(paymentForm + "&metadata[a]=1&metadata[b]=2")
	p := "/v1/checkout/sessions/" + s["id"].(string)

	u := h.ok(http.MethodPost, p, "metadata[b]=&metadata[c]=3&metadata[a]=9")
	assert.Equal(t, map[string]any{"a": "9", "c": "3"}, u["metadata"], "merge; an empty value unsets")
	assert.Equal(t, map[string]any{"a": "9", "c": "3"}, h.ok(http.MethodGet, p, "")["metadata"], "kept")
	assert.Equal(t, map[string]any{}, h.ok(http.MethodPost, p, "metadata=")["metadata"], "empty metadata unsets all")

	u = h.ok(http.MethodPost, p, "shipping_options[0][shipping_rate_data][display_name]=Fast"+
		"&shipping_options[0][shipping_rate_data][type]=fixed_amount&shipping_options[0][shipping_rate_data][fixed_amount][amount]=700"+
		"&shipping_options[0][shipping_rate_data][fixed_amount][currency]=usd")
	assert.Equal(t, 4700.0, u["amount_total"])
	u = h.ok(http.MethodPost, p, "shipping_options=")
	assert.Equal(t, []any{}, u["shipping_options"])
	assert.Equal(t, 4000.0, u["amount_total"])

	r := h.do(http.MethodPost, p, "line_items[0][price]="+h.price("Cap", 500, "usd")+"&line_items[0][quantity]=1")
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, "line_items", errorOf(t, r)["param"], "hosted sessions cannot change line items")
	r = h.do(http.MethodPost, p, "success_url=https://other.example.com&metadata[a]=1")
	assert.Equal(t, http.StatusBadRequest, r.Status, "stripe-mock refuses what update does not take")
	assert.Equal(t, map[string]any{"type": "invalid_request_error", "code": "parameter_unknown", "param": "success_url",
		"message": "Received unknown parameter: success_url", "doc_url": "https://stripe.com/docs/error-codes/parameter-unknown"}, errorOf(t, r))
	r = h.do(http.MethodPost, p, "shipping_options[0][shipping_rate]=shr_1&shipping_options[0][bogus]=1")
	assert.Equal(t, "Received unknown parameter: shipping_options[0][bogus]", errorOf(t, r)["message"])

	h.ok(http.MethodPost, p+"/expire", "")
	r = h.do(http.MethodPost, p, "metadata[a]=1")
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, "Only Checkout Sessions with a status in [\"open\"] can be updated. This Checkout Session has a status of `expired`.", errorOf(t, r)["message"])
	r = h.do(http.MethodPost, "/v1/checkout/sessions/cs_test_nope", "metadata[a]=1")
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestUpdateLineItemsOnElements(t *testing.T) {
	h := newHarness(t)
	s := h.create(strings.Replace(paymentForm, "success_url=https://example.com/ok", "return_url=https://e.com", 1) +
		"&ui_mode=elements&line_items[1][price]=" + h.price("T-shirt", 2000, "usd") + "&line_items[1][quantity]=1")
	p := "/v1/checkout/sessions/" + s["id"].(string)
	before := h.ok(http.MethodGet, p+"/line_items", "")["data"].([]any)
	require.Len(t, before, 2)
	first := before[0].(map[string]any)["id"].(string)

	// Keep the first with a new quantity, drop the second, add one.
	u := h.ok(http.MethodPost, p, "line_items[0][id]="+first+"&line_items[0][quantity]=5"+
		"&line_items[1][price_data][currency]=usd&line_items[1][price_data][unit_amount]=300"+
		"&line_items[1][price_data][product_data][name]=Sticker&line_items[1][quantity]=1")
	assert.Equal(t, 5*2000+300.0, u["amount_total"])
	after := h.ok(http.MethodGet, p+"/line_items", "")["data"].([]any)
	require.Len(t, after, 2)
	assert.Equal(t, first, after[0].(map[string]any)["id"])
	assert.Equal(t, 5.0, after[0].(map[string]any)["quantity"])
	assert.Equal(t, "Sticker", after[1].(map[string]any)["description"])

	r := h.do(http.MethodPost, p, "line_items[0][id]=li_nope&line_items[0][quantity]=1")
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, "line_items[0][id]", errorOf(t, r)["param"])
}

func TestExpire(t *testing.T) {
	h := newHarness(t)
	s := h.create(paymentForm)
	p := "/v1/checkout/sessions/" + s["id"].(string)
	e := h.ok(http.MethodPost, p+"/expire", "")
	assert.Equal(t, "expired", e["status"])
	assert.Nil(t, e["url"])
	assert.Equal(t, s["id"], e["id"])
	assert.Equal(t, "expired", h.ok(http.MethodGet, p, "")["status"])

	r := h.do(http.MethodPost, p+"/expire", "")
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, map[string]any{"type": "invalid_request_error",
		"message": "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of `expired`."}, errorOf(t, r))

	paid := h.create(paymentForm)["id"].(string)
	h.ok(http.MethodPost, ControlPrefix+"sessions/"+paid+"/pay", "")
	r = h.do(http.MethodPost, "/v1/checkout/sessions/"+paid+"/expire", "")
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of `complete`.", errorOf(t, r)["message"])

	r = h.do(http.MethodPost, "/v1/checkout/sessions/cs_test_invalid/expire", "")
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "No such checkout.session: cs_test_invalid", errorOf(t, r)["message"])
	assert.Equal(t, "resource_missing", errorOf(t, r)["code"])
}

// TestExpireWithoutBody sends expire as Stripe's docs do (curl -X POST with
// no body, so no Content-Type), which stripe-mock alone refuses.
func TestExpireWithoutBody(t *testing.T) {
	h := newHarness(t)
	id := h.create(paymentForm)["id"].(string)
	req, err := http.NewRequest(http.MethodPost, h.url+"/v1/checkout/sessions/"+id+"/expire", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+h.key)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var got map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%v", got)
	assert.Equal(t, "expired", got["status"])
}
