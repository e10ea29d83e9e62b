package contracts

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// catalogCalls are operations a Checkout integration calls besides
// Checkout Sessions, each with the operation the catalog answers for it.
var catalogCalls = []call{
	{"create customer", "PostCustomers", "POST", "/v1/customers", "email=a@example.com&metadata[order]=42"},
	{"retrieve customer", "GetCustomersCustomer", "GET", "/v1/customers/cus_123", ""},
	{"delete customer", "DeleteCustomersCustomer", "DELETE", "/v1/customers/cus_123", ""},
	{"list prices", "GetPrices", "GET", "/v1/prices", "limit=3&active=true"},
	{"create price", "PostPrices", "POST", "/v1/prices", "currency=usd&unit_amount=2000&product=prod_123"},
	{"create product", "PostProducts", "POST", "/v1/products", "name=T-shirt"},
	{"create payment intent", "PostPaymentIntents", "POST", "/v1/payment_intents", "amount=2000&currency=usd"},
	{"confirm payment intent", "PostPaymentIntentsIntentConfirm", "POST", "/v1/payment_intents/pi_123/confirm", ""},
	{"retrieve subscription", "GetSubscriptionsSubscriptionExposedId", "GET", "/v1/subscriptions/sub_123", ""},
	{"list invoices", "GetInvoices", "GET", "/v1/invoices", "customer=cus_123"},
	{"create coupon", "PostCoupons", "POST", "/v1/coupons", "percent_off=10&duration=once"},
	{"list promotion codes", "GetPromotionCodes", "GET", "/v1/promotion_codes", "code=SPRING"},
}

// TestLookupCatalog: every operation of the spec is found, not only the
// Checkout Sessions ones, and a Checkout path still finds its own.
func TestLookupCatalog(t *testing.T) {
	s := loaded(t)
	for _, c := range catalogCalls {
		t.Run(c.name, func(t *testing.T) {
			op, ok := s.Lookup(c.method, c.path)
			require.True(t, ok, "%s %s", c.method, c.path)
			assert.Equal(t, c.op, op.Name)
			assert.Equal(t, c.op, op.OperationID)
		})
	}
	op, ok := s.Lookup("POST", "/v1/checkout/sessions/cs_1/expire")
	require.True(t, ok)
	assert.Equal(t, "expire", op.Name)
	_, ok = s.Lookup("GET", "/v1/nothing/here")
	assert.False(t, ok)
}

// TestCheckExchangeCatalog: stripe-mock's answer to each catalog call
// passes its contract, request and response, and a broken one does not.
func TestCheckExchangeCatalog(t *testing.T) {
	s := loaded(t)
	base := mockURL(t)
	for _, c := range catalogCalls {
		t.Run(c.name, func(t *testing.T) {
			r, err := do(base, c)
			require.NoError(t, err)
			require.Equal(t, 200, r.status, "%s", r.body)
			ex := exchangeOf(t, c, r)
			fs, err := s.CheckExchange(ex, ExchangeOptions{})
			require.NoError(t, err)
			assert.Empty(t, fs)

			var doc map[string]any
			require.NoError(t, json.Unmarshal(r.body, &doc))
			doc["object"] = 7
			ex.Body, err = json.Marshal(doc)
			require.NoError(t, err)
			fs, err = s.CheckExchange(ex, ExchangeOptions{})
			require.NoError(t, err)
			assert.NotEmpty(t, fs, "a response whose object is a number")
		})
	}
	ex := exchangeOf(t, catalogCalls[0], response{status: 200, body: []byte(`{}`)})
	ex.Form.Set("emial", "a@example.com")
	fs, err := s.CheckExchange(ex, ExchangeOptions{})
	require.NoError(t, err)
	var kinds []string
	for _, f := range fs {
		kinds = append(kinds, string(f.Kind)+" "+f.Path)
	}
	assert.Contains(t, kinds, "request_unknown_field emial")
}

// exchangeOf is the exchange of c answered with r.
func exchangeOf(t *testing.T, c call, r response) Exchange {
	ex := Exchange{Method: c.method, Path: c.path, Status: r.status, Body: r.body}
	form := mustParseForm(t, c.form)
	if c.method == "GET" {
		ex.Query = form
	} else {
		ex.Form = form
	}
	if ex.Form == nil {
		ex.Form = url.Values{}
	}
	return ex
}

// TestLoadLeavesCatalogUnread: loading the contracts and checking a
// Checkout Sessions response never reads the catalog; the first lookup
// outside the manifest does.
func TestLoadLeavesCatalogUnread(t *testing.T) {
	s, err := Load()
	require.NoError(t, err)
	r := responses(t)["create"]
	_, err = s.CheckResponse("create", r.status, r.body)
	require.NoError(t, err)
	_, ok := s.Lookup("POST", "/v1/checkout/sessions")
	require.True(t, ok)
	assert.Nil(t, s.cat.ops, "catalog read before it was needed")
	_, ok = s.Lookup("GET", "/v1/customers/cus_1")
	require.True(t, ok)
	assert.NotEmpty(t, s.cat.ops)
}
