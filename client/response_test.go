package client_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
)

func TestSessionDecodeAndResponse(t *testing.T) {
	srv := newServer(t, reply(200, sessionJSON, "Request-Id", "req_1"))
	c, _ := newClient(t, srv, client.Options{})
	s, err := c.Sessions.Retrieve(context.Background(), "cs_test_1", nil)
	require.NoError(t, err)
	assert.Equal(t, "cs_test_1", s.ID)
	assert.Equal(t, "checkout.session", s.Object)
	assert.Equal(t, client.SessionStatusOpen, *s.Status)
	assert.Equal(t, int64(4000), *s.AmountTotal)
	assert.Nil(t, s.AmountSubtotal, "absent nullable field")
	assert.Nil(t, s.Customer, "null expandable")
	assert.Equal(t, map[string]string{"order": "42"}, s.Metadata)
	require.NotNil(t, s.Response)
	assert.Equal(t, 200, s.Response.StatusCode)
	assert.Equal(t, "req_1", s.Response.RequestID)
	assert.Equal(t, sessionJSON, string(s.Response.Body), "exact bytes")
}

func TestResponseGet(t *testing.T) {
	r := &client.Response{Body: []byte(`{"a":{"b":[10,{"c":"x"},[true]]},"n":null,"big":12345678901234567890,"line_items":{"data":[{"price":{"id":"price_1"}}]}}`)}
	tests := []struct {
		path   string
		want   any
		wantOK bool
	}{
		{"a.b[1].c", "x", true},
		{"a.b[0]", json.Number("10"), true},
		{"a.b[2][0]", true, true},
		{"big", json.Number("12345678901234567890"), true},
		{"n", nil, true},
		{"line_items.data[0].price.id", "price_1", true},
		{"a.b[3]", nil, false},
		{"a.x", nil, false},
		{"a.b.c", nil, false},
		{"a[0]", nil, false},
		{"a.b[x]", nil, false},
		{"a..b", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, ok := r.Get(tt.path)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.want, got)
		})
	}
	whole, ok := r.Get("")
	assert.True(t, ok)
	assert.IsType(t, map[string]any{}, whole)
	_, ok = (&client.Response{Body: []byte("<html>")}).Get("a")
	assert.False(t, ok)
	_, ok = (*client.Response)(nil).Get("a")
	assert.False(t, ok)
}

func TestExpandable(t *testing.T) {
	asID := `{"id":"cs_1","customer":"cus_1","payment_intent":"pi_1","line_items":null}`
	asObject := `{"id":"cs_1","customer":{"id":"cus_1","object":"customer","email":"a@example.com"},` +
		`"payment_intent":{"id":"pi_1","object":"payment_intent"},` +
		`"line_items":{"object":"list","has_more":false,"url":"/v1/checkout/sessions/cs_1/line_items","data":[` +
		`{"id":"li_1","object":"item","quantity":2,"price":{"id":"price_1","object":"price","unit_amount":2000,"type":"one_time",` +
		`"product":{"id":"prod_1","object":"product","name":"T"}}},` +
		`{"id":"li_2","object":"item","quantity":1,"price":{"id":"price_2","product":"prod_2","recurring":{"interval":"month","interval_count":1}}}]}}`

	var plain client.Session
	require.NoError(t, json.Unmarshal([]byte(asID), &plain))
	assert.Equal(t, "cus_1", plain.Customer.ID)
	assert.False(t, plain.Customer.Expanded())
	assert.Nil(t, plain.Customer.Object)
	assert.Nil(t, plain.LineItems)
	_, ok := plain.Customer.Get("email")
	assert.False(t, ok)
	assert.Error(t, plain.Customer.Decode(&struct{}{}))

	var exp client.Session
	require.NoError(t, json.Unmarshal([]byte(asObject), &exp))
	assert.Equal(t, "cus_1", exp.Customer.ID)
	assert.True(t, exp.Customer.Expanded())
	email, ok := exp.Customer.Get("email")
	assert.True(t, ok)
	assert.Equal(t, "a@example.com", email)
	var cust struct{ Email string }
	require.NoError(t, exp.Customer.Decode(&cust))
	assert.Equal(t, "a@example.com", cust.Email)
	assert.Equal(t, "pi_1", exp.PaymentIntent.ID)

	require.NotNil(t, exp.LineItems)
	require.Len(t, exp.LineItems.Data, 2)
	li := exp.LineItems.Data[0]
	assert.Equal(t, int64(2), *li.Quantity)
	assert.Equal(t, "price_1", li.Price.ID)
	assert.Equal(t, int64(2000), *li.Price.UnitAmount)
	assert.Equal(t, "prod_1", li.Price.Product.ID)
	assert.True(t, li.Price.Product.Expanded())
	p2 := exp.LineItems.Data[1].Price
	assert.Equal(t, "prod_2", p2.Product.ID)
	assert.False(t, p2.Product.Expanded())
	assert.Equal(t, client.RecurringIntervalMonth, p2.Recurring.Interval)

	// The expanded object is typed, and its JSON is kept as received.
	assert.Equal(t, "a@example.com", *exp.Customer.Object.Email)
	assert.JSONEq(t, `{"id":"cus_1","object":"customer","email":"a@example.com"}`, string(exp.Customer.Raw))
	// Round trip keeps whichever form came in: the typed object or the id.
	out, err := json.Marshal(exp.Customer)
	require.NoError(t, err)
	email, _ = (&client.Response{Body: out}).Get("email")
	assert.Equal(t, "a@example.com", email)
	out, err = json.Marshal(plain.Customer)
	require.NoError(t, err)
	assert.Equal(t, `"cus_1"`, string(out))

	var bad client.Session
	assert.Error(t, json.Unmarshal([]byte(`{"customer":12}`), &bad))
}

