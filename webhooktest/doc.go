// Package webhooktest signs Stripe webhook deliveries and replays Stripe
// Events into an http.Handler from go test.
//
// A Checkout integration fulfils orders from webhooks
// (checkout.session.completed, .expired, .async_payment_succeeded,
// .async_payment_failed), so its webhook handler deserves tests that feed
// it real events, correctly signed, including the duplicates and
// out-of-order deliveries Stripe warns about. checkoutvcr's record keeps
// the events a scenario expects with its cassette (as GET /v1/events
// interactions); [FromCassette] reads them back and [Replay] posts them to
// the handler:
//
//	func TestFulfilment(t *testing.T) {
//		const secret = "whsec_test_secret"
//		events, err := webhooktest.FromCassette("testdata/cassettes/pay.yaml")
//		if err != nil {
//			t.Fatal(err)
//		}
//		h := NewHandler(secret) // verifies with stripe-go's webhook.ConstructEvent
//		got := webhooktest.Replay(t, h, events, webhooktest.Options{Secret: secret, Duplicates: true, Reorder: true})
//		for _, d := range got {
//			if !d.OK() {
//				t.Errorf("%s (%s): %d %s", d.Event.Type, d.Event.ID, d.Status, d.Body)
//			}
//		}
//	}
//
// [Sign] makes the Stripe-Signature header (t=<unix>,v1=<hex HMAC-SHA256
// of "<t>.<payload>" keyed with the whsec_ secret>) that stripe-go's
// webhook.ConstructEvent, and every Stripe library, accepts; [Verify]
// checks one without stripe-go. [Plan] is the delivery order for
// duplicates and reordering, shared with the local server's delivery.
package webhooktest
