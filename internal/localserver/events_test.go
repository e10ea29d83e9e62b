package localserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/gen/contractgen"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadEventContracts generates, from the pinned spec, the contracts of the
// two event operations and of retrieving a session, so that every event
// and its data.object can be checked like any response.
func loadEventContracts(t *testing.T) *contracts.Set {
	t.Helper()
	spec := openapitest.PinnedSpec(t)
	sdk := openapitest.PinnedSDKSpec(t)
	c, err := contractgen.Generate(spec, contractgen.Options{AlwaysPresent: sdk, Endpoints: []openapi.Endpoint{
		{Name: "retrieve_event", Method: http.MethodGet, Path: "/v1/events/{id}"},
		{Name: "list_events", Method: http.MethodGet, Path: "/v1/events"},
		{Name: "retrieve", Method: http.MethodGet, Path: "/v1/checkout/sessions/{session}"},
	}})
	require.NoError(t, err)
	dir := t.TempDir()
	_, err = c.Write(dir)
	require.NoError(t, err)
	set, err := contracts.LoadDir(dir)
	require.NoError(t, err)
	return set
}

// checkEvent checks one event envelope against the event contract and
// its data.object against the session contract.
func checkEvent(t *testing.T, set *contracts.Set, body []byte) {
	t.Helper()
	vs, err := set.CheckResponse("retrieve_event", http.StatusOK, body)
	require.NoError(t, err)
	for _, v := range vs {
		t.Errorf("event: %s\n%s", v, body)
	}
	var ev struct {
		Data struct{ Object json.RawMessage }
	}
	require.NoError(t, json.Unmarshal(body, &ev))
	vs, err = set.CheckResponse("retrieve", http.StatusOK, ev.Data.Object)
	require.NoError(t, err)
	for _, v := range vs {
		t.Errorf("event data.object: %s", v)
	}
}

// eventsOf lists every event of the harness's account, newest first.
func (h *harness) eventsOf(query string) []map[string]any {
	h.t.Helper()
	var out []map[string]any
	for _, d := range h.ok(http.MethodGet, "/v1/events", query)["data"].([]any) {
		out = append(out, d.(map[string]any))
	}
	return out
}

func types(evs []map[string]any) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e["type"].(string))
	}
	return out
}

func dataObject(e map[string]any) map[string]any {
	return e["data"].(map[string]any)["object"].(map[string]any)
}

