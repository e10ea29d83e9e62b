package client_test

import (
	"context"
	"os"
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

func TestMain(m *testing.M) {
	code := m.Run()
	if mock.srv != nil {
		_ = mock.srv.Close()
	}
	os.Exit(code)
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
