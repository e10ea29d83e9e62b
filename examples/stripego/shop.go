// Package stripego is an example service that takes payments with Stripe
// Checkout through stripe-go, and its tests: they record what the service
// really sends, through checkoutvcr's public recorder, against stripe-mock
// on 127.0.0.1, then replay the cassette offline and check every
// exchange against Stripe's contract. One test records against
// checkoutvcr's local Checkout server instead (go tool checkoutserver),
// which answers at the request's Stripe-Version: stripe-go v82 sends
// 2025-08-27.basil, and verify checks that cassette against basil's
// contracts.
//
// It is a module of its own, so that checkoutvcr itself does not depend on
// stripe-go. Its go.mod shows how another module uses checkoutvcr from a
// clone (a replace directive) and pins stripe-mock as a Go tool:
//
//	replace github.com/checkoutvcr/checkoutvcr => ../..
//	tool github.com/stripe/stripe-mock
//	tool github.com/checkoutvcr/checkoutvcr/cmd/checkoutserver
package stripego

import (
	"context"
	"fmt"
	"net/http"

	"github.com/stripe/stripe-go/v82"
)

// Item is one line of a cart: a Stripe price and how many.
type Item struct {
	Price    string
	Quantity int64
}

// Shop opens and cancels Checkout Sessions.
type Shop struct {
	stripe     *stripe.Client
	successURL string
}

// NewShop returns a Shop that talks to Stripe at baseURL ("" means
// Stripe's own) with key, through httpClient: the place where a test puts
// a recorder or a replayer.
func NewShop(key, baseURL, successURL string, httpClient *http.Client) *Shop {
	cfg := &stripe.BackendConfig{HTTPClient: httpClient}
	if baseURL != "" {
		cfg.URL = stripe.String(baseURL)
	}
	return &Shop{
		stripe:     stripe.NewClient(key, stripe.WithBackends(stripe.NewBackendsWithConfig(cfg))),
		successURL: successURL,
	}
}

// Checkout opens a hosted Checkout Session for the cart and returns its id
// and how many line items Stripe holds for it.
func (s *Shop) Checkout(ctx context.Context, cart []Item) (id string, lines int, err error) {
	params := &stripe.CheckoutSessionCreateParams{
		Mode:       stripe.String(stripe.CheckoutSessionModePayment),
		SuccessURL: stripe.String(s.successURL),
	}
	for _, it := range cart {
		params.LineItems = append(params.LineItems, &stripe.CheckoutSessionCreateLineItemParams{
			Price: stripe.String(it.Price), Quantity: stripe.Int64(it.Quantity),
		})
	}
	sess, err := s.stripe.V1CheckoutSessions.Create(ctx, params)
	if err != nil {
		return "", 0, fmt.Errorf("create checkout session: %w", err)
	}
	for _, err := range s.stripe.V1CheckoutSessions.ListLineItems(ctx, &stripe.CheckoutSessionListLineItemsParams{Session: stripe.String(sess.ID)}) {
		if err != nil {
			return "", 0, fmt.Errorf("list line items of %s: %w", sess.ID, err)
		}
		lines++
	}
	return sess.ID, lines, nil
}

// Cancel expires an open Checkout Session, so that it can no longer be
// paid.
func (s *Shop) Cancel(ctx context.Context, id string) error {
	if _, err := s.stripe.V1CheckoutSessions.Expire(ctx, id, nil); err != nil {
		return fmt.Errorf("expire %s: %w", id, err)
	}
	return nil
}

// CheckoutEmbedded opens an embedded Checkout Session for the cart, the
// kind a page mounts with Stripe.js: ui_mode embedded (stripe-go v82's
// constant, the value of API version 2025-08-27.basil; 2026-03-25.dahlia
// renamed it embedded_page) and a return_url instead of a success_url. It
// returns the session's id and the client_secret the page needs.
func (s *Shop) CheckoutEmbedded(ctx context.Context, cart []Item, returnURL string) (id, clientSecret string, err error) {
	params := &stripe.CheckoutSessionCreateParams{
		Mode:      stripe.String(stripe.CheckoutSessionModePayment),
		UIMode:    stripe.String(stripe.CheckoutSessionUIModeEmbedded),
		ReturnURL: stripe.String(returnURL),
	}
	for _, it := range cart {
		params.LineItems = append(params.LineItems, &stripe.CheckoutSessionCreateLineItemParams{
			Price: stripe.String(it.Price), Quantity: stripe.Int64(it.Quantity),
		})
	}
	sess, err := s.stripe.V1CheckoutSessions.Create(ctx, params)
	if err != nil {
		return "", "", fmt.Errorf("create embedded checkout session: %w", err)
	}
	if sess.UIMode != stripe.CheckoutSessionUIModeEmbedded {
		return "", "", fmt.Errorf("session %s has ui_mode %q, want %q", sess.ID, sess.UIMode, stripe.CheckoutSessionUIModeEmbedded)
	}
	return sess.ID, sess.ClientSecret, nil
}
