package client

import (
	"context"
	"errors"
	"iter"
)

// ErrNoClient is returned by the instance methods of a [Session] (and the
// All methods of a page) that did not come from a [Client] call, e.g. one
// decoded from JSON by hand.
var ErrNoClient = errors.New("stripe: session did not come from a client call")

// bind remembers the client s came from, for the instance methods, and
// passes it on to its expanded line items.
func (s *Session) bind(c *Client) {
	s.client = c
	if s.LineItems != nil {
		s.LineItems.client, s.LineItems.session = c, s.ID
	}
}

// Expire expires the session with the client it came from, as
// [SessionService.Expire] does, and returns the expired session; s itself
// is not changed (see [Session.Refresh]).
func (s *Session) Expire(ctx context.Context, p *SessionExpireParams, opts ...RequestOption) (*Session, error) {
	if s.client == nil {
		return nil, ErrNoClient
	}
	return s.client.Sessions.Expire(ctx, s.ID, p, opts...)
}

// Update changes the session with the client it came from, as
// [SessionService.Update] does, and returns the updated session.
func (s *Session) Update(ctx context.Context, p *SessionUpdateParams, opts ...RequestOption) (*Session, error) {
	if s.client == nil {
		return nil, ErrNoClient
	}
	return s.client.Sessions.Update(ctx, s.ID, p, opts...)
}

// Refresh retrieves the session again with the client it came from and
// replaces *s with the result (as stripe-ruby's refresh does). On error s
// is unchanged.
func (s *Session) Refresh(ctx context.Context, p *SessionRetrieveParams, opts ...RequestOption) error {
	if s.client == nil {
		return ErrNoClient
	}
	fresh, err := s.client.Sessions.Retrieve(ctx, s.ID, p, opts...)
	if err != nil {
		return err
	}
	*s = *fresh
	return nil
}

// ListLineItems returns one page of the session's line items, as
// [SessionService.ListLineItems] does.
func (s *Session) ListLineItems(ctx context.Context, p *LineItemListParams, opts ...RequestOption) (*LineItemList, error) {
	if s.client == nil {
		return nil, ErrNoClient
	}
	return s.client.Sessions.ListLineItems(ctx, s.ID, p, opts...)
}

// AllLineItems iterates over every line item of the session, fetching
// pages as the loop needs them, as [SessionService.AllLineItems] does.
// (The session's LineItems field is the expanded first page, so the
// iterator has this name.)
func (s *Session) AllLineItems(ctx context.Context, p *LineItemListParams, opts ...RequestOption) iter.Seq2[*LineItem, error] {
	if s.client == nil {
		return func(yield func(*LineItem, error) bool) { yield(nil, ErrNoClient) }
	}
	return s.client.Sessions.AllLineItems(ctx, s.ID, p, opts...)
}

// All iterates over this page's sessions and then every later one,
// fetching the following pages with the call that fetched this page (its
// filters and options), as [SessionService.All] does.
func (l *SessionList) All(ctx context.Context) iter.Seq2[*Session, error] {
	return func(yield func(*Session, error) bool) {
		q := &SessionListParams{}
		if l.params != nil {
			*q = *l.params
		}
		q.Params.Extra = cursorsToTyped(&q.ListParams, q.Params.Extra)
		if yieldPage(yield, l.Data, l.HasMore, &q.ListParams, func(v *Session) string { return v.ID }) {
			yieldRest(yield, l.client != nil, func() iter.Seq2[*Session, error] { return l.client.Sessions.All(ctx, q, l.opts...) })
		}
	}
}

// All iterates over this page's line items and then every later one. It
// works on a page from [SessionService.ListLineItems] and on the
// expanded line_items of a session that came from a client call.
func (l *LineItemList) All(ctx context.Context) iter.Seq2[*LineItem, error] {
	return func(yield func(*LineItem, error) bool) {
		q := &LineItemListParams{}
		if l.params != nil {
			*q = *l.params
		}
		q.Params.Extra = cursorsToTyped(&q.ListParams, q.Params.Extra)
		if yieldPage(yield, l.Data, l.HasMore, &q.ListParams, func(v *LineItem) string { return v.ID }) {
			yieldRest(yield, l.client != nil, func() iter.Seq2[*LineItem, error] {
				return l.client.Sessions.AllLineItems(ctx, l.session, q, l.opts...)
			})
		}
	}
}

// yieldRest yields, after [yieldPage] has yielded a page that has more,
// every item of the pages after it, from the iterator rest returns.
// bound is false for a page that did not come from a client call: it
// cannot fetch more, and yields [ErrNoClient] instead.
func yieldRest[T any](yield func(T, error) bool, bound bool, rest func() iter.Seq2[T, error]) {
	if !bound {
		var zero T
		yield(zero, ErrNoClient)
		return
	}
	for v, err := range rest() {
		if !yield(v, err) {
			return
		}
	}
}
