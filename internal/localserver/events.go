package localserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/webhooktest"
)

// The four checkout.session.* event types, the only ones Stripe has for
// Checkout Sessions (there is no created or updated event).
const (
	EventCompleted             = "checkout.session.completed"
	EventExpired               = "checkout.session.expired"
	EventAsyncPaymentSucceeded = "checkout.session.async_payment_succeeded"
	EventAsyncPaymentFailed    = "checkout.session.async_payment_failed"
)

// Event is one Stripe Event the server emitted, passed to
// [Options.OnEvents] and listed by GET /v1/events.
type Event struct {
	// ID is the event's id, evt_ followed by 24 characters.
	ID string
	// Type is one of [EventCompleted], [EventExpired],
	// [EventAsyncPaymentSucceeded], [EventAsyncPaymentFailed].
	Type string
	// Account names the account the event belongs to (see [AccountID]).
	Account string
	// Session is the id of the session in data.object.
	Session string
	// Body is the whole event envelope as GET /v1/events/{id} answers it
	// at the account's default version ([Options.APIVersion]).
	Body json.RawMessage
	// Latest is the event at [NewestVersion], stripe-mock's shape: what
	// [RenderEvent] renders at another version (a webhook endpoint's).
	Latest json.RawMessage
}

// event is an emitted event as the account keeps it.
type event struct {
	seq int
	obj map[string]any
}

// eventRequest is the request that caused an event: its envelope's
// request field. The zero value is an event no API request caused (a
// customer paying, the clock passing expires_at): id and idempotency_key
// null, as Stripe sends them.
type eventRequest struct {
	id, idempotencyKey string
}

func (r eventRequest) object() map[string]any {
	o := map[string]any{"id": nil, "idempotency_key": nil}
	if r.id != "" {
		o["id"] = r.id
	}
	if r.idempotencyKey != "" {
		o["idempotency_key"] = r.idempotencyKey
	}
	return o
}

// requestOf is the eventRequest of an API request: its Request-Id and
// the Idempotency-Key it sent.
func requestOf(r *http.Request) eventRequest {
	id, _ := r.Context().Value(requestIDKey{}).(string)
	if id == "" {
		id = "req_123" // a request ServeHTTP did not see
	}
	return eventRequest{id: id, idempotencyKey: r.Header.Get("Idempotency-Key")}
}

// requestIDKey carries a request's Request-Id in its context.
type requestIDKey struct{}

// emit records an event of type typ with the session as it is now, and
// adds it to t. The caller holds Server.mu.
func (s *Server) emit(a *account, t *Transition, typ string, sess *session, req eventRequest) {
	a.evSeq++
	obj := map[string]any{
		"id":               "evt_" + token(24, a.id, "evt", strconv.Itoa(a.evSeq)),
		"object":           "event",
		"api_version":      s.apiVersion,
		"created":          a.now,
		"data":             map[string]any{"object": cloneMap(sess.obj)},
		"livemode":         false,
		"pending_webhooks": s.pendingWebhooks,
		"request":          req.object(),
		"type":             typ,
	}
	if s.apiVersion == "" {
		obj["api_version"] = nil
	}
	a.events = append(a.events, &event{seq: a.evSeq, obj: obj})
	t.Events = append(t.Events, Event{ID: obj["id"].(string), Type: typ, Account: a.id,
		Session: sess.id(), Body: s.eventBody(obj), Latest: encode(obj)})
}

// Events returns the events of the account key selects, oldest first.
func (s *Server) Events(key string) []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(key)
	out := make([]Event, 0, len(a.events))
	for _, e := range a.events {
		sess := e.obj["data"].(map[string]any)["object"].(map[string]any)
		out = append(out, Event{ID: e.obj["id"].(string), Type: e.obj["type"].(string), Account: a.id,
			Session: sess["id"].(string), Body: s.eventBody(e.obj), Latest: encode(e.obj)})
	}
	return out
}

func (s *Server) retrieveEvent(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(c.key)
	for _, e := range a.events {
		if e.obj["id"] == c.id {
			return cloneMap(e.obj), nil
		}
	}
	return nil, noSuchEvent(c.id, "id")
}

// noSuchEvent is the 404 for an event id the account does not have.
func noSuchEvent(id, param string) *apiError {
	return &apiError{Status: http.StatusNotFound, Type: "invalid_request_error", Code: "resource_missing",
		Param: param, Message: fmt.Sprintf(msgNoSuchObject, "event", id)}
}

// listEvents lists the account's events newest first (created, then
// emission order), filtered by type (a "*" matches within a dot-separated
// segment, as in checkout.session.*), types[] (any of) and created, with
// limit and cursors as every list.
func (s *Server) listEvents(c *call) (any, *apiError) {
	p := c.params
	limit, after, before, err := pageParams(p)
	if err != nil {
		return nil, err
	}
	typ := str(p, "type")
	types := stringList(p["types"])
	if typ != "" && len(types) > 0 {
		return nil, onlyOneOf("type", "types")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(c.key)
	var match []*event
	for _, e := range a.events {
		ok, err := matches(e.obj, map[string]any{"created": p["created"]})
		if err != nil {
			return nil, err
		}
		if ok && typeMatches(e.obj["type"].(string), typ, types) {
			match = append(match, e)
		}
	}
	slices.SortStableFunc(match, func(x, y *event) int {
		if c := compareInt(toInt(y.obj["created"]), toInt(x.obj["created"])); c != 0 {
			return c
		}
		return y.seq - x.seq
	})
	all := make([]map[string]any, len(match))
	for i, e := range match {
		all[i] = e.obj
	}
	data, more, err := page(all, limit, after, before, func(param, id string) *apiError { return noSuchEvent(id, param) })
	if err != nil {
		return nil, err
	}
	for i, o := range data {
		data[i] = cloneMap(o.(map[string]any))
	}
	return list(data, more, "/v1/events"), nil
}

// typeMatches applies the type and types filters.
func typeMatches(t, typ string, types []any) bool {
	if typ != "" {
		ok, _ := path.Match(strings.ReplaceAll(typ, ".", "/"), strings.ReplaceAll(t, ".", "/"))
		return ok
	}
	if len(types) == 0 {
		return true
	}
	return slices.Contains(types, any(t))
}

// WebhookEvents are evs as a webhook sender delivers them
// ([webhooktest.Event]): each body the event at [NewestVersion]
// ([Event].Latest), which the sender renders at each endpoint's version
// with [RenderEvent].
func WebhookEvents(evs []Event) []webhooktest.Event {
	out := make([]webhooktest.Event, 0, len(evs))
	for _, e := range evs {
		out = append(out, webhooktest.Event{ID: e.ID, Type: e.Type, Object: e.Session, Body: e.Latest})
	}
	return out
}
