package client_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
)

func TestStripeError(t *testing.T) {
	body := `{"error":{"type":"invalid_request_error","code":"parameter_invalid_empty","decline_code":"x","param":"mode",` +
		`"message":"Invalid mode","doc_url":"https://stripe.com/docs/error-codes/parameter-invalid-empty","extra":1}}`
	srv := newServer(t, reply(400, body, "Request-Id", "req_123"))
	c, _ := newClient(t, srv, client.Options{})
	_, err := c.Sessions.Create(context.Background(), nil)
	var se *client.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, client.ErrorTypeInvalidRequest, se.Type)
	assert.Equal(t, client.CodeParameterInvalidEmpty, se.Code)
	assert.Equal(t, "x", se.DeclineCode)
	assert.Equal(t, "mode", se.Param)
	assert.Equal(t, "Invalid mode", se.Message)
	assert.Equal(t, "https://stripe.com/docs/error-codes/parameter-invalid-empty", se.DocURL)
	assert.Equal(t, "req_123", se.RequestID)
	assert.Equal(t, 400, se.HTTPStatus)
	assert.Equal(t, "req_123", se.Header.Get("Request-Id"))
	assert.Equal(t, body, string(se.Body))
	assert.Equal(t, `stripe: invalid_request_error (400, code parameter_invalid_empty, decline_code x, param "mode"): Invalid mode [req_123]`, se.Error())

	r := client.ResponseOf(err)
	require.NotNil(t, r)
	assert.Equal(t, 400, r.StatusCode)
	assert.Equal(t, body, string(r.Body))
	assert.Equal(t, "req_123", r.RequestID)
	v, ok := r.Get("error.extra")
	assert.True(t, ok)
	assert.EqualValues(t, "1", v.(interface{ String() string }).String())
}

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		name string
		err  client.Error
		want string
	}{
		{"minimal", client.Error{Type: "api_error", HTTPStatus: 500, Message: "boom"}, "stripe: api_error (500): boom"},
		{"param and id", client.Error{Type: "invalid_request_error", HTTPStatus: 400, Param: "mode", Message: "Invalid mode", RequestID: "req_123"},
			`stripe: invalid_request_error (400, param "mode"): Invalid mode [req_123]`},
		{"no type", client.Error{HTTPStatus: 502, Message: "empty response body"}, "stripe: HTTP 502 (Bad Gateway): empty response body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
}

func TestNonJSONErrorBody(t *testing.T) {
	html := "<html><body><h1>502 Bad Gateway</h1></body></html>"
	srv := newServer(t, reply(502, html, "Content-Type", "text/html; charset=utf-8"))
	c, _ := newClient(t, srv, client.Options{MaxRetries: intp(0)})
	_, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
	var se *client.Error
	require.ErrorAs(t, err, &se)
	assert.Empty(t, se.Type)
	assert.Empty(t, se.Code)
	assert.Equal(t, 502, se.HTTPStatus)
	assert.Equal(t, html, string(se.Body))
	assert.Equal(t, `stripe: HTTP 502 (Bad Gateway): response is not a Stripe error object (Content-Type "text/html"): "<html><body><h1>502 Bad Gateway</h1></body></html>"`, se.Error())
	assert.Equal(t, html, string(client.ResponseOf(err).Body))
}

func TestGarbage2xx(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"html", "<html>oops</html>", "invalid character '<'"},
		{"empty", "", "unexpected end of JSON input"},
		{"wrong shape", `{"id": 5}`, "cannot unmarshal number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, reply(200, tt.body, "Request-Id", "req_9"))
			c, _ := newClient(t, srv, client.Options{})
			s, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
			assert.Nil(t, s)
			var de *client.DecodeError
			require.ErrorAs(t, err, &de)
			assert.Contains(t, err.Error(), "HTTP 200")
			assert.Contains(t, err.Error(), tt.want)
			r := client.ResponseOf(err)
			require.NotNil(t, r)
			assert.Equal(t, 200, r.StatusCode)
			assert.Equal(t, tt.body, string(r.Body))
			assert.Equal(t, "req_9", r.RequestID)
			assert.Len(t, srv.requests(), 1, "not retried")
		})
	}
}

