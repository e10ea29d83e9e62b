package webhooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/checkoutvcr/checkoutvcr/webhooktest"
	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

const secret = "whsec_example_test_secret"

// events are the events the webhooks scenario recorded against the local
// server, oldest first: completed (order 1001), completed and
// async_payment_succeeded (1002), completed and async_payment_failed
// (1003), expired (1004).
func events(t *testing.T) []webhooktest.Event {
	t.Helper()
	evs, err := webhooktest.FromCassette("testdata/cassettes/webhooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range evs {
		types = append(types, e.Type)
	}
	want := []string{"checkout.session.completed", "checkout.session.completed", "checkout.session.async_payment_succeeded",
		"checkout.session.completed", "checkout.session.async_payment_failed", "checkout.session.expired"}
	if len(types) != len(want) {
		t.Fatalf("events in the cassette: %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("events in the cassette: %v, want %v", types, want)
		}
	}
	return evs
}

// TestSignatureAcceptedByStripeGo: webhooktest.Sign makes the header
// stripe-go's webhook package accepts, and stripe-go rejects it when the
// payload is tampered with, the secret differs or the signature is stale.
func TestSignatureAcceptedByStripeGo(t *testing.T) {
	ev := events(t)[0]
	now := time.Now()
	header := webhooktest.Sign(ev.Body, secret, now)
	if err := webhook.ValidatePayload(ev.Body, header, secret); err != nil {
		t.Fatalf("ValidatePayload: %v", err)
	}
	// ConstructEvent itself, with its API version check: the events were
	// recorded at 2025-08-27.basil, the version this stripe-go is pinned to.
	got, err := webhook.ConstructEvent(ev.Body, header, secret)
	if err != nil {
		t.Fatalf("ConstructEvent: %v", err)
	}
	if got.ID != ev.ID || got.Type != stripe.EventTypeCheckoutSessionCompleted || got.APIVersion != stripe.APIVersion {
		t.Errorf("ConstructEvent = %s %s %s, want %s checkout.session.completed %s", got.ID, got.Type, got.APIVersion, ev.ID, stripe.APIVersion)
	}
	var s stripe.CheckoutSession
	if err := json.Unmarshal(got.Data.Raw, &s); err != nil {
		t.Fatal(err)
	}
	if s.UIMode != stripe.CheckoutSessionUIModeHosted {
		t.Errorf("data.object ui_mode = %q, want basil's %q", s.UIMode, stripe.CheckoutSessionUIModeHosted)
	}

	tampered := bytes.Replace(ev.Body, []byte(`"payment_status": "paid"`), []byte(`"payment_status": "unpaid"`), 1)
	if bytes.Equal(tampered, ev.Body) {
		t.Fatal("nothing to tamper with")
	}
	for name, c := range map[string]struct {
		payload []byte
		header  string
		secret  string
		want    error
	}{
		"tampered":     {tampered, header, secret, webhook.ErrNoValidSignature},
		"other secret": {ev.Body, header, "whsec_someone_else", webhook.ErrNoValidSignature},
		"stale":        {ev.Body, webhooktest.Sign(ev.Body, secret, now.Add(-10*time.Minute)), secret, webhook.ErrTooOld},
		"unsigned":     {ev.Body, "", secret, webhook.ErrNotSigned},
	} {
		_, err := webhook.ConstructEvent(c.payload, c.header, c.secret)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: ConstructEvent error = %v, want %v", name, err, c.want)
		}
		if err := webhook.ValidatePayload(c.payload, c.header, c.secret); !errors.Is(err, c.want) {
			t.Errorf("%s: ValidatePayload error = %v, want %v", name, err, c.want)
		}
	}
}

// TestFulfilment replays every recorded event into the handler, in order:
// the card payment and the delayed payment that succeeded are fulfilled,
// once each; the failed one is marked failed; the expired one cancelled.
func TestFulfilment(t *testing.T) {
	h := NewHandler(secret)
	for _, d := range webhooktest.Replay(t, h, events(t), webhooktest.Options{Secret: secret}) {
		if !d.OK() {
			t.Errorf("%s %s: %d %s", d.Event.Type, d.Event.ID, d.Status, d.Body)
		}
	}
	checkOrders(t, h)
}

func checkOrders(t *testing.T, h *Handler) {
	t.Helper()
	for order, want := range map[string]string{"1001": Fulfilled, "1002": Fulfilled, "1003": PaymentFailed, "1004": Cancelled} {
		if got := h.Order(order); got != want {
			t.Errorf("order %s: %q, want %q", order, got, want)
		}
	}
	for order, n := range h.Shipped {
		if n != 1 {
			t.Errorf("order %s shipped %d times, want once", order, n)
		}
	}
	if len(h.Shipped) != 2 {
		t.Errorf("shipped %v, want orders 1001 and 1002", h.Shipped)
	}
}

// TestDuplicates: every event delivered twice ships nothing twice; the
// second delivery of each is answered as a duplicate.
func TestDuplicates(t *testing.T) {
	h := NewHandler(secret)
	ds := webhooktest.Replay(t, h, events(t), webhooktest.Options{Secret: secret, Duplicates: true})
	if len(ds) != 12 {
		t.Fatalf("%d deliveries, want 12", len(ds))
	}
	for _, d := range ds {
		if !d.OK() {
			t.Errorf("%s: %d %s", d.Event.ID, d.Status, d.Body)
		}
		if d.Duplicate && d.Body != "duplicate" {
			t.Errorf("second delivery of %s answered %q, want duplicate", d.Event.ID, d.Body)
		}
	}
	checkOrders(t, h)
}

// TestOutOfOrder: the delayed payment's async_payment_succeeded arriving
// before its completed (unpaid) still leaves the order fulfilled, once;
// reordering the whole stream changes no outcome.
func TestOutOfOrder(t *testing.T) {
	evs := events(t)
	pair := evs[1:3] // completed (unpaid), async_payment_succeeded for order 1002
	h := NewHandler(secret)
	ds := webhooktest.Replay(t, h, pair, webhooktest.Options{Secret: secret, Reorder: true})
	if ds[0].Event.Type != "checkout.session.async_payment_succeeded" || ds[1].Event.Type != "checkout.session.completed" {
		t.Fatalf("delivered %s then %s, want the pair swapped", ds[0].Event.Type, ds[1].Event.Type)
	}
	if got := h.Order("1002"); got != Fulfilled || h.Shipped["1002"] != 1 {
		t.Errorf("order 1002: %q shipped %d times, want fulfilled once", got, h.Shipped["1002"])
	}

	h = NewHandler(secret)
	webhooktest.Replay(t, h, evs, webhooktest.Options{Secret: secret, Reorder: true, Duplicates: true})
	checkOrders(t, h)
}

// TestRejectsWrongSecret: deliveries signed with another secret are
// refused (400), so Stripe would retry them, and change nothing.
func TestRejectsWrongSecret(t *testing.T) {
	h := NewHandler(secret)
	for _, d := range webhooktest.Replay(t, h, events(t), webhooktest.Options{Secret: "whsec_not_this_endpoint"}) {
		if d.Status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", d.Event.ID, d.Status)
		}
	}
	if h.Order("1001") != "" {
		t.Error("a rejected delivery changed an order")
	}
}
