package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

// One stripe-mock per test binary, started by the first test that needs it
// and stopped by TestMain.
var mock struct {
	once sync.Once
	srv  *stripemock.Server
	err  error
}

// TestMain also guards against the stripe-mock tests silently not running:
// a plain `go test` (no -short, no -run or -skip filter) that never started
// stripe-mock fails. stripeMock itself fails, rather than skips, when
// stripe-mock cannot start.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if mock.srv != nil {
		_ = mock.srv.Close()
	} else if code == 0 && !testing.Short() && flagValue("test.run") == "" && flagValue("test.skip") == "" &&
		flagValue("test.fuzz") == "" && flagValue("test.list") == "" {
		fmt.Fprintln(os.Stderr, "FAIL: the stripe-mock tests did not run")
		code = 1
	}
	os.Exit(code)
}

func flagValue(name string) string {
	if f := flag.Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

func stripeMock(t *testing.T) *client.Client {
	t.Helper()
	if testing.Short() {
		t.Skip("stripe-mock tests skipped in -short mode")
	}
	mock.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		mock.srv, mock.err = stripemock.Start(ctx, stripemock.Options{})
	})
	require.NoError(t, mock.err, "starting stripe-mock")
	return client.New("sk_test_123", client.Options{BaseURL: mock.srv.URL, MaxRetries: intp(0)})
}

func TestStripeMockLifecycle(t *testing.T) {
	c := stripeMock(t)
	ctx := context.Background()

	created, err := c.Sessions.Create(ctx, &client.SessionCreateParams{
		Mode:       client.String("payment"),
		SuccessURL: client.String("https://example.com/success"),
		LineItems: []*client.SessionLineItemParams{{
			PriceData: &client.PriceDataParams{
				Currency:    client.String("usd"),
				UnitAmount:  client.Int64(2000),
				ProductData: &client.ProductDataParams{Name: client.String("T-shirt")},
			},
			Quantity: client.Int64(2),
		}},
		Metadata: map[string]string{"order": "42"},
	})
	require.NoError(t, err)
	assert.Equal(t, "checkout.session", created.Object)
	assert.NotEmpty(t, created.ID)
	require.NotNil(t, created.Response)
	assert.Equal(t, 200, created.Response.StatusCode)
	mode, ok := created.Response.Get("mode")
	assert.True(t, ok)
	assert.NotEmpty(t, mode)

	got, err := c.Sessions.Retrieve(ctx, created.ID, &client.SessionRetrieveParams{Params: client.Params{Expand: []string{"line_items"}}})
	require.NoError(t, err)
	assert.Equal(t, "checkout.session", got.Object)
	require.NotNil(t, got.LineItems, "expanded line_items")
	assert.Equal(t, "list", got.LineItems.Object)

	list, err := c.Sessions.List(ctx, &client.SessionListParams{ListParams: client.ListParams{Limit: client.Int64(3)}})
	require.NoError(t, err)
	assert.Equal(t, "list", list.Object)
	assert.NotEmpty(t, list.URL)
	for _, s := range list.Data {
		assert.Equal(t, "checkout.session", s.Object)
	}

	items, err := c.Sessions.ListLineItems(ctx, created.ID, &client.LineItemListParams{ListParams: client.ListParams{Limit: client.Int64(5)}})
	require.NoError(t, err)
	assert.Equal(t, "list", items.Object)
	for _, li := range items.Data {
		assert.Equal(t, "item", li.Object)
		assert.NotEmpty(t, li.ID)
	}

	updated, err := c.Sessions.Update(ctx, created.ID, &client.SessionUpdateParams{Metadata: map[string]string{"order": "43"}})
	require.NoError(t, err)
	assert.Equal(t, "checkout.session", updated.Object)

	expired, err := c.Sessions.Expire(ctx, created.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, "checkout.session", expired.Object)
	assert.NotEmpty(t, expired.ID)
}

func TestStripeMockExtraOnly(t *testing.T) {
	c := stripeMock(t)
	_, err := c.Sessions.Create(context.Background(), &client.SessionCreateParams{Params: client.Params{
		Extra: map[string]any{
			"mode":        "payment",
			"success_url": "https://example.com/success",
			"line_items":  []any{map[string]any{"price_data": map[string]any{"currency": "usd", "unit_amount": 2000, "product_data": map[string]any{"name": "T"}}, "quantity": 2}},
			"metadata":    map[string]any{"order": 42},
		},
		Expand: []string{"line_items"},
	}})
	require.NoError(t, err)
	for s, err := range c.Sessions.All(context.Background(), &client.SessionListParams{Params: client.Params{Extra: map[string]any{"limit": 1}}}) {
		require.NoError(t, err)
		assert.Equal(t, "checkout.session", s.Object)
		break
	}
}

