package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
)

// TestOnRetry checks that Options.OnRetry is told of exactly the attempts
// the client retries, with their response, and not of the final one.
func TestOnRetry(t *testing.T) {
	e500 := reply(500, `{"error":{"type":"api_error","message":"boom"}}`)
	srv := newServer(t, e500, reply(429, `{}`), reply(200, sessionJSON))
	var statuses []int
	c, _ := newClient(t, srv, client.Options{OnRetry: func(r *client.Response, err error) {
		require.Error(t, err)
		if r == nil {
			statuses = append(statuses, 0)
			return
		}
		statuses = append(statuses, r.StatusCode)
	}})
	_, err := c.Sessions.Create(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, []int{500, 429}, statuses, "the 500, then the 429; not the final 200")

	statuses = nil
	srv = newServer(t, reply(400, `{"error":{"type":"invalid_request_error"}}`))
	c, _ = newClient(t, srv, client.Options{OnRetry: func(r *client.Response, err error) { statuses = append(statuses, r.StatusCode) }})
	_, err = c.Sessions.Create(context.Background(), nil)
	require.Error(t, err)
	assert.Empty(t, statuses, "a 400 is not retried, so OnRetry is not called")
}

// TestDecodeErrorNamesField checks that a body the client's types cannot
// hold is a *DecodeError naming the JSON path, the Go type and the value.
func TestDecodeErrorNamesField(t *testing.T) {
	tests := []struct{ name, body, path, value string }{
		{"fraction", `{"id":"cs_1","amount_total":2000.0}`, "amount_total", "number 2000.0"},
		{"exponent", `{"id":"cs_1","amount_total":1e2}`, "amount_total", "number 1e2"},
		{"float overflow", `{"id":"cs_1","amount_total":1e400}`, "amount_total", "number 1e400"},
		{"beyond int64", `{"id":"cs_1","amount_total":99999999999999999999999999999}`, "amount_total", "number 99999999999999999999999999999"},
		{"case-variant duplicate key", `{"id":"cs_1","amount_total":2000,"AMOUNT_TOTAL":"oops"}`, "amount_total", "string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, reply(http.StatusOK, tt.body))
			c, _ := newClient(t, srv, client.Options{})
			_, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
			var de *client.DecodeError
			require.True(t, errors.As(err, &de), "got %v", err)
			assert.Equal(t, tt.path, de.Path)
			assert.Equal(t, "int64", de.GoType)
			assert.Equal(t, tt.value, de.Value)
		})
	}
	srv := newServer(t, reply(http.StatusOK, `<html>`))
	c, _ := newClient(t, srv, client.Options{})
	_, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
	var de *client.DecodeError
	require.True(t, errors.As(err, &de))
	assert.Empty(t, de.Path, "a body that is not JSON has no field path")
}
