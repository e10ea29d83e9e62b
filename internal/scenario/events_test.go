package scenario

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
)

const eventsScenario = `name: events
steps:
  - id: create
    op: create
    params: {mode: payment}
  - id: pay
    op: pay
    session: ${create.id}
    expect_events:
      - type: checkout.session.completed
        body: {data: {object: {id: "${create.id}", payment_status: paid}}}
      - type: checkout.session.async_payment_succeeded
`

// TestExpectEvents: with the local server (Controls) each expected event
// is looked up by type after the step and matched to the step's session;
// a missing event and a body that differs are mismatches; elsewhere the
// lookup is not made and the step says why.
func TestExpectEvents(t *testing.T) {
	sc, err := Parse("events.yaml", []byte(eventsScenario))
	require.NoError(t, err)
	require.Len(t, sc.Steps[1].ExpectEvents, 2)
	var seen []string
	paid := "paid"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/events":
			if r.URL.Query().Get("type") != "checkout.session.completed" {
				w.Write([]byte(`{"object": "list", "data": [], "has_more": false, "url": "/v1/events"}`))
				return
			}
			w.Write([]byte(`{"object": "list", "has_more": false, "url": "/v1/events", "data": [
				{"id": "evt_2", "object": "event", "type": "checkout.session.completed", "data": {"object": {"id": "cs_other"}}},
				{"id": "evt_1", "object": "event", "type": "checkout.session.completed", "data": {"object": {"id": "cs_1", "payment_status": "` + paid + `"}}}]}`))
		default:
			w.Write([]byte(`{"id": "cs_1", "object": "checkout.session", "status": "complete"}`))
		}
	}))
	defer srv.Close()
	run := func(controls bool) *Result {
		seen = nil
		return Run(context.Background(), sc, RunOptions{Controls: controls, Client: client.New("sk_test_123", client.Options{BaseURL: srv.URL})})
	}

	res := run(true)
	require.NoError(t, res.Err())
	assert.Equal(t, []string{"POST /v1/checkout/sessions?", "POST /_checkoutvcr/sessions/cs_1/pay?",
		"GET /v1/events?limit=100&type=checkout.session.completed", "GET /v1/events?limit=100&type=checkout.session.async_payment_succeeded"}, seen)
	evs := res.Steps[1].Events
	require.Len(t, evs, 2)
	assert.Equal(t, "evt_1", evs[0].Event["id"], "the event of the step's session, not the newest of all")
	assert.Equal(t, 1, evs[0].Index, "its place in the list's data")
	assert.Empty(t, evs[0].Check())
	assert.Equal(t, []Mismatch{{Path: "(event)", Want: "a checkout.session.async_payment_succeeded event for cs_1", Got: "none"}}, evs[1].Check())
	assert.Empty(t, res.Steps[1].EventsSkipped)

	paid = "unpaid"
	res = run(true)
	ms := res.Steps[1].Events[0].Check()
	require.Len(t, ms, 1)
	assert.Equal(t, "data.object.payment_status", ms[0].Path)

	res = run(false)
	require.NoError(t, res.Err())
	assert.Equal(t, []string{"POST /v1/checkout/sessions?"}, seen, "no pay, no event lookup")
	assert.Nil(t, res.Steps[1].Events)
	assert.Equal(t, "op pay needs the local server's control endpoint, and the local server is record's default", res.Steps[1].Skipped)
}

// TestExpectEventsSkippedWithoutTheLocalServer: a Stripe step (not a
// control step) with expect_events runs, but its events are not looked
// for without the local server; the step says why.
func TestExpectEventsSkippedWithoutTheLocalServer(t *testing.T) {
	sc, err := Parse("e.yaml", []byte(`name: e
steps:
  - id: expire
    op: expire
    session: cs_1
    expect_events:
      - type: checkout.session.expired
`))
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.NotEqual(t, "/v1/events", r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id": "cs_1", "object": "checkout.session", "status": "expired"}`))
	}))
	defer srv.Close()
	res := Run(context.Background(), sc, RunOptions{Client: client.New("sk_test_123", client.Options{BaseURL: srv.URL})})
	require.NoError(t, res.Err())
	assert.Contains(t, res.Steps[0].EventsSkipped, "expect_events needs the local server")
	assert.Nil(t, res.Steps[0].Events)
}
