package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/client/form"
)

// A session's life: create, list its line items, expire. The fake server
// stands in for Stripe.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/checkout/sessions":
			fmt.Fprint(w, `{"id":"cs_1","object":"checkout.session","status":"open"}`)
		case "/v1/checkout/sessions/cs_1/line_items":
			fmt.Fprint(w, `{"object":"list","has_more":false,"data":[{"id":"li_1","object":"item","description":"T-shirt","quantity":2}]}`)
		case "/v1/checkout/sessions/cs_1/expire":
			fmt.Fprint(w, `{"id":"cs_1","object":"checkout.session","status":"expired"}`)
		}
	}))
	defer srv.Close()
	ctx := context.Background()

	c := client.New("sk_test_123", client.Options{BaseURL: srv.URL})
	s, err := c.Sessions.Create(ctx, &client.SessionCreateParams{
		Mode:       client.String("payment"),
		SuccessURL: client.String("https://example.com/ok"),
		LineItems:  []*client.SessionLineItemParams{{Price: client.String("price_123"), Quantity: client.Int64(2)}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for item, err := range c.Sessions.AllLineItems(ctx, s.ID, nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(*item.Description, *item.Quantity)
	}
	s, err = c.Sessions.Expire(ctx, s.ID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.ID, *s.Status, s.Response.StatusCode)
	// Output:
	// T-shirt 2
	// cs_1 expired 200
}

// Any response's status and body are reachable from the error.
func ExampleResponseOf() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_1")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"type":"invalid_request_error","code":"resource_missing","param":"session","message":"No such checkout.session: 'cs_x'"}}`)
	}))
	defer srv.Close()

	c := client.New("sk_test_123", client.Options{BaseURL: srv.URL})
	_, err := c.Sessions.Retrieve(context.Background(), "cs_x", nil)
	var se *client.Error
	if errors.As(err, &se) && se.Code == client.CodeResourceMissing {
		fmt.Println(se)
	}
	r := client.ResponseOf(err)
	fmt.Println(r.StatusCode, len(r.Body) > 0)
	// Output:
	// stripe: invalid_request_error (404, code resource_missing, param "session"): No such checkout.session: 'cs_x' [req_1]
	// 404 true
}

// Params may be given entirely as a decoded YAML or JSON map; it is
// encoded with Stripe's bracket rules.
func ExampleParams() {
	p := &client.SessionCreateParams{
		Mode: client.String("payment"),
		Params: client.Params{
			Expand: []string{"line_items"},
			Extra: map[string]any{
				"mode":             "setup", // Extra wins over the typed field
				"metadata":         map[string]any{"order": 42, "old": ""},
				"shipping_options": form.Empty, // clears the field
			},
		},
	}
	s, _ := form.Encode(p)
	fmt.Println(s)
	// Output:
	// expand[0]=line_items&metadata[old]=&metadata[order]=42&mode=setup&shipping_options=
}

// Typed nested fields, an expanded field and an instance method: the
// retrieved session carries the client it came from.
func ExampleSession() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/checkout/sessions/cs_1":
			fmt.Fprint(w, `{"id":"cs_1","object":"checkout.session","status":"complete",`+
				`"customer_details":{"email":"jenny@example.com","address":{"country":"FR","city":"Paris"}},`+
				`"customer":{"id":"cus_1","object":"customer","email":"jenny@example.com","name":"Jenny Rosen"}}`)
		case "/v1/checkout/sessions/cs_1/expire":
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"type":"invalid_request_error","message":"Only open sessions can be expired.",`+
				`"request_log_url":"https://dashboard.stripe.com/test/logs/req_2"}}`)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	c := client.New("sk_test_123", client.Options{BaseURL: srv.URL, MaxRetries: new(int)})

	s, err := c.Sessions.Retrieve(ctx, "cs_1", &client.SessionRetrieveParams{Params: client.Params{Expand: []string{"customer"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*s.Status == client.SessionStatusComplete, *s.CustomerDetails.Address.Country)
	if s.Customer.Expanded() {
		fmt.Println(s.Customer.ID, *s.Customer.Object.Name)
	}
	_, err = s.Expire(ctx, nil)
	var se *client.Error
	if errors.As(err, &se) && se.Type == client.ErrorTypeInvalidRequest {
		fmt.Println(se.HTTPStatus, se.Message, se.RequestLogURL)
	}
	// Output:
	// true FR
	// cus_1 Jenny Rosen
	// 400 Only open sessions can be expired. https://dashboard.stripe.com/test/logs/req_2
}