// TestEventsOnTransitions: each way a session can change emits exactly
// the events Stripe sends, in order, with the session as it was at that
// moment; the operations that change no status (create, retrieve,
// update, list, line items, a refused expire or pay) emit none.
func TestEventsOnTransitions(t *testing.T) {
	set := loadEventContracts(t)
	cases := []struct {
		name   string
		form   string
		act    func(h *harness, id string)
		want   []string // oldest first
		status []string // payment_status in each event's data.object
	}{
		{"paid", paymentForm, func(h *harness, id string) {
			h.ok(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "")
		}, []string{EventCompleted}, []string{"paid"}},
		{"paid subscription", subscriptionForm, func(h *harness, id string) {
			h.ok(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "outcome=paid")
		}, []string{EventCompleted}, []string{"paid"}},
		{"setup", setupForm, func(h *harness, id string) {
			h.ok(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "")
		}, []string{EventCompleted}, []string{"no_payment_required"}},
		{"delayed success", paymentForm, func(h *harness, id string) {
			h.ok(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "outcome=delayed_success")
		}, []string{EventCompleted, EventAsyncPaymentSucceeded}, []string{"unpaid", "paid"}},
		{"delayed failure", subscriptionForm, func(h *harness, id string) {
			h.ok(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "outcome=delayed_failure")
		}, []string{EventCompleted, EventAsyncPaymentFailed}, []string{"unpaid", "unpaid"}},
		{"expired by the call", paymentForm, func(h *harness, id string) {
			h.ok(http.MethodPost, "/v1/checkout/sessions/"+id+"/expire", "", "Idempotency-Key", "exp-1")
		}, []string{EventExpired}, []string{"unpaid"}},
		{"expired by the clock", paymentForm, func(h *harness, id string) {
			h.ok(http.MethodPost, ControlPrefix+"clock", "seconds=86399")
			require.Empty(h.t, h.eventsOf(""), "a second before expires_at nothing happens")
			h.ok(http.MethodPost, ControlPrefix+"clock", "seconds=1")
		}, []string{EventExpired}, []string{"unpaid"}},
		{"no transition", paymentForm, func(h *harness, id string) {
			p := "/v1/checkout/sessions/" + id
			h.ok(http.MethodGet, p, "expand[0]=line_items")
			h.ok(http.MethodPost, p, "metadata[k]=v")
			h.ok(http.MethodGet, "/v1/checkout/sessions", "")
			h.ok(http.MethodGet, p+"/line_items", "")
			h.ok(http.MethodPost, ControlPrefix+"clock", "seconds=3600")
			assert.Equal(h.t, http.StatusBadRequest, h.do(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "outcome=bogus").Status)
		}, nil, nil},
		{"closed sessions emit no more", paymentForm, func(h *harness, id string) {
			h.ok(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "")
			assert.Equal(h.t, http.StatusBadRequest, h.do(http.MethodPost, "/v1/checkout/sessions/"+id+"/expire", "").Status)
			assert.Equal(h.t, http.StatusBadRequest, h.do(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "").Status)
			h.ok(http.MethodPost, ControlPrefix+"clock", "seconds=200000")
		}, []string{EventCompleted}, []string{"paid"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var hooked []Event
			var mu sync.Mutex
			h := newHarness(t, func(o *Options) {
				o.PendingWebhooks = 2
				o.OnEvents = func(evs []Event) { mu.Lock(); hooked = append(hooked, evs...); mu.Unlock() }
			})
			sess := h.create(tc.form)
			id := sess["id"].(string)
			tc.act(h, id)
			evs := h.eventsOf("limit=100")
			var oldestFirst []map[string]any
			for i := len(evs) - 1; i >= 0; i-- {
				oldestFirst = append(oldestFirst, evs[i])
			}
			assert.Equal(t, tc.want, types(oldestFirst))
			mu.Lock()
			require.Len(t, hooked, len(tc.want), "OnEvents gets each event once")
			mu.Unlock()
			for i, e := range oldestFirst {
				assert.Equal(t, tc.status[i], dataObject(e)["payment_status"], "event %d", i)
				assert.Equal(t, id, dataObject(e)["id"])
				assert.Equal(t, "event", e["object"])
				assert.Equal(t, "2026-08-26.dahlia", e["api_version"])
				assert.Equal(t, false, e["livemode"])
				assert.EqualValues(t, 2, e["pending_webhooks"])
				assert.Regexp(t, `^evt_[A-Za-z0-9]{24}$`, e["id"])
				assert.Equal(t, hooked[i].ID, e["id"])
				assert.Equal(t, tc.want[i], hooked[i].Type)
				body := h.do(http.MethodGet, "/v1/events/"+e["id"].(string), "")
				require.Equal(t, http.StatusOK, body.Status)
				assert.JSONEq(t, string(hooked[i].Body), string(body.Body), "retrieve answers what the hook got")
				checkEvent(t, set, body.Body)
				wantStatus := "complete"
				if tc.want[i] == EventExpired {
					wantStatus = "expired"
				}
				assert.Equal(t, wantStatus, dataObject(e)["status"])
				assert.Nil(t, dataObject(e)["url"])
			}
			if len(oldestFirst) > 0 && tc.name == "expired by the call" {
				assert.Regexp(t, `^req_[A-Za-z0-9]{14}$`, oldestFirst[0]["request"].(map[string]any)["id"], "the expire request's Request-Id")
				assert.Equal(t, "exp-1", oldestFirst[0]["request"].(map[string]any)["idempotency_key"])
			} else if len(oldestFirst) > 0 {
				assert.Equal(t, map[string]any{"id": nil, "idempotency_key": nil}, oldestFirst[0]["request"], "no API request caused it")
			}
			vs, err := set.CheckResponse("list_events", http.StatusOK, h.do(http.MethodGet, "/v1/events", "").Body)
			require.NoError(t, err)
			assert.Empty(t, vs)
		})
	}
}

