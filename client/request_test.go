package client_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/client/form"
)

func TestCreateBodyGolden(t *testing.T) {
	srv := newServer(t, reply(200, sessionJSON))
	c, _ := newClient(t, srv, client.Options{})
	_, err := c.Sessions.Create(context.Background(), &client.SessionCreateParams{
		Params:     client.Params{Expand: []string{"line_items"}},
		Mode:       client.String("subscription"),
		SuccessURL: client.String("https://example.com/ok?session={CHECKOUT_SESSION_ID}"),
		LineItems: []*client.SessionLineItemParams{{
			PriceData: &client.PriceDataParams{
				Currency:   client.String("usd"),
				UnitAmount: client.Int64(2000),
				ProductData: &client.ProductDataParams{
					Name:     client.String("Gold plan"),
					Images:   []string{"https://example.com/g.png"},
					Metadata: map[string]string{"tier": "gold"},
				},
				Recurring: &client.RecurringParams{Interval: client.String("month"), IntervalCount: client.Int64(1)},
			},
			Quantity:           client.Int64(2),
			AdjustableQuantity: &client.AdjustableQuantityParams{Enabled: client.Bool(true), Maximum: client.Int64(5)},
		}},
		Metadata:     map[string]string{"order": "42", "cleared": ""},
		AutomaticTax: &client.AutomaticTaxParams{Enabled: client.Bool(false)},
	})
	require.NoError(t, err)
	reqs := srv.requests()
	require.Len(t, reqs, 1)
	want := "automatic_tax[enabled]=false&expand[0]=line_items" +
		"&line_items[0][adjustable_quantity][enabled]=true&line_items[0][adjustable_quantity][maximum]=5" +
		"&line_items[0][price_data][currency]=usd" +
		"&line_items[0][price_data][product_data][images][0]=https%3A%2F%2Fexample.com%2Fg.png" +
		"&line_items[0][price_data][product_data][metadata][tier]=gold" +
		"&line_items[0][price_data][product_data][name]=Gold+plan" +
		"&line_items[0][price_data][recurring][interval]=month&line_items[0][price_data][recurring][interval_count]=1" +
		"&line_items[0][price_data][unit_amount]=2000&line_items[0][quantity]=2" +
		"&metadata[cleared]=&metadata[order]=42&mode=subscription" +
		"&success_url=https%3A%2F%2Fexample.com%2Fok%3Fsession%3D%7BCHECKOUT_SESSION_ID%7D"
	assert.Equal(t, want, reqs[0].Body)
	assert.Equal(t, "POST", reqs[0].Method)
	assert.Equal(t, "/v1/checkout/sessions", reqs[0].Path)
	assert.Empty(t, reqs[0].Query)
}

func TestListQueryGolden(t *testing.T) {
	srv := newServer(t, reply(200, `{"object":"list","data":[],"has_more":false,"url":"/v1/checkout/sessions"}`))
	c, _ := newClient(t, srv, client.Options{})
	_, err := c.Sessions.List(context.Background(), &client.SessionListParams{
		ListParams:      client.ListParams{Limit: client.Int64(3), StartingAfter: client.String("cs_9")},
		Status:          client.String("open"),
		CustomerDetails: &client.CustomerDetailsParams{Email: client.String("a+b@example.com")},
		Created:         &client.RangeParams{GTE: client.Int64(1700000000), LT: client.Int64(1800000000)},
	})
	require.NoError(t, err)
	reqs := srv.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "created[gte]=1700000000&created[lt]=1800000000&customer_details[email]=a%2Bb%40example.com"+
		"&limit=3&starting_after=cs_9&status=open", reqs[0].Query)
	assert.Empty(t, reqs[0].Body)
	assert.Empty(t, reqs[0].Header.Get("Idempotency-Key"))
	assert.Empty(t, reqs[0].Header.Get("Content-Type"))
}

