package scenario

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/internal/yamlpos"
	"gopkg.in/yaml.v3"
)

// EventTypes are the event types a step's expect_events can name: the
// four checkout.session.* events, the only ones Stripe has for Checkout
// Sessions.
var EventTypes = []string{
	"checkout.session.async_payment_failed",
	"checkout.session.async_payment_succeeded",
	"checkout.session.completed",
	"checkout.session.expired",
}

// EventsPath is the API path events are listed at.
const EventsPath = "/v1/events"

// EventExpect states that an event of a type was emitted for the step's
// session: one entry of a step's expect_events.
type EventExpect struct {
	// Type is one of [EventTypes].
	Type string
	// Body is a subset of the whole event envelope, as [Expect].Body is of
	// a response: {data: {object: {payment_status: paid}}}. Nil means
	// only the type is checked.
	Body any
	// Pos is where the entry starts in its file.
	Pos Pos
}

// EventResult is what the runner found for one [EventExpect]: the list of
// the account's events of that type (GET /v1/events?type=…&limit=100, a
// request saved with the cassette like any other) and, in it, the newest
// event of that type whose data.object is the step's session.
type EventResult struct {
	// Expect is the expectation, templates expanded.
	Expect *EventExpect
	// Session is the id of the session the event must be about.
	Session string
	// Response is the list exchange; JSON its decoded body.
	Response *client.Response
	JSON     any
	// Event is the event found, nil when there is none; Index is its
	// place in the list's data, where a finding about it is in the
	// recorded body (data[Index]).
	Event map[string]any
	Index int
}

// Check returns how the event found differs from the expectation: a
// missing event, or the body's mismatches (paths start at the envelope).
func (er EventResult) Check() []Mismatch {
	if er.Event == nil {
		return []Mismatch{{Path: "(event)", Want: fmt.Sprintf("a %s event for %s", er.Expect.Type, er.Session), Got: "none"}}
	}
	if er.Expect.Body == nil {
		return nil
	}
	return subset("", er.Expect.Body, any(er.Event), nil)
}

// fetchEvents lists, for each of the step's expect_events, the events of
// its type and finds the one for session. It needs the local server
// (opts.Controls): Stripe delivers events to endpoints and lists them
// only after the fact, stripe-mock has none.
func fetchEvents(ctx context.Context, c *client.Client, session string, exps []*EventExpect, x *expander, opts ...client.RequestOption) ([]EventResult, error) {
	var out []EventResult
	for _, e := range exps {
		body, err := x.expand(e.Body)
		if err != nil {
			return out, fmt.Errorf("expect_events: %w", err)
		}
		exp := *e
		exp.Body = body
		resp, err := c.Call(ctx, http.MethodGet, EventsPath, &client.Params{Extra: map[string]any{"type": e.Type, "limit": "100"}}, opts...)
		if resp == nil {
			return out, fmt.Errorf("list %s events: %w", e.Type, err)
		}
		er := EventResult{Expect: &exp, Session: session, Response: resp, JSON: DecodeJSON(resp.Body)}
		data, _ := field(er.JSON, "data").([]any)
		for k, d := range data { // newest first: the first match is the newest
			ev, _ := d.(map[string]any)
			if obj, _ := field(field(ev, "data"), "object").(map[string]any); obj != nil && obj["id"] == session && ev["type"] == e.Type {
				er.Event, er.Index = ev, k
				break
			}
		}
		out = append(out, er)
	}
	return out, nil
}

// eventsSkipped is StepResult.EventsSkipped for a server without events.
const eventsSkipped = "expect_events needs the local server, which emits and lists the events of the sessions it changes; this server is not it"

// expectEvents parses a step's expect_events: a list of {type, body}.
func (p *parser) expectEvents(n *yaml.Node) []*EventExpect {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "expect_events must be a list of {type, body}, not %s", yamlpos.Kind(n))
		return nil
	}
	var out []*EventExpect
	for _, en := range n.Content {
		e := &EventExpect{Pos: p.pos(en)}
		f := p.fields(en, "expect_events entry", "type", "body")
		if f == nil {
			continue
		}
		e.Type = p.str(f["type"], "expect_events type")
		switch {
		case f["type"] == nil:
			p.errorf(en, "expect_events entry: missing key \"type\" (one of %s)", strings.Join(EventTypes, ", "))
		case !slices.Contains(EventTypes, e.Type):
			p.errorf(f["type"], "expect_events: unknown event type %q%s (Checkout Sessions have: %s)", e.Type, suggestHint(e.Type, EventTypes), strings.Join(EventTypes, ", "))
		}
		if b := f["body"]; b != nil {
			e.Body = p.value(b, "expect_events body")
		}
		out = append(out, e)
	}
	return out
}