// TestEventsListAndRetrieve: GET /v1/events lists an account's events
// newest first, filtered by type (with a wildcard) or types[], with
// limit and cursors; another key sees none of them; an unknown id is a
// 404.
func TestEventsListAndRetrieve(t *testing.T) {
	h := newHarness(t)
	var ids []string
	for i := range 3 {
		id := h.create(paymentForm)["id"].(string)
		ids = append(ids, id)
		h.ok(http.MethodPost, ControlPrefix+"clock", "seconds=10")
		if i == 1 {
			h.ok(http.MethodPost, "/v1/checkout/sessions/"+id+"/expire", "")
		} else {
			h.ok(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "outcome=delayed_success")
		}
	}
	all := h.eventsOf("")
	assert.Equal(t, []string{EventAsyncPaymentSucceeded, EventCompleted, EventExpired, EventAsyncPaymentSucceeded, EventCompleted}, types(all))
	assert.Equal(t, ids[2], dataObject(all[0])["id"])
	assert.Equal(t, []string{EventExpired}, types(h.eventsOf("type=checkout.session.expired")))
	assert.Len(t, h.eventsOf("type=checkout.session.*"), 5)
	assert.Empty(t, h.eventsOf("type=customer.*"))
	assert.Equal(t, []string{EventCompleted, EventExpired}, types(h.eventsOf("types[0]=checkout.session.expired&types[1]=checkout.session.completed&limit=2")))
	assert.Len(t, h.eventsOf(fmt.Sprintf("created[gte]=%d", DefaultEpoch.Unix()+20)), 3)

	page := h.ok(http.MethodGet, "/v1/events", "limit=2")
	assert.Equal(t, true, page["has_more"])
	assert.Equal(t, "/v1/events", page["url"])
	next := h.eventsOf("limit=2&starting_after=" + all[1]["id"].(string))
	assert.Equal(t, []any{all[2]["id"], all[3]["id"]}, []any{next[0]["id"], next[1]["id"]})
	prev := h.eventsOf("ending_before=" + all[2]["id"].(string))
	assert.Equal(t, []any{all[0]["id"], all[1]["id"]}, []any{prev[0]["id"], prev[1]["id"]})

	assert.Empty(t, (&harness{t: t, srv: h.srv, url: h.url, key: "sk_test_other"}).eventsOf(""), "events belong to an account")
	missing := h.do(http.MethodGet, "/v1/events/evt_nope", "")
	assert.Equal(t, http.StatusNotFound, missing.Status)
	assert.Equal(t, "resource_missing", errorOf(t, missing)["code"])
	other := h.doKey("sk_test_other", http.MethodGet, "/v1/events/"+all[0]["id"].(string), "")
	assert.Equal(t, http.StatusNotFound, other.Status)

	// Deterministic: the same calls on a fresh server give the same events.
	h2 := newHarness(t)
	for i := range 3 {
		id := h2.create(paymentForm)["id"].(string)
		h2.ok(http.MethodPost, ControlPrefix+"clock", "seconds=10")
		if i == 1 {
			h2.ok(http.MethodPost, "/v1/checkout/sessions/"+id+"/expire", "")
		} else {
			h2.ok(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "outcome=delayed_success")
		}
	}
	assert.Equal(t, string(h.do(http.MethodGet, "/v1/events", "").Body), string(h2.do(http.MethodGet, "/v1/events", "").Body))
}

// TestEventsFromGo: Server.PayWith and Server.Advance emit like the
// control endpoints; a delayed outcome is refused in setup mode; the
// event's api_version follows Options.APIVersion.
func TestEventsFromGo(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.APIVersion = "2025-08-27.basil" })
	id := h.create(paymentForm)["id"].(string)
	obj, err := h.srv.PayWith(h.key, id, OutcomeDelayedFailure)
	require.NoError(t, err)
	assert.Equal(t, "unpaid", obj["payment_status"])
	setup := h.create(setupForm)["id"].(string)
	_, err = h.srv.PayWith(h.key, setup, OutcomeDelayedSuccess)
	require.ErrorContains(t, err, "setup mode")
	h.srv.Advance(h.key, 25*time.Hour)
	evs := h.srv.Events(h.key)
	var got []string
	for _, e := range evs {
		got = append(got, e.Type+" "+e.Session)
		var env map[string]any
		require.NoError(t, json.Unmarshal(e.Body, &env))
		assert.Equal(t, "2025-08-27.basil", env["api_version"])
	}
	assert.Equal(t, []string{EventCompleted + " " + id, EventAsyncPaymentFailed + " " + id, EventExpired + " " + setup}, got)
}
