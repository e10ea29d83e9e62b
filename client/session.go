package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

func (s *Session) setResponse(r *Response) { s.Response = r }

// UnmarshalJSON decodes the typed fields and keeps the object in Raw.
func (s *Session) UnmarshalJSON(b []byte) error {
	if err := s.decodeFields(b); err != nil {
		return err
	}
	s.Raw = bytes.Clone(b)
	return nil
}

// decodeFields decodes b into the typed fields, as UnmarshalJSON does
// (with the same errors), without setting Raw.
func (s *Session) decodeFields(b []byte) error {
	type plain Session
	return json.Unmarshal(b, (*plain)(s))
}

// Get returns the value at path in the session's JSON (its Raw field),
// with the path syntax and value types of [Response.Get]:
// s.Get("custom_text.submit.message"). ok is false if there is no such
// field.
func (s *Session) Get(path string) (value any, ok bool) {
	if s == nil {
		return nil, false
	}
	return getPath(s.Raw, path)
}

// UnmarshalJSON decodes the typed fields and keeps the object in Raw.
func (li *LineItem) UnmarshalJSON(b []byte) error {
	type plain LineItem
	if err := json.Unmarshal(b, (*plain)(li)); err != nil {
		return err
	}
	li.Raw = bytes.Clone(b)
	return nil
}

// Get returns the value at path in the item's JSON (its Raw field), as
// [Session.Get] does: li.Get("price.product").
func (li *LineItem) Get(path string) (value any, ok bool) {
	if li == nil {
		return nil, false
	}
	return getPath(li.Raw, path)
}

// SessionList is one page of sessions.
type SessionList struct {
	// Object is always "list".
	Object string `json:"object"`
	// Data holds this page's sessions.
	Data []*Session `json:"data"`
	// HasMore reports whether another page follows.
	HasMore bool `json:"has_more"`
	// URL is the list's path.
	URL string `json:"url"`

	// Response is the exchange this page came from.
	Response *Response `json:"-"`

	// The call that fetched the page, for [SessionList.All].
	client *Client
	params *SessionListParams
	opts   []RequestOption
}

func (l *SessionList) setResponse(r *Response) { l.Response = r }

// LineItemList is one page of line items.
type LineItemList struct {
	// Object is always "list".
	Object string `json:"object"`
	// Data holds this page's items.
	Data []*LineItem `json:"data"`
	// HasMore reports whether another page follows.
	HasMore bool `json:"has_more"`
	// URL is the list's path.
	URL string `json:"url"`

	// Response is the exchange this page came from (nil when the list is
	// the expanded line_items of a [Session]).
	Response *Response `json:"-"`

	// The call that fetched the page, for [LineItemList.All].
	client  *Client
	session string
	params  *LineItemListParams
	opts    []RequestOption
}

func (l *LineItemList) setResponse(r *Response) { l.Response = r }

// SessionService performs the Checkout Session operations. Get it from
// [Client].Sessions.
//
// Every method accepts nil params. Retrieve and the list methods send their
// params in the URL query; the others send them as a form body. The id in a
// path is escaped with url.PathEscape; an empty id is an error, reported
// without sending anything.
//
// A call is retried, up to [Options].MaxRetries times, after a network
// failure (connection refused, reset or closed before a response, or a
// timeout) and after HTTP 409, 429 and 5xx, unless the response says
// Stripe-Should-Retry: false; Stripe-Should-Retry: true makes any error
// status retryable ([ShouldRetry] is this rule for a response). Other transport errors, such as a replay transport
// reporting that nothing was recorded, are returned at once, wrapped with
// %w. Retries wait 500ms·2^n (at most 5s) with 50–100% jitter, or the
// Retry-After header's delay (seconds or an HTTP date, at most 60s) when
// it names a future time; a done context stops
// the wait. Each attempt is a fresh request; POSTs carry the same
// Idempotency-Key on every attempt, which is what makes retrying them safe.
//
// Errors: a non-2xx response is an [*Error]; a 2xx response that cannot be
// decoded, or any body over [Options].MaxResponseBytes, is a
// [*DecodeError]. Both carry the response, and [ResponseOf] returns it.
type SessionService struct {
	c *Client
}

