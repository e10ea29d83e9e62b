// Package shop is a team's service that sells through Stripe Checkout
// with stripe-go v82: the module examples/ownmodule's test creates it
// outside the checkoutvcr repository and tests it as its own team would.
package shop

import (
	"context"
	"net/http"

	"github.com/stripe/stripe-go/v82"
)

// Shop opens, reads and cancels Checkout Sessions.
type Shop struct{ sc *stripe.Client }

// New returns a Shop that talks to the Stripe API at baseURL with key,
// through hc: where a test puts a recorder or a replayer.
func New(key, baseURL string, hc *http.Client) *Shop {
	return &Shop{sc: stripe.NewClient(key, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL:        stripe.String(baseURL),
		HTTPClient: hc,
	})))}
}

// Open opens a hosted Checkout Session for quantity of price.
func (s *Shop) Open(ctx context.Context, price string, quantity int64) (string, error) {
	sess, err := s.sc.V1CheckoutSessions.Create(ctx, &stripe.CheckoutSessionCreateParams{
		Mode:       stripe.String(stripe.CheckoutSessionModePayment),
		SuccessURL: stripe.String("https://shop.example/thanks"),
		LineItems: []*stripe.CheckoutSessionCreateLineItemParams{
			{Price: stripe.String(price), Quantity: stripe.Int64(quantity)},
		},
	})
	if err != nil {
		return "", err
	}
	return sess.ID, nil
}

// Status returns the session's status and payment status.
func (s *Shop) Status(ctx context.Context, id string) (status, payment string, err error) {
	sess, err := s.sc.V1CheckoutSessions.Retrieve(ctx, id, nil)
	if err != nil {
		return "", "", err
	}
	return string(sess.Status), string(sess.PaymentStatus), nil
}

// Cancel expires an open session.
func (s *Shop) Cancel(ctx context.Context, id string) error {
	_, err := s.sc.V1CheckoutSessions.Expire(ctx, id, nil)
	return err
}