func TestStripeMockInvalidMode(t *testing.T) {
	c := stripeMock(t)
	_, err := c.Sessions.Create(context.Background(), &client.SessionCreateParams{
		Mode:       client.String("not-a-mode"),
		SuccessURL: client.String("https://example.com/success"),
	})
	var se *client.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 400, se.HTTPStatus)
	assert.Equal(t, client.ErrorTypeInvalidRequest, se.Type)
	assert.NotEmpty(t, se.Message)
	assert.NotEmpty(t, se.Body)
	t.Log(se.Error())
}

// Every typed create field at once: stripe-mock validates the request
// against Stripe's OpenAPI spec, so this checks our parameter names and
// shapes (an unknown or misspelt parameter is a 400).
func TestStripeMockTypedCreateAccepted(t *testing.T) {
	c := stripeMock(t)
	p := fullCreateParams()
	s, err := c.Sessions.Create(context.Background(), p)
	require.NoError(t, err)
	assert.Equal(t, "checkout.session", s.Object)
}

// Expandable fields decode as ids without expand and as objects with it,
// on what stripe-mock (Stripe's spec and fixtures) really returns.
func TestStripeMockExpand(t *testing.T) {
	c := stripeMock(t)
	ctx := context.Background()

	plain, err := c.Sessions.Retrieve(ctx, "cs_test_1", nil)
	require.NoError(t, err)
	require.NotNil(t, plain.PaymentIntent)
	assert.NotEmpty(t, plain.PaymentIntent.ID)
	assert.False(t, plain.PaymentIntent.Expanded(), "an id string without expand")
	assert.Nil(t, plain.LineItems, "line_items only with expand")

	fields := []string{"customer", "payment_intent", "subscription", "invoice", "setup_intent", "payment_link", "line_items"}
	s, err := c.Sessions.Retrieve(ctx, "cs_test_1", &client.SessionRetrieveParams{Params: client.Params{Expand: fields}})
	require.NoError(t, err)
	require.NotNil(t, s.Customer, "expand=customer")
	assert.True(t, s.Customer.Expanded())
	assert.NotEmpty(t, s.Customer.ID)
	obj, ok := s.Customer.Get("object")
	assert.True(t, ok)
	assert.Equal(t, "customer", obj)
	var cust struct {
		ID     string `json:"id"`
		Object string `json:"object"`
	}
	require.NoError(t, s.Customer.Decode(&cust))
	assert.Equal(t, s.Customer.ID, cust.ID)
	assert.Equal(t, plain.PaymentIntent.ID, s.PaymentIntent.ID, "same id either way")
	assert.True(t, s.PaymentIntent.Expanded())
	// The expandable fields have different object types (generated
	// Subscription and PaymentLink, untyped Object for invoices and
	// SetupIntents), so they are checked through what they share.
	type expandable interface {
		Expanded() bool
		Get(path string) (any, bool)
	}
	for name, e := range map[string]expandable{
		"subscription": s.Subscription, "invoice": s.Invoice, "setup_intent": s.SetupIntent, "payment_link": s.PaymentLink,
	} {
		if !reflect.ValueOf(e).IsNil() { // stripe-mock's fixture may hold null
			assert.True(t, e.Expanded(), name)
			id, _ := e.Get("id")
			assert.NotEmpty(t, id, name)
		}
	}
	require.NotNil(t, s.LineItems)
	assert.Equal(t, "list", s.LineItems.Object)
	for _, li := range s.LineItems.Data {
		assert.Equal(t, "item", li.Object)
		assert.NotEmpty(t, li.Raw)
	}

	// Unmodelled fields stay readable on the session itself.
	v, ok := s.Get("customer.object")
	assert.True(t, ok)
	assert.Equal(t, "customer", v)
	_, ok = s.Get("adaptive_pricing")
	assert.True(t, ok, "a field this package does not model")
}

