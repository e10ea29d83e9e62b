package webhooktest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Options configure [Replay] and [Request].
type Options struct {
	// Secret is the endpoint's signing secret, whsec_…: the one the
	// handler under test verifies with. Required.
	Secret string
	// Duplicates delivers every event twice (see [Plan]).
	Duplicates bool
	// Reorder swaps each pair of events (see [Plan]).
	Reorder bool
	// Path is the request path; "" means "/webhook".
	Path string
	// Now is the signing time of each delivery; nil means time.Now, which
	// is what a handler's tolerance check expects.
	Now func() time.Time
}

// Delivery is one POST [Replay] made and what the handler answered.
type Delivery struct {
	// Event is the event delivered.
	Event Event
	// Duplicate is true for the second delivery of an event.
	Duplicate bool
	// Status is the handler's status code; Stripe counts 2xx as
	// delivered and retries anything else.
	Status int
	// Body is the handler's response body.
	Body string
}

// OK reports whether the handler accepted the delivery (a 2xx).
func (d Delivery) OK() bool { return d.Status >= 200 && d.Status < 300 }

// Request builds the POST Stripe would send to deliver ev: its body the
// event as is, Content-Type application/json; charset=utf-8, Stripe's
// User-Agent, and a Stripe-Signature for opts.Secret at opts.Now.
func Request(ev Event, opts Options) *http.Request {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	path := opts.Path
	if path == "" {
		path = "/webhook"
	}
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(ev.Body))
	r.Header.Set("Content-Type", "application/json; charset=utf-8")
	r.Header.Set("User-Agent", UserAgent)
	r.Header.Set(SignatureHeader, Sign(ev.Body, opts.Secret, now()))
	return r
}

// UserAgent is the User-Agent of Stripe's webhook deliveries.
const UserAgent = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"

// Replay delivers events to handler as Stripe would deliver them to an
// endpoint, each POST signed with opts.Secret, in the order [Plan] gives
// for opts.Duplicates and opts.Reorder, and returns what the handler
// answered to each, in delivery order. Events usually come from
// [FromCassette]. It fails t when opts.Secret does not start with
// whsec_ or there are no events; what the handler answers is for the
// test to judge.
//
//	events, err := webhooktest.FromCassette("testdata/cassettes/pay.yaml")
//	…
//	for _, d := range webhooktest.Replay(t, myHandler, events, webhooktest.Options{Secret: secret, Duplicates: true}) {
//		if !d.OK() { t.Errorf("%s %s: %d %s", d.Event.Type, d.Event.ID, d.Status, d.Body) }
//	}
func Replay(t testing.TB, handler http.Handler, events []Event, opts Options) []Delivery {
	t.Helper()
	if !strings.HasPrefix(opts.Secret, SecretPrefix) {
		t.Fatalf("webhooktest.Replay: Options.Secret must be a webhook signing secret (%s…), got %q", SecretPrefix, redact(opts.Secret))
		return nil
	}
	if len(events) == 0 {
		t.Fatal(ErrNoEvents)
		return nil
	}
	seen := map[int]bool{}
	var out []Delivery
	for _, i := range Plan(len(events), opts.Duplicates, opts.Reorder) {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, Request(events[i], opts))
		out = append(out, Delivery{Event: events[i], Duplicate: seen[i], Status: rec.Code, Body: rec.Body.String()})
		seen[i] = true
	}
	return out
}

// redact shows a secret's first characters only.
func redact(s string) string {
	if len(s) > 8 {
		return s[:8] + "…"
	}
	return s
}
