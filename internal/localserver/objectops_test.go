package localserver

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refused asserts that r is Stripe's 400 resource_missing "No such …"
// naming param.
func refused(t *testing.T, r reply, message, param string) {
	t.Helper()
	require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
	e := errorOf(t, r)
	assert.Equal(t, "resource_missing", e["code"])
	assert.Equal(t, message, e["message"])
	assert.Equal(t, param, e["param"])
}

// passesContract asserts that the answer to method path passes its
// operation's contract, and returns it.
func passesContract(t *testing.T, h *harness, method, path, form string) reply {
	t.Helper()
	set, err := contracts.Load()
	require.NoError(t, err)
	r := h.do(method, path, form)
	op, ok := set.Lookup(method, path)
	require.True(t, ok, "no contract for %s %s", method, path)
	vs, err := set.CheckResponse(op.Name, r.Status, r.Body)
	require.NoError(t, err)
	for _, v := range vs {
		t.Errorf("contract %s: %s", op.Name, v)
	}
	return r
}

func TestObjectOperationsPassTheContracts(t *testing.T) {
	h := newHarness(t)
	cus := h.customer("jo@example.com")
	price := h.price("Mug", 900, "usd")
	h.object("coupons", "percent_off=10&duration=once&id=TEN")
	promo := h.object("promotion_codes", "promotion[type]=coupon&promotion[coupon]=TEN")["id"].(string)
	for _, coll := range []string{"customers", "products", "prices", "coupons", "promotion_codes"} {
		assert.Equal(t, http.StatusOK, passesContract(t, h, http.MethodGet, "/v1/"+coll, "").Status, coll)
	}
	assert.Equal(t, http.StatusOK, passesContract(t, h, http.MethodPost, "/v1/customers/"+cus, "name=Jo").Status)
	assert.Equal(t, http.StatusOK, passesContract(t, h, http.MethodPost, "/v1/prices/"+price, "active=false").Status)
	assert.Equal(t, http.StatusOK, passesContract(t, h, http.MethodPost, "/v1/promotion_codes/"+promo, "active=false").Status)
	assert.Equal(t, http.StatusOK, passesContract(t, h, http.MethodDelete, "/v1/coupons/TEN", "").Status)
	assert.Equal(t, http.StatusOK, passesContract(t, h, http.MethodDelete, "/v1/customers/"+cus, "").Status)
	assert.Equal(t, http.StatusOK, passesContract(t, h, http.MethodGet, "/v1/customers/"+cus, "").Status)
}

func TestDeletedObjectsAreGone(t *testing.T) {
	h := newHarness(t)
	sessions := "/v1/checkout/sessions"

	cus := h.customer("jo@example.com")
	assert.Equal(t, map[string]any{"id": cus, "object": "customer", "deleted": true}, h.ok(http.MethodDelete, "/v1/customers/"+cus, ""))
	assert.Equal(t, map[string]any{"id": cus, "object": "customer", "deleted": true}, h.ok(http.MethodGet, "/v1/customers/"+cus, ""),
		"the spec's retrieve answers a customer or a deleted_customer")
	refused(t, h.do(http.MethodPost, sessions, paymentForm+"&customer="+cus), fmt.Sprintf("No such customer: '%s'", cus), "customer")
	assert.Equal(t, http.StatusNotFound, h.do(http.MethodPost, "/v1/customers/"+cus, "name=Jo").Status, "a deleted customer cannot be updated")
	assert.Equal(t, http.StatusNotFound, h.do(http.MethodDelete, "/v1/customers/"+cus, "").Status, "nor deleted twice")

	coupon := h.object("coupons", "percent_off=10&duration=once")["id"].(string)
	promo := h.object("promotion_codes", "promotion[type]=coupon&promotion[coupon]="+coupon)["id"].(string)
	assert.Equal(t, true, h.ok(http.MethodDelete, "/v1/coupons/"+coupon, "")["deleted"])
	r := h.do(http.MethodGet, "/v1/coupons/"+coupon, "")
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, fmt.Sprintf("No such coupon: '%s'", coupon), errorOf(t, r)["message"])
	refused(t, h.do(http.MethodPost, sessions, paymentForm+"&discounts[0][coupon]="+coupon), fmt.Sprintf("No such coupon: '%s'", coupon), "discounts[0][coupon]")
	assert.Equal(t, false, h.ok(http.MethodGet, "/v1/promotion_codes/"+promo, "")["active"], "a promotion code is only active if its coupon is valid")
	refused(t, h.do(http.MethodPost, sessions, paymentForm+"&discounts[0][promotion_code]="+promo),
		fmt.Sprintf("No such promotion_code: '%s'", promo), "discounts[0][promotion_code]")

	price := h.price("Mug", 900, "usd")
	product := h.ok(http.MethodGet, "/v1/prices/"+price, "")["product"].(string)
	r = h.do(http.MethodDelete, "/v1/products/"+product, "")
	assert.Equal(t, http.StatusBadRequest, r.Status, "a product with prices is not deleted: %s", r.Body)
	assert.Equal(t, msgProductHasPrices, errorOf(t, r)["message"])
	bare := h.object("products", "name=Bare")["id"].(string)
	h.ok(http.MethodDelete, "/v1/products/"+bare, "")
	assert.Equal(t, http.StatusNotFound, h.do(http.MethodGet, "/v1/products/"+bare, "").Status)
	refused(t, h.do(http.MethodPost, sessions, "mode=payment&success_url=https://e.com&line_items[0][quantity]=1"+
		"&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=100&line_items[0][price_data][product]="+bare),
		fmt.Sprintf("No such product: '%s'", bare), "line_items[0][price_data][product]")
}