// expand is accepted and applied on every operation.
func TestStripeMockExpandEveryOperation(t *testing.T) {
	c := stripeMock(t)
	ctx := context.Background()
	exp := func(f ...string) client.Params { return client.Params{Expand: f} }

	created, err := c.Sessions.Create(ctx, &client.SessionCreateParams{
		Params: exp("payment_intent"), Mode: S("payment"), SuccessURL: S("https://example.com/ok"),
		LineItems: []*client.SessionLineItemParams{{Price: S("price_1"), Quantity: I(1)}},
	})
	require.NoError(t, err)
	if created.PaymentIntent != nil {
		assert.True(t, created.PaymentIntent.Expanded(), "create")
	}

	updated, err := c.Sessions.Update(ctx, created.ID, &client.SessionUpdateParams{Params: exp("line_items"), Metadata: map[string]string{"a": "1"}})
	require.NoError(t, err)
	assert.NotNil(t, updated.LineItems, "update")

	expired, err := c.Sessions.Expire(ctx, created.ID, &client.SessionExpireParams{Params: exp("line_items")})
	require.NoError(t, err)
	assert.NotNil(t, expired.LineItems, "expire")

	list, err := c.Sessions.List(ctx, &client.SessionListParams{Params: exp("data.customer"), ListParams: client.ListParams{Limit: I(2)}})
	require.NoError(t, err)
	require.NotEmpty(t, list.Data)
	for _, s := range list.Data {
		require.NotNil(t, s.Customer)
		assert.True(t, s.Customer.Expanded(), "list data.customer")
	}

	items, err := c.Sessions.ListLineItems(ctx, created.ID, &client.LineItemListParams{Params: exp("data.price.product")})
	require.NoError(t, err)
	require.NotEmpty(t, items.Data)
	for _, li := range items.Data {
		require.NotNil(t, li.Price)
		require.NotNil(t, li.Price.Product)
		assert.True(t, li.Price.Product.Expanded(), "line items data.price.product")
	}
}

// Every typed update field, as Stripe's spec requires them.
func TestStripeMockTypedUpdateAccepted(t *testing.T) {
	c := stripeMock(t)
	s, err := c.Sessions.Update(context.Background(), "cs_test_1", &client.SessionUpdateParams{
		Metadata: map[string]string{"order": "43", "old": ""},
		CollectedInformation: &client.CollectedInformationParams{ShippingDetails: &client.ShippingDetailsParams{
			Name:    S("Jenny Rosen"),
			Address: &client.AddressParams{Line1: S("1 Main St"), Line2: S("Apt 2"), City: S("SF"), State: S("CA"), PostalCode: S("94111"), Country: S("US")},
		}},
		ShippingOptions: []*client.ShippingOptionParams{{ShippingRate: S("shr_1")}},
		LineItems: []*client.SessionUpdateLineItemParams{
			{ID: S("li_1"), Quantity: I(2)},
			{Price: S("price_2"), Quantity: I(1), TaxRates: []string{"txr_1"}},
		},
	})
	require.NoError(t, err)
	assert.Equal(t, "checkout.session", s.Object)
}

// Every list filter at once is a valid query for Stripe's spec.
func TestStripeMockListFilters(t *testing.T) {
	c := stripeMock(t)
	l, err := c.Sessions.List(context.Background(), &client.SessionListParams{
		ListParams: client.ListParams{Limit: I(3), StartingAfter: S("cs_0")},
		Status:     S("open"), Customer: S("cus_1"), CustomerDetails: &client.CustomerDetailsParams{Email: S("a@example.com")},
		PaymentIntent: S("pi_1"), PaymentLink: S("plink_1"), Subscription: S("sub_1"),
		Created: &client.RangeParams{GT: I(1), GTE: I(1), LT: I(2000000000), LTE: I(2000000000)},
	})
	require.NoError(t, err)
	assert.Equal(t, "list", l.Object)
	_, err = c.Sessions.ListLineItems(context.Background(), "cs_test_1", &client.LineItemListParams{ListParams: client.ListParams{Limit: I(1), EndingBefore: S("li_9")}})
	require.NoError(t, err)
}

// counter counts the requests an http.RoundTripper sends, by raw query.
type counter struct {
	mu      sync.Mutex
	queries []string
}

func (c *counter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.queries = append(c.queries, r.URL.RawQuery)
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func (c *counter) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.queries...)
}