const sessionsPath = "/v1/checkout/sessions"

func sessionPath(id string, suffix string) (string, error) {
	if id == "" {
		return "", errors.New("stripe: checkout session id is empty")
	}
	return sessionsPath + "/" + url.PathEscape(id) + suffix, nil
}

// Create creates a session (POST /v1/checkout/sessions).
func (s *SessionService) Create(ctx context.Context, p *SessionCreateParams, opts ...RequestOption) (*Session, error) {
	out := &Session{}
	if err := s.c.do(ctx, http.MethodPost, sessionsPath, p, out, opts); err != nil {
		return nil, err
	}
	out.bind(s.c)
	return out, nil
}

// Retrieve gets a session by id (GET /v1/checkout/sessions/{id}).
func (s *SessionService) Retrieve(ctx context.Context, id string, p *SessionRetrieveParams, opts ...RequestOption) (*Session, error) {
	return s.onSession(ctx, http.MethodGet, id, "", p, opts)
}

// Update changes a session (POST /v1/checkout/sessions/{id}).
func (s *SessionService) Update(ctx context.Context, id string, p *SessionUpdateParams, opts ...RequestOption) (*Session, error) {
	return s.onSession(ctx, http.MethodPost, id, "", p, opts)
}

// Expire expires an open session (POST /v1/checkout/sessions/{id}/expire).
// Expiring a session that is not open is a 400 [ErrorTypeInvalidRequest].
func (s *SessionService) Expire(ctx context.Context, id string, p *SessionExpireParams, opts ...RequestOption) (*Session, error) {
	return s.onSession(ctx, http.MethodPost, id, "/expire", p, opts)
}

func (s *SessionService) onSession(ctx context.Context, method, id, suffix string, p any, opts []RequestOption) (*Session, error) {
	path, err := sessionPath(id, suffix)
	if err != nil {
		return nil, err
	}
	out := &Session{}
	if err := s.c.do(ctx, method, path, p, out, opts); err != nil {
		return nil, err
	}
	out.bind(s.c)
	return out, nil
}

// List returns one page of sessions (GET /v1/checkout/sessions), newest
// first. See [SessionService.All] to iterate over every page.
func (s *SessionService) List(ctx context.Context, p *SessionListParams, opts ...RequestOption) (*SessionList, error) {
	if err := checkCursors(p.cursor()); err != nil {
		return nil, err
	}
	out := &SessionList{client: s.c, params: p, opts: opts}
	if err := s.c.do(ctx, http.MethodGet, sessionsPath, p, out, opts); err != nil {
		return nil, err
	}
	for _, v := range out.Data {
		v.bind(s.c)
	}
	return out, nil
}