// The scenario runner drives every operation with Extra alone (a map
// decoded from YAML) and nil typed fields; this is that path.
func TestExtraOnlyParams(t *testing.T) {
	yamlLike := map[string]any{
		"mode":       "payment",
		"line_items": []any{map[string]any{"price_data": map[string]any{"currency": "usd", "unit_amount": 2000, "product_data": map[string]any{"name": "T"}}, "quantity": 2}},
		"metadata":   map[string]any{"order": 42, "gone": ""},
		"amount":     1.5,
		"flag":       true,
		"dropped":    nil,
	}
	const wantBody = "amount=1.5&expand[0]=line_items&flag=true" +
		"&line_items[0][price_data][currency]=usd&line_items[0][price_data][product_data][name]=T" +
		"&line_items[0][price_data][unit_amount]=2000&line_items[0][quantity]=2" +
		"&metadata[gone]=&metadata[order]=42&mode=payment"
	p := client.Params{Extra: yamlLike, Expand: []string{"line_items"}}
	ctx := context.Background()
	list := `{"object":"list","data":[],"has_more":false,"url":"/x"}`
	tests := []struct {
		name, body, method, path, query, reqBody string
		call                                     func(*client.SessionService) error
	}{
		{
			name: "create", body: sessionJSON, method: "POST", path: "/v1/checkout/sessions", reqBody: wantBody,
			call: func(s *client.SessionService) error {
				_, err := s.Create(ctx, &client.SessionCreateParams{Params: p})
				return err
			},
		},
		{
			name: "retrieve", body: sessionJSON, method: "GET", path: "/v1/checkout/sessions/cs_1", query: "expand[0]=line_items",
			call: func(s *client.SessionService) error {
				_, err := s.Retrieve(ctx, "cs_1", &client.SessionRetrieveParams{Params: client.Params{Expand: []string{"line_items"}}})
				return err
			},
		},
		{
			name: "update", body: sessionJSON, method: "POST", path: "/v1/checkout/sessions/cs_1", reqBody: wantBody,
			call: func(s *client.SessionService) error {
				_, err := s.Update(ctx, "cs_1", &client.SessionUpdateParams{Params: p})
				return err
			},
		},
		{
			name: "expire", body: sessionJSON, method: "POST", path: "/v1/checkout/sessions/cs_1/expire", reqBody: wantBody,
			call: func(s *client.SessionService) error {
				_, err := s.Expire(ctx, "cs_1", &client.SessionExpireParams{Params: p})
				return err
			},
		},
		{
			name: "list", body: list, method: "GET", path: "/v1/checkout/sessions", query: "limit=2&status=open",
			call: func(s *client.SessionService) error {
				_, err := s.List(ctx, &client.SessionListParams{Params: client.Params{Extra: map[string]any{"limit": 2, "status": "open"}}})
				return err
			},
		},
		{
			name: "list line items", body: list, method: "GET", path: "/v1/checkout/sessions/cs_1/line_items", query: "limit=5",
			call: func(s *client.SessionService) error {
				_, err := s.ListLineItems(ctx, "cs_1", &client.LineItemListParams{Params: client.Params{Extra: map[string]any{"limit": 5}}})
				return err
			},
		},
		{
			name: "nil params", body: sessionJSON, method: "POST", path: "/v1/checkout/sessions/cs_1/expire",
			call: func(s *client.SessionService) error {
				_, err := s.Expire(ctx, "cs_1", nil)
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, reply(200, tt.body))
			c, _ := newClient(t, srv, client.Options{})
			require.NoError(t, tt.call(c.Sessions))
			reqs := srv.requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.method, reqs[0].Method)
			assert.Equal(t, tt.path, reqs[0].Path)
			assert.Equal(t, tt.query, reqs[0].Query)
			assert.Equal(t, tt.reqBody, reqs[0].Body)
			_, err := url.ParseQuery(reqs[0].Body)
			assert.NoError(t, err)
		})
	}
}