func TestMaxResponseBytes(t *testing.T) {
	big := `{"id":"cs_1","pad":"` + strings.Repeat("x", 200) + `"}`
	streamed := func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush() // no Content-Length: chunked
		_, _ = io.WriteString(w, big)
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"with Content-Length", reply(200, big)},
		{"chunked", streamed},
		{"error status", reply(500, big)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.handler)
			c, _ := newClient(t, srv, client.Options{MaxResponseBytes: 100})
			_, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
			require.ErrorIs(t, err, client.ErrResponseTooLarge)
			r := client.ResponseOf(err)
			require.NotNil(t, r)
			assert.NotZero(t, r.StatusCode)
			assert.Nil(t, r.Body)
			assert.Len(t, srv.requests(), 1)
		})
	}
	t.Run("at the limit", func(t *testing.T) {
		srv := newServer(t, reply(200, big))
		c, _ := newClient(t, srv, client.Options{MaxResponseBytes: int64(len(big))})
		_, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
		assert.NoError(t, err)
	})
}

func TestResponseOf(t *testing.T) {
	assert.Nil(t, client.ResponseOf(nil))
	assert.Nil(t, client.ResponseOf(errors.New("x")))
	se := &client.Error{HTTPStatus: 404, Body: []byte("{}")}
	wrapped := errors.Join(errors.New("context"), se)
	assert.Equal(t, 404, client.ResponseOf(wrapped).StatusCode)
}

// Error has a field for every property of Stripe's error object in the
// pinned spec, and decodes each.
func TestErrorFieldsMatchSpec(t *testing.T) {
	spec := openapitest.PinnedSpec(t)
	props := spec.Components.Schemas["api_errors"]["properties"].(map[string]any)
	fields := fieldsByTag(reflect.TypeOf(client.Error{}), "json")
	require.NotEmpty(t, props)
	for name := range props {
		_, ok := fields[name]
		assert.True(t, ok, "api_errors.%s has no field in client.Error", name)
	}

	body := `{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","advice_code":"try_again_later",` +
		`"network_advice_code":"01","network_decline_code":"51","charge":"ch_1","payment_method_type":"card",` +
		`"request_log_url":"https://dashboard.stripe.com/test/logs/req_1","message":"Your card has insufficient funds.",` +
		`"payment_intent":{"id":"pi_1","object":"payment_intent","status":"requires_payment_method"},` +
		`"payment_method":{"id":"pm_1","object":"payment_method"},"setup_intent":{"id":"seti_1","object":"setup_intent"},` +
		`"source":{"id":"card_1","object":"card"}}}`
	srv := newServer(t, reply(402, body, "Request-Id", "req_1"))
	c, _ := newClient(t, srv, client.Options{})
	_, err := c.Sessions.Create(context.Background(), nil)
	var se *client.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "try_again_later", se.AdviceCode)
	assert.Equal(t, "01", se.NetworkAdviceCode)
	assert.Equal(t, "51", se.NetworkDeclineCode)
	assert.Equal(t, "ch_1", se.Charge)
	assert.Equal(t, "card", se.PaymentMethodType)
	assert.Equal(t, "https://dashboard.stripe.com/test/logs/req_1", se.RequestLogURL)
	assert.Equal(t, "pi_1", se.PaymentIntent.ID)
	status, _ := se.PaymentIntent.Get("status")
	assert.Equal(t, "requires_payment_method", status)
	assert.Equal(t, "pm_1", se.PaymentMethod.ID)
	assert.Equal(t, "seti_1", se.SetupIntent.ID)
	assert.Equal(t, "card", se.Source.Object)
	assert.Equal(t, "req_1", se.RequestID)
	assert.Equal(t, 402, se.HTTPStatus)
}