// ListLineItems returns one page of a session's line items
// (GET /v1/checkout/sessions/{id}/line_items). See
// [SessionService.AllLineItems] to iterate over every page.
func (s *SessionService) ListLineItems(ctx context.Context, id string, p *LineItemListParams, opts ...RequestOption) (*LineItemList, error) {
	path, err := sessionPath(id, "/line_items")
	if err != nil {
		return nil, err
	}
	if err := checkCursors(p.cursor()); err != nil {
		return nil, err
	}
	out := &LineItemList{client: s.c, session: id, params: p, opts: opts}
	if err := s.c.do(ctx, http.MethodGet, path, p, out, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// ErrBothCursors is returned, before any request is sent, by list calls
// whose params set both starting_after and ending_before (typed or in
// Extra).
var ErrBothCursors = errors.New("stripe: starting_after and ending_before cannot both be set")

func checkCursors(lp *ListParams, extra map[string]any) error {
	has := func(typed *string, key string) bool {
		v, ok := extra[key]
		if ok {
			return v != nil
		}
		return typed != nil
	}
	if lp == nil {
		lp = &ListParams{}
	}
	if has(lp.StartingAfter, "starting_after") && has(lp.EndingBefore, "ending_before") {
		return ErrBothCursors
	}
	return nil
}

func (p *SessionListParams) cursor() (*ListParams, map[string]any) {
	if p == nil {
		return nil, nil
	}
	return &p.ListParams, p.Extra
}

func (p *LineItemListParams) cursor() (*ListParams, map[string]any) {
	if p == nil {
		return nil, nil
	}
	return &p.ListParams, p.Extra
}

// Expandable is a field that Stripe returns either as an object's id or,
// when the request asked for it with expand, as the whole object, typed as
// T. ID is set in both cases; Object is the decoded object and Raw its JSON,
// both nil when only the id came back. A JSON null leaves the
// *Expandable field nil. Where the spec allows several kinds of object (a
// customer or a deleted customer), T is the first and Raw keeps whatever
// came.
type Expandable[T any] struct {
	// ID is the object's id, e.g. "cus_123".
	ID string
	// Object is the expanded object, or nil.
	Object *T
	// Raw is the expanded object's JSON exactly as received, or nil.
	Raw json.RawMessage
}

// UnmarshalJSON accepts an id string or an object with an "id" field.
func (e *Expandable[T]) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		*e = Expandable[T]{}
		return json.Unmarshal(b, &e.ID)
	}
	var head struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return fmt.Errorf("expandable field: want an id string or an object: %w", err)
	}
	obj := new(T)
	if err := json.Unmarshal(b, obj); err != nil {
		return fmt.Errorf("expandable field %s: %w", head.ID, err)
	}
	*e = Expandable[T]{ID: head.ID, Object: obj, Raw: bytes.Clone(b)}
	return nil
}

// MarshalJSON writes the typed object if expanded, else the id.
func (e Expandable[T]) MarshalJSON() ([]byte, error) {
	if e.Object != nil {
		return json.Marshal(e.Object)
	}
	return json.Marshal(e.ID)
}

// Expanded reports whether the whole object came back.
func (e *Expandable[T]) Expanded() bool { return e != nil && e.Object != nil }

// Get reads a field of the expanded object's JSON by path, as
// [Response.Get] does, including fields T does not model. ok is false when
// the field was not expanded.
func (e *Expandable[T]) Get(path string) (value any, ok bool) {
	if !e.Expanded() {
		return nil, false
	}
	return getPath(e.Raw, path)
}

// Decode unmarshals the expanded object's JSON into v (any type, e.g. a
// struct of your own); it fails when the field was not expanded.
func (e *Expandable[T]) Decode(v any) error {
	if !e.Expanded() {
		return errors.New("stripe: field was not expanded")
	}
	return json.Unmarshal(e.Raw, v)
}

// Object is an object this package does not type: an expansion target
// too large to generate (an invoice, a PaymentIntent, a SetupIntent; see
// the package documentation). It keeps its id, its object name and its
// JSON, readable with [Object.Get].
type Object struct {
	// ID is the object's id.
	ID string `json:"id"`
	// Object is its type, e.g. "invoice".
	Object string `json:"object"`
	// Raw is its JSON exactly as received.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps the object in Raw.
func (o *Object) UnmarshalJSON(b []byte) error {
	type plain Object
	if err := json.Unmarshal(b, (*plain)(o)); err != nil {
		return err
	}
	o.Raw = bytes.Clone(b)
	return nil
}

// MarshalJSON writes Raw.
func (o Object) MarshalJSON() ([]byte, error) {
	if o.Raw == nil {
		type plain Object
		return json.Marshal(plain(o))
	}
	return o.Raw, nil
}

// Get returns the value at path in the object's JSON, as [Response.Get]
// does.
func (o *Object) Get(path string) (value any, ok bool) {
	if o == nil {
		return nil, false
	}
	return getPath(o.Raw, path)
}