func TestExtraWinsOverTyped(t *testing.T) {
	srv := newServer(t, reply(200, sessionJSON))
	c, _ := newClient(t, srv, client.Options{})
	_, err := c.Sessions.Create(context.Background(), &client.SessionCreateParams{
		Params:          client.Params{Extra: map[string]any{"mode": "setup", "metadata": map[string]any{"b": "2"}, "customer": nil, "shipping_options": form.Empty}},
		Mode:            client.String("payment"),
		Customer:        client.String("cus_1"),
		Metadata:        map[string]string{"a": "1"},
		ShippingOptions: []*client.ShippingOptionParams{{ShippingRate: client.String("shr_1")}},
	})
	require.NoError(t, err)
	assert.Equal(t, "metadata[a]=1&metadata[b]=2&mode=setup&shipping_options=", srv.requests()[0].Body)
}

func TestEncodingDeterministic(t *testing.T) {
	srv := newServer(t, reply(200, sessionJSON))
	c, _ := newClient(t, srv, client.Options{})
	md := map[string]string{}
	for _, k := range strings.Fields("z y x w v u t s r q p o n m l k") {
		md[k] = k + "!"
	}
	p := &client.SessionCreateParams{
		Params:   client.Params{Extra: map[string]any{"custom_text": map[string]any{"submit": map[string]any{"message": "hi"}, "after_submit": map[string]any{"message": "bye"}}}},
		Metadata: md,
	}
	for range 100 {
		_, err := c.Sessions.Create(context.Background(), p)
		require.NoError(t, err)
	}
	reqs := srv.requests()
	require.Len(t, reqs, 100)
	for _, r := range reqs[1:] {
		require.Equal(t, reqs[0].Body, r.Body)
	}
}

func TestHeaders(t *testing.T) {
	srv := newServer(t, reply(200, sessionJSON))
	ctx := context.Background()
	c, _ := newClient(t, srv, client.Options{})
	_, err := c.Sessions.Create(ctx, nil)
	require.NoError(t, err)
	_, err = c.Sessions.Retrieve(ctx, "cs_1", nil)
	require.NoError(t, err)
	_, err = c.Sessions.Update(ctx, "cs_1", nil,
		client.WithIdempotencyKey("mine"), client.WithStripeAccount("acct_1"),
		client.WithAPIVersion("2020-08-27"), client.WithHeader("X-Extra", "yes"))
	require.NoError(t, err)
	c2, _ := newClient(t, srv, client.Options{APIVersion: "2025-01-01.x", UserAgent: "me/1"})
	_, err = c2.Sessions.Retrieve(ctx, "cs_1", nil)
	require.NoError(t, err)

	reqs := srv.requests()
	require.Len(t, reqs, 4)
	tests := []struct {
		name string
		req  seen
		want map[string]string // "" means absent
	}{
		{"create: defaults and generated key", reqs[0], map[string]string{
			"Authorization": "Bearer sk_test_123", "Stripe-Version": client.DefaultAPIVersion,
			"User-Agent": "checkoutvcr/" + client.Version, "Idempotency-Key": "idem-1",
			"Content-Type": "application/x-www-form-urlencoded", "Stripe-Account": "",
		}},
		{"retrieve: GET has no key or content type", reqs[1], map[string]string{
			"Authorization": "Bearer sk_test_123", "Stripe-Version": client.DefaultAPIVersion,
			"Idempotency-Key": "", "Content-Type": "",
		}},
		{"update: per-call options", reqs[2], map[string]string{
			"Idempotency-Key": "mine", "Stripe-Account": "acct_1", "Stripe-Version": "2020-08-27", "X-Extra": "yes",
		}},
		{"other client: options", reqs[3], map[string]string{
			"Stripe-Version": "2025-01-01.x", "User-Agent": "me/1",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.want {
				assert.Equal(t, v, tt.req.Header.Get(k), k)
			}
		})
	}
}

