package scenario

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
)

const payScenario = `name: paid
steps:
  - id: create
    op: create
    params: {mode: payment}
  - id: pay
    op: pay
    session: ${create.id}
    expect:
      body: {status: complete}
  - id: retrieve
    op: retrieve
    session: ${create.id}
`

// TestPayOp: op pay posts to the local server's control endpoint with the
// session escaped as one path segment; without Controls it is not sent,
// its result says why, and the steps after it still run.
func TestPayOp(t *testing.T) {
	sc, err := Parse("paid.yaml", []byte(payScenario))
	require.NoError(t, err)
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.EscapedPath())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id": "cs_test_a/1", "object": "checkout.session", "status": "complete"}`))
	}))
	defer srv.Close()
	run := func(controls bool) *Result {
		seen = nil
		return Run(context.Background(), sc, RunOptions{Controls: controls, Client: client.New("sk_test_123", client.Options{BaseURL: srv.URL})})
	}

	res := run(true)
	require.NoError(t, res.Err())
	assert.Equal(t, []string{"POST /v1/checkout/sessions", "POST /_checkoutvcr/sessions/cs_test_a%2F1/pay", "GET /v1/checkout/sessions/cs_test_a%2F1"}, seen)
	assert.Empty(t, res.Steps[1].Skipped)
	assert.Empty(t, res.Steps[1].Expect.Check(res.Steps[1].Response.StatusCode, res.Steps[1].JSON))

	res = run(false)
	require.NoError(t, res.Err())
	assert.Equal(t, []string{"POST /v1/checkout/sessions", "GET /v1/checkout/sessions/cs_test_a%2F1"}, seen)
	require.Len(t, res.Steps, 3, "the steps after a skipped one run")
	assert.Equal(t, "op pay needs the local server's control endpoint, and the local server is record's default", res.Steps[1].Skipped)
	assert.Nil(t, res.Steps[1].Response)
	assert.True(t, IsControl("pay"))
	assert.False(t, IsControl("expire"))
}