func TestUpdatedObjectsAreKept(t *testing.T) {
	h := newHarness(t)
	sessions := "/v1/checkout/sessions"

	price := h.price("Mug", 900, "usd")
	assert.Equal(t, false, h.ok(http.MethodPost, "/v1/prices/"+price, "active=false&metadata[k]=v")["active"])
	got := h.ok(http.MethodGet, "/v1/prices/"+price, "")
	assert.Equal(t, false, got["active"])
	assert.Equal(t, map[string]any{"k": "v"}, got["metadata"])
	refused(t, h.do(http.MethodPost, sessions, "mode=payment&success_url=https://e.com&line_items[0][price]="+price+"&line_items[0][quantity]=1"),
		fmt.Sprintf("No such price: '%s'", price), "line_items[0][price]")
	h.ok(http.MethodPost, "/v1/prices/"+price, "active=true")
	h.create("mode=payment&success_url=https://e.com&line_items[0][price]=" + price + "&line_items[0][quantity]=1")

	h.object("coupons", "percent_off=10&duration=once&id=TEN")
	promo := h.object("promotion_codes", "promotion[type]=coupon&promotion[coupon]=TEN")["id"].(string)
	h.ok(http.MethodPost, "/v1/promotion_codes/"+promo, "active=false")
	assert.Equal(t, false, h.ok(http.MethodGet, "/v1/promotion_codes/"+promo, "")["active"])
	refused(t, h.do(http.MethodPost, sessions, paymentForm+"&discounts[0][promotion_code]="+promo),
		fmt.Sprintf("No such promotion_code: '%s'", promo), "discounts[0][promotion_code]")

	cus := h.object("customers", "email=jo@example.com&metadata[a]=1&metadata[b]=2")["id"].(string)
	h.ok(http.MethodPost, "/v1/customers/"+cus, "email=ann@example.com&name=Ann&metadata[a]=")
	c := h.ok(http.MethodGet, "/v1/customers/"+cus, "")
	assert.Equal(t, "ann@example.com", c["email"])
	assert.Equal(t, "Ann", c["name"])
	assert.Equal(t, map[string]any{"b": "2"}, c["metadata"], "metadata merged: an empty value unsets its key")
	s := h.create(paymentForm + "&customer=" + cus)
	assert.Equal(t, "ann@example.com", s["customer_details"].(map[string]any)["email"])

	r := h.do(http.MethodPost, "/v1/customers/cus_nope", "name=X")
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "No such customer: 'cus_nope'", errorOf(t, r)["message"])
}

func TestObjectListsAreTheAccounts(t *testing.T) {
	h := newHarness(t)
	var ids []string
	for i := range 4 {
		ids = append(ids, h.customer(fmt.Sprintf("c%d@example.com", i)))
	}
	h.ok(http.MethodDelete, "/v1/customers/"+ids[1], "")
	idsOf := func(l map[string]any) []any {
		var out []any
		for _, d := range l["data"].([]any) {
			out = append(out, d.(map[string]any)["id"])
		}
		return out
	}
	l := h.ok(http.MethodGet, "/v1/customers", "limit=2")
	assert.Equal(t, []any{ids[3], ids[2]}, idsOf(l), "newest first, the deleted one left out")
	assert.Equal(t, true, l["has_more"])
	assert.Equal(t, "/v1/customers", l["url"])
	l = h.ok(http.MethodGet, "/v1/customers", "starting_after="+ids[2])
	assert.Equal(t, []any{ids[0]}, idsOf(l))
	assert.Equal(t, false, l["has_more"])
	l = h.ok(http.MethodGet, "/v1/customers", "ending_before="+ids[0]+"&limit=1")
	assert.Equal(t, []any{ids[2]}, idsOf(l))
	assert.Equal(t, []any{ids[3]}, idsOf(h.ok(http.MethodGet, "/v1/customers", "email=c3@example.com")))
	assert.Empty(t, h.doKey("sk_test_other", http.MethodGet, "/v1/customers", "").JSON()["data"], "another account sees none")

	price := h.price("Mug", 900, "usd")
	h.ok(http.MethodPost, "/v1/prices/"+price, "active=false")
	assert.Equal(t, []any{price}, idsOf(h.ok(http.MethodGet, "/v1/prices", "active=false")))
	assert.Empty(t, h.ok(http.MethodGet, "/v1/prices", "active=true")["data"])
	assert.Len(t, h.ok(http.MethodGet, "/v1/products", "")["data"], 1)
	assert.Empty(t, h.ok(http.MethodGet, "/v1/coupons", "")["data"])
}