func TestPathEscapesID(t *testing.T) {
	srv := newServer(t, reply(200, sessionJSON))
	c, _ := newClient(t, srv, client.Options{})
	_, err := c.Sessions.Retrieve(context.Background(), "cs/../x?y#z", nil)
	require.NoError(t, err)
	assert.Equal(t, "/v1/checkout/sessions/cs%2F..%2Fx%3Fy%23z", srv.requests()[0].Path)
}

func TestEmptyIDSendsNothing(t *testing.T) {
	srv := newServer(t, reply(200, sessionJSON))
	c, _ := newClient(t, srv, client.Options{})
	ctx := context.Background()
	calls := map[string]func() error{
		"retrieve":   func() error { _, err := c.Sessions.Retrieve(ctx, "", nil); return err },
		"update":     func() error { _, err := c.Sessions.Update(ctx, "", nil); return err },
		"expire":     func() error { _, err := c.Sessions.Expire(ctx, "", nil); return err },
		"line items": func() error { _, err := c.Sessions.ListLineItems(ctx, "", nil); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			assert.ErrorContains(t, call(), "id is empty")
		})
	}
	assert.Empty(t, srv.requests())
}

func TestBothCursorsRejected(t *testing.T) {
	srv := newServer(t, reply(200, `{"object":"list","data":[],"has_more":false}`))
	c, _ := newClient(t, srv, client.Options{})
	ctx := context.Background()
	typed := client.ListParams{StartingAfter: client.String("a"), EndingBefore: client.String("b")}
	extra := client.Params{Extra: map[string]any{"starting_after": "a", "ending_before": "b"}}
	mixed := client.Params{Extra: map[string]any{"ending_before": "b"}}
	tests := map[string]func() error{
		"typed": func() error {
			_, err := c.Sessions.List(ctx, &client.SessionListParams{ListParams: typed})
			return err
		},
		"extra": func() error {
			_, err := c.Sessions.ListLineItems(ctx, "cs_1", &client.LineItemListParams{Params: extra})
			return err
		},
		"mixed": func() error {
			_, err := c.Sessions.List(ctx, &client.SessionListParams{Params: mixed, ListParams: client.ListParams{StartingAfter: client.String("a")}})
			return err
		},
		"iterator": func() error {
			for _, err := range c.Sessions.All(ctx, &client.SessionListParams{ListParams: typed}) {
				return err
			}
			return nil
		},
	}
	for name, call := range tests {
		t.Run(name, func(t *testing.T) {
			assert.ErrorIs(t, call(), client.ErrBothCursors)
		})
	}
	assert.Empty(t, srv.requests())
}

func TestBadParamsSendNothing(t *testing.T) {
	srv := newServer(t, reply(200, sessionJSON))
	c, _ := newClient(t, srv, client.Options{})
	_, err := c.Sessions.Create(context.Background(), &client.SessionCreateParams{
		Params: client.Params{Extra: map[string]any{"metadata": map[string]any{"a[b]": "x"}}},
	})
	assert.ErrorContains(t, err, `invalid key "a[b]"`)
	assert.Empty(t, srv.requests())
}

func TestDefaultHTTPClient(t *testing.T) {
	// Without HTTPClient the client still works (with its own timeout).
	srv := newServer(t, reply(200, sessionJSON))
	c := client.New("sk_test_123", client.Options{BaseURL: srv.URL + "/"})
	s, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
	require.NoError(t, err)
	assert.Equal(t, "cs_test_1", s.ID)
	assert.Equal(t, "/v1/checkout/sessions/cs_1", srv.requests()[0].Path)
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, func() string {
		_, err := c.Sessions.Expire(context.Background(), "cs_1", nil)
		require.NoError(t, err)
		return srv.requests()[1].Header.Get("Idempotency-Key")
	}())
}
