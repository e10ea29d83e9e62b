package webhooks

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/checkoutvcr/checkoutvcr/webhooktest"
	stripe82 "github.com/stripe/stripe-go/v82"
	webhook82 "github.com/stripe/stripe-go/v82/webhook"
	stripe "github.com/stripe/stripe-go/v85"
	"github.com/stripe/stripe-go/v85/webhook"
)

// dahliaEvents are the events the webhooks_dahlia scenario recorded at
// 2026-03-25.dahlia: completed (order 2001, an embedded_page session),
// expired (order 2002).
func dahliaEvents(t *testing.T) []webhooktest.Event {
	t.Helper()
	evs, err := webhooktest.FromCassette("testdata/cassettes/webhooks_dahlia.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Type != "checkout.session.completed" || evs[1].Type != "checkout.session.expired" {
		t.Fatalf("events in the cassette: %+v, want completed then expired", evs)
	}
	return evs
}

// TestStripeGoV85 checks the events against the newest stripe-go major
// served, v85, pinned to 2026-03-25.dahlia: its default
// webhook.ConstructEvent (the API version check on) accepts the events of
// an endpoint at dahlia, and their session decodes with dahlia's ui_mode
// value; it refuses the basil events stripe-go v82 takes, and v82 refuses
// the dahlia ones, each naming the version it expects.
func TestStripeGoV85(t *testing.T) {
	if stripe.APIVersion != "2026-03-25.dahlia" {
		t.Fatalf("stripe-go v85 pins %s; this test is about 2026-03-25.dahlia", stripe.APIVersion)
	}
	now := time.Now()
	for i, ev := range dahliaEvents(t) {
		header := webhooktest.Sign(ev.Body, secret, now)
		got, err := webhook.ConstructEvent(ev.Body, header, secret)
		if err != nil {
			t.Fatalf("v85 ConstructEvent %s: %v", ev.ID, err)
		}
		if got.APIVersion != stripe.APIVersion || string(got.Type) != ev.Type {
			t.Errorf("v85 ConstructEvent = %s %s, want %s %s", got.Type, got.APIVersion, ev.Type, stripe.APIVersion)
		}
		var s stripe.CheckoutSession
		if err := json.Unmarshal(got.Data.Raw, &s); err != nil {
			t.Fatal(err)
		}
		want := []stripe.CheckoutSessionUIMode{stripe.CheckoutSessionUIModeEmbeddedPage, stripe.CheckoutSessionUIModeHostedPage}[i]
		if s.UIMode != want || s.Metadata["order"] == "" {
			t.Errorf("%s: ui_mode %q order %q, want %q and an order", ev.Type, s.UIMode, s.Metadata["order"], want)
		}
		_, err = webhook82.ConstructEvent(ev.Body, header, secret)
		if err == nil || !strings.Contains(err.Error(), "expects API version "+stripe82.APIVersion) {
			t.Errorf("v82 ConstructEvent on a dahlia event: %v, want its API version mismatch", err)
		}
	}
	basil := events(t)[0]
	_, err := webhook.ConstructEvent(basil.Body, webhooktest.Sign(basil.Body, secret, now), secret)
	if err == nil || !strings.Contains(err.Error(), "expects API version "+stripe.APIVersion) {
		t.Errorf("v85 ConstructEvent on a basil event: %v, want its API version mismatch", err)
	}
}