// Every session and line item keeps its own JSON, wherever it came from, so
// unmodelled fields are readable even for items of a list page.
func TestSessionAndLineItemRaw(t *testing.T) {
	page := `{"object":"list","has_more":false,"url":"/v1/checkout/sessions","data":[` +
		`{"id":"cs_1","object":"checkout.session","future":{"x":[1]},"line_items":{"object":"list","data":[{"id":"li_1","object":"item","future_item":"y"}]}},` +
		`{"id":"cs_2","object":"checkout.session","future":{"x":[2]}}]}`
	srv := newServer(t, reply(200, page))
	c, _ := newClient(t, srv, client.Options{})
	var got []any
	for s, err := range c.Sessions.All(context.Background(), nil) {
		require.NoError(t, err)
		v, ok := s.Get("future.x[0]")
		require.True(t, ok, s.ID)
		got = append(got, v)
		assert.True(t, json.Valid(s.Raw))
		_, ok = s.Response.Get("data")
		assert.True(t, ok, "the page's response is still there")
	}
	assert.Equal(t, []any{json.Number("1"), json.Number("2")}, got)

	l, err := c.Sessions.List(context.Background(), nil)
	require.NoError(t, err)
	li := l.Data[0].LineItems.Data[0]
	v, ok := li.Get("future_item")
	assert.True(t, ok)
	assert.Equal(t, "y", v)
	v, ok = l.Data[0].Get("line_items.data[0].future_item")
	assert.True(t, ok)
	assert.Equal(t, "y", v)

	var one client.Session
	require.NoError(t, json.Unmarshal([]byte(sessionJSON), &one))
	assert.JSONEq(t, sessionJSON, string(one.Raw))
	v, ok = one.Get("unmodelled.deep[1].x")
	assert.True(t, ok)
	assert.Equal(t, "y", v)
	_, ok = (*client.Session)(nil).Get("id")
	assert.False(t, ok)
	_, ok = (*client.LineItem)(nil).Get("id")
	assert.False(t, ok)
}

// A session a call returns is decoded in one pass over the body: its Raw is
// the body as received (without the white space around it), its fields and
// its errors are those of json.Unmarshal into a Session, and a body the
// client cannot decode still fails the call.
func TestSessionDecodedOnceFromBody(t *testing.T) {
	body := "\n  {\"id\":\"cs_1\",\"object\":\"checkout.session\",\"future\":{\"x\":[1]},\"amount_total\":5}\r\n"
	srv := newServer(t, reply(200, body))
	c, _ := newClient(t, srv, client.Options{})
	s, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
	require.NoError(t, err)
	assert.Equal(t, strings.TrimSpace(body), string(s.Raw))
	var want client.Session
	require.NoError(t, json.Unmarshal([]byte(body), &want))
	assert.Equal(t, want.ID, s.ID)
	assert.Equal(t, want.AmountTotal, s.AmountTotal)
	wantJSON, _ := json.Marshal(&want)
	gotJSON, _ := json.Marshal(s)
	assert.JSONEq(t, string(wantJSON), string(gotJSON))

	bad := `{"id":"cs_1","object":"checkout.session","amount_total":"five"}`
	srv = newServer(t, reply(200, bad))
	c, _ = newClient(t, srv, client.Options{})
	_, err = c.Sessions.Retrieve(context.Background(), "cs_1", nil)
	var de *client.DecodeError
	require.ErrorAs(t, err, &de)
	var s2 client.Session
	wantErr := json.Unmarshal([]byte(bad), &s2)
	require.Error(t, wantErr)
	assert.Equal(t, wantErr.Error(), de.Err.Error())
	assert.Equal(t, "amount_total", de.Path)
}