// stripe-mock answers every list with has_more false, so against it the
// iterators must make exactly one request and yield that page.
func TestStripeMockIteratorsSinglePage(t *testing.T) {
	stripeMock(t)
	cnt := &counter{}
	c := client.New("sk_test_123", client.Options{BaseURL: mock.srv.URL, MaxRetries: intp(0), HTTPClient: &http.Client{Transport: cnt}})
	ctx := context.Background()

	var n int
	for s, err := range c.Sessions.All(ctx, &client.SessionListParams{ListParams: client.ListParams{Limit: I(1)}}) {
		require.NoError(t, err)
		assert.Equal(t, "checkout.session", s.Object)
		assert.NotEmpty(t, s.Raw)
		n++
	}
	assert.Positive(t, n)
	assert.Equal(t, []string{"limit=1"}, cnt.all())

	n = 0
	for li, err := range c.Sessions.AllLineItems(ctx, "cs_test_1", &client.LineItemListParams{ListParams: client.ListParams{Limit: I(2)}}) {
		require.NoError(t, err)
		assert.Equal(t, "item", li.Object)
		n++
	}
	assert.Positive(t, n)
	assert.Equal(t, []string{"limit=1", "limit=2"}, cnt.all())
}

// hasMoreProxy forwards to stripe-mock and, for the first pages, rewrites
// has_more to true, so that the iterators' follow-up requests (with
// starting_after or ending_before) are really validated and answered by
// stripe-mock.
func hasMoreProxy(t *testing.T, pages int) (*httptest.Server, *counter) {
	t.Helper()
	target, err := url.Parse(mock.srv.URL)
	require.NoError(t, err)
	cnt := &counter{}
	var mu sync.Mutex
	seen := 0
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = cnt
	rp.ModifyResponse = func(r *http.Response) error {
		mu.Lock()
		seen++
		more := seen < pages
		mu.Unlock()
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		var m map[string]any
		if r.StatusCode == 200 && json.Unmarshal(body, &m) == nil && m["object"] == "list" {
			m["has_more"] = more
			body, _ = json.Marshal(m)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv, cnt
}

func TestStripeMockIteratorsAcrossPages(t *testing.T) {
	stripeMock(t)
	ctx := context.Background()
	t.Run("sessions", func(t *testing.T) {
		srv, cnt := hasMoreProxy(t, 3)
		c := client.New("sk_test_123", client.Options{BaseURL: srv.URL, MaxRetries: intp(0)})
		var ids []string
		for s, err := range c.Sessions.All(ctx, &client.SessionListParams{ListParams: client.ListParams{Limit: I(1)}, Status: S("open")}) {
			require.NoError(t, err)
			ids = append(ids, s.ID)
		}
		q := cnt.all()
		require.Len(t, q, 3, "three pages, then has_more false")
		assert.Equal(t, "limit=1&status=open", q[0])
		for i := 1; i < 3; i++ {
			assert.Contains(t, q[i], "starting_after=")
			assert.Contains(t, q[i], "status=open", "filters kept on every page")
		}
		assert.NotEmpty(t, ids)
	})
	t.Run("line items backwards", func(t *testing.T) {
		srv, cnt := hasMoreProxy(t, 2)
		c := client.New("sk_test_123", client.Options{BaseURL: srv.URL, MaxRetries: intp(0)})
		for _, err := range c.Sessions.AllLineItems(ctx, "cs_test_1", &client.LineItemListParams{ListParams: client.ListParams{Limit: I(1), EndingBefore: S("li_9")}}) {
			require.NoError(t, err)
		}
		q := cnt.all()
		require.Len(t, q, 2)
		assert.Equal(t, "ending_before=li_9&limit=1", q[0])
		assert.Regexp(t, `^ending_before=li_[^&]+&limit=1$`, q[1])
		assert.NotEqual(t, q[0], q[1])
	})
	t.Run("break stops fetching", func(t *testing.T) {
		srv, cnt := hasMoreProxy(t, 100)
		c := client.New("sk_test_123", client.Options{BaseURL: srv.URL, MaxRetries: intp(0)})
		n := 0
		for _, err := range c.Sessions.All(ctx, &client.SessionListParams{ListParams: client.ListParams{Limit: I(1)}}) {
			require.NoError(t, err)
			n++
			if n == 2 {
				break
			}
		}
		assert.Len(t, cnt.all(), 2, "no page fetched after the break")
	})
}
