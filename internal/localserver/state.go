package localserver

import (
	"encoding/json"
	"time"
)

// account is the state one API key sees: its sessions, its clock and its
// idempotency keys. Every field is guarded by Server.mu.
type account struct {
	id       string
	now      int64                                // the account's clock, Unix seconds
	skew     int64                                // seconds the clock was advanced by
	pending  []Transition                         // caused by the wall clock, not yet reported
	reqSeq   int                                  // requests so far, for Request-Ids
	objects  map[string]map[string]map[string]any // other objects, by object name and id
	objSeq   int                                  // objects made so far, for their ids
	objOrder map[string][]string                  // ids by object name, in creation order (for lists)
	deleted  map[string]map[string]bool           // deleted ids by object name
	seq      int                                  // sessions created so far
	sessions map[string]*session
	order    []*session // in creation order
	idem     map[string]*idemEntry
	events   []*event // emitted, oldest first
	evSeq    int      // events emitted so far
}

func newAccount(id string, epoch int64) *account {
	return &account{id: id, now: epoch, sessions: map[string]*session{}, idem: map[string]*idemEntry{}, objects: map[string]map[string]map[string]any{},
		objOrder: map[string][]string{}, deleted: map[string]map[string]bool{}}
}

// session is one Checkout Session: the object the API returns (without
// line_items, which are kept apart and included on request) and its line
// items.
type session struct {
	seq       int
	obj       map[string]any
	items     []map[string]any
	itemSeq   int       // line items and inline prices made so far, for their ids
	discounts []applied // the coupons and promotion codes applied
	acct      *account  // the account it belongs to
}

// session finds a session by id: Stripe's 404 for an id longer than any
// session id, or for an id it does not have.
func (a *account) session(id string) (*session, *apiError) {
	if len(id) > maxIDLength {
		return nil, idTooLong(id)
	}
	s, ok := a.sessions[id]
	if !ok {
		return nil, noSuchSession(id)
	}
	return s, nil
}

func (s *session) id() string     { return s.obj["id"].(string) }
func (s *session) status() string { return s.obj["status"].(string) }
func (s *session) created() int64 { return toInt(s.obj["created"]) }

// tick expires every open session whose expires_at the clock has reached,
// in creation order, each with its checkout.session.expired event (no
// API request caused it), and returns the transitions.
func (s *Server) tick(a *account) []Transition {
	var out []Transition
	for _, sess := range a.order {
		if sess.status() == "open" && toInt(sess.obj["expires_at"]) <= a.now {
			t := a.transition(sess, "expired")
			s.emit(a, &t, EventExpired, sess, eventRequest{})
			out = append(out, t)
		}
	}
	return out
}

// transition moves an open session to "complete" or "expired" and
// describes the change for the hook. Paying fills in what the customer's
// checkout would: see [Server.pay].
func (a *account) transition(s *session, to string) Transition {
	from := s.status()
	s.obj["status"] = to
	s.obj["url"] = nil
	return Transition{Account: a.id, Session: s.id(), From: from, To: to,
		At: time.Unix(a.now, 0).UTC(), Object: json.RawMessage(encode(s.obj))}
}

// customerDetails is the customer_details object of a session whose
// customer gave only an email.
func customerDetails(email string) map[string]any {
	return map[string]any{
		"address": nil, "business_name": nil, "email": email, "individual_name": nil,
		"name": nil, "phone": nil, "tax_exempt": "none", "tax_ids": []any{},
	}
}

// toInt reads an integer JSON value (json.Number, int64 or a numeric
// string); anything else is 0.
func toInt(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case int:
		return int64(n)
	case json.Number:
		i, err := n.Int64()
		if err != nil {
			f, _ := n.Float64()
			return int64(f)
		}
		return i
	}
	return 0
}

// clone copies a JSON tree deeply.
func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = clone(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = clone(e)
		}
		return l
	}
	return v
}

func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	return clone(m).(map[string]any)
}
