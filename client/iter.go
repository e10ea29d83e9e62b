package client

import (
	"context"
	"iter"
	"maps"
)

// All iterates over every session matching p, fetching pages as the loop
// needs them: the next page is requested only when the loop has consumed
// the current one and it said has_more, with starting_after set to the
// last session's id. Breaking out of the loop stops fetching. On an error
// All yields (nil, err) once and stops.
//
// If p sets EndingBefore, All pages backwards instead, following
// ending_before with the first session of each page; sessions are yielded
// in the order each page lists them. p itself is never modified, and a
// cursor in p.Extra is read as if it were typed.
func (s *SessionService) All(ctx context.Context, p *SessionListParams, opts ...RequestOption) iter.Seq2[*Session, error] {
	return func(yield func(*Session, error) bool) {
		q := &SessionListParams{}
		if p != nil {
			*q = *p
		}
		q.Params.Extra = cursorsToTyped(&q.ListParams, q.Params.Extra)
		for {
			page, err := s.List(ctx, q, opts...)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, v := range page.Data {
				v.Response = page.Response
			}
			if !yieldPage(yield, page.Data, page.HasMore, &q.ListParams, func(v *Session) string { return v.ID }) {
				return
			}
		}
	}
}

// AllLineItems iterates over every line item of session id, fetching pages
// as the loop needs them, as [SessionService.All] does.
func (s *SessionService) AllLineItems(ctx context.Context, id string, p *LineItemListParams, opts ...RequestOption) iter.Seq2[*LineItem, error] {
	return func(yield func(*LineItem, error) bool) {
		q := &LineItemListParams{}
		if p != nil {
			*q = *p
		}
		q.Params.Extra = cursorsToTyped(&q.ListParams, q.Params.Extra)
		for {
			page, err := s.ListLineItems(ctx, id, q, opts...)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, v := range page.Data {
				v.Response = page.Response
			}
			if !yieldPage(yield, page.Data, page.HasMore, &q.ListParams, func(v *LineItem) string { return v.ID }) {
				return
			}
		}
	}
}

// yieldPage yields one page's items and moves lp's cursor to the next page.
// It reports whether there is a next page to fetch.
func yieldPage[T any](yield func(T, error) bool, data []T, hasMore bool, lp *ListParams, id func(T) string) bool {
	for _, v := range data {
		if !yield(v, nil) {
			return false
		}
	}
	if !hasMore || len(data) == 0 {
		return false
	}
	if lp.EndingBefore != nil {
		lp.EndingBefore = String(id(data[0]))
	} else {
		lp.StartingAfter = String(id(data[len(data)-1]))
	}
	return true
}

// cursorsToTyped moves string cursors out of a copy of extra into lp, so
// that the iterator's own cursor is not overridden by Extra. It returns
// the copy.
func cursorsToTyped(lp *ListParams, extra map[string]any) map[string]any {
	if extra == nil {
		return nil
	}
	extra = maps.Clone(extra)
	for key, field := range map[string]**string{"starting_after": &lp.StartingAfter, "ending_before": &lp.EndingBefore} {
		v, ok := extra[key]
		if !ok {
			continue
		}
		delete(extra, key)
		if s, isString := v.(string); isString && s != "" {
			*field = String(s)
		} else {
			*field = nil
		}
	}
	return extra
}
