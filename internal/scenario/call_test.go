package scenario

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const callScenario = `name: objects
steps:
  - id: price
    op: call
    method: POST
    path: /v1/prices
    params: {currency: usd, unit_amount: 2000, product_data: {name: T-shirt}}
    expect: {status: 200, body: {object: price}}
  - id: again
    op: call
    method: get
    path: /v1/prices/${price.id}
  - id: create
    op: create
    params:
      mode: payment
      line_items: [{price: "${price.id}", quantity: 1}]
`

// TestCallOp: an op call step sends its method, path (templates
// expanded) and params, names its contract operation, and later steps
// capture its answer.
func TestCallOp(t *testing.T) {
	sc, err := Parse("objects.yaml", []byte(callScenario))
	require.NoError(t, err)
	assert.Equal(t, "PostPrices", sc.Steps[0].ContractOp())
	assert.Equal(t, "GetPricesPrice", sc.Steps[1].ContractOp())
	assert.Equal(t, "create", sc.Steps[2].ContractOp())
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path+" "+string(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id": "price_1", "object": "price"}`))
	}))
	defer srv.Close()
	res := Run(context.Background(), sc, RunOptions{Client: client.New("sk_test_123", client.Options{BaseURL: srv.URL})})
	require.NoError(t, res.Err())
	assert.Equal(t, []string{
		"POST /v1/prices currency=usd&product_data[name]=T-shirt&unit_amount=2000",
		"GET /v1/prices/price_1 ",
		"POST /v1/checkout/sessions line_items[0][price]=price_1&line_items[0][quantity]=1&mode=payment",
	}, seen)
	assert.Empty(t, res.Steps[0].Expect.Check(res.Steps[0].Response.StatusCode, res.Steps[0].JSON))
}
