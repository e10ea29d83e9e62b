// Package webhooks is an example Checkout fulfilment webhook handler, and
// its tests show how to test one with checkoutvcr: the events a scenario
// recorded against the local server (testdata/cassettes/webhooks.yaml)
// are replayed into the handler, correctly signed, with
// webhooktest.Replay, including duplicates and out-of-order deliveries.
package webhooks

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

// Order states, as the handler moves them.
const (
	AwaitingPayment = "awaiting_payment" // completed, paid by a delayed method not yet settled
	Fulfilled       = "fulfilled"
	PaymentFailed   = "payment_failed"
	Cancelled       = "cancelled" // the session expired unpaid
)

// Handler fulfils orders from Checkout webhooks. Orders are named by the
// session's metadata[order]. It verifies every delivery's signature with
// stripe-go, ignores events it has seen (Stripe delivers at least once)
// and never moves an order backwards (deliveries come in any order).
type Handler struct {
	// Secret is the endpoint's signing secret, whsec_….
	Secret string

	mu     sync.Mutex
	seen   map[string]bool
	orders map[string]string
	// Shipped counts the fulfilments of each order: exactly one is right.
	Shipped map[string]int
}

// NewHandler returns a Handler that verifies with secret.
func NewHandler(secret string) *Handler {
	return &Handler{Secret: secret, seen: map[string]bool{}, orders: map[string]string{}, Shipped: map[string]int{}}
}

// Order returns the state of an order, "" if no event named it.
func (h *Handler) Order(id string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.orders[id]
}

// ServeHTTP handles one delivery: 400 when the signature does not verify,
// 200 otherwise (Stripe retries anything else).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	payload, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "read: "+err.Error(), http.StatusBadRequest)
		return
	}
	// stripe-go v82 is pinned to API version 2025-08-27.basil, and so is
	// the endpoint these events come from (the local server renders each
	// endpoint's events at its version): ConstructEvent checks the
	// signature, its age and the event's api_version.
	event, err := webhook.ConstructEvent(payload, r.Header.Get("Stripe-Signature"), h.Secret)
	if err != nil {
		http.Error(w, "signature: "+err.Error(), http.StatusBadRequest)
		return
	}
	var s stripe.CheckoutSession
	if err := json.Unmarshal(event.Data.Raw, &s); err != nil {
		http.Error(w, "session: "+err.Error(), http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen[event.ID] {
		io.WriteString(w, "duplicate")
		return
	}
	h.seen[event.ID] = true
	order := s.Metadata["order"]
	switch event.Type {
	case stripe.EventTypeCheckoutSessionCompleted:
		if s.PaymentStatus == stripe.CheckoutSessionPaymentStatusPaid || s.PaymentStatus == stripe.CheckoutSessionPaymentStatusNoPaymentRequired {
			h.move(order, Fulfilled)
		} else {
			h.move(order, AwaitingPayment)
		}
	case stripe.EventTypeCheckoutSessionAsyncPaymentSucceeded:
		h.move(order, Fulfilled)
	case stripe.EventTypeCheckoutSessionAsyncPaymentFailed:
		h.move(order, PaymentFailed)
	case stripe.EventTypeCheckoutSessionExpired:
		h.move(order, Cancelled)
	}
	io.WriteString(w, h.orders[order])
}

// rank orders the states: an order only moves to a higher one, so a late
// completed (unpaid) never undoes the async_payment_succeeded that
// overtook it.
var rank = map[string]int{"": 0, AwaitingPayment: 1, Cancelled: 2, PaymentFailed: 2, Fulfilled: 3}

func (h *Handler) move(order, to string) {
	if rank[to] <= rank[h.orders[order]] {
		return
	}
	h.orders[order] = to
	if to == Fulfilled {
		h.Shipped[order]++
	}
}
