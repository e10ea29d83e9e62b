package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
)

// Session is a Checkout Session. Fields Stripe may return as null are
// pointers; fields that may be an id or an expanded object are
// [*Expandable]. Nothing Stripe sends is lost: Raw keeps the session's own
// JSON object and [Session.Get] reads any field of it by path, modelled or
// not, wherever the session came from (a call, a list page or an
// iterator).
type Session struct {
	// ID is the session's id, "cs_…".
	ID string `json:"id"`
	// Object is always "checkout.session".
	Object string `json:"object"`
	// Mode is "payment", "setup" or "subscription".
	Mode string `json:"mode"`
	// Status is "open", "complete" or "expired".
	Status *string `json:"status"`
	// PaymentStatus is "paid", "unpaid" or "no_payment_required".
	PaymentStatus string `json:"payment_status"`
	// URL is the hosted page, while the session is open.
	URL *string `json:"url"`
	// SuccessURL is where the customer goes after paying.
	SuccessURL *string `json:"success_url"`
	// CancelURL is where the customer goes on cancelling.
	CancelURL *string `json:"cancel_url"`
	// ReturnURL is the return page of the embedded ui modes.
	ReturnURL *string `json:"return_url"`
	// AmountSubtotal is the amount before discounts and taxes, in the
	// currency's smallest unit.
	AmountSubtotal *int64 `json:"amount_subtotal"`
	// AmountTotal is the amount after discounts and taxes, in the
	// currency's smallest unit.
	AmountTotal *int64 `json:"amount_total"`
	// Currency is a lowercase ISO currency code, e.g. "usd".
	Currency *string `json:"currency"`
	// Customer is the customer's id ("cus_…"), or the customer when
	// expanded.
	Customer *Expandable `json:"customer"`
	// CustomerEmail is the email address as prefilled.
	CustomerEmail *string `json:"customer_email"`
	// CustomerCreation is "always" or "if_required".
	CustomerCreation *string `json:"customer_creation"`
	// ClientReferenceID is your own reference for the session.
	ClientReferenceID *string `json:"client_reference_id"`
	// ClientSecret initialises the embedded and custom ui modes.
	ClientSecret *string `json:"client_secret"`
	// Metadata holds your key-value pairs.
	Metadata map[string]string `json:"metadata"`
	// ExpiresAt is when the session expires, in Unix time.
	ExpiresAt int64 `json:"expires_at"`
	// Created is when the session was created, in Unix time.
	Created int64 `json:"created"`
	// Livemode is false in test mode.
	Livemode bool `json:"livemode"`
	// LineItems is the first page of the session's items, present only
	// when the request expanded "line_items".
	LineItems *LineItemList `json:"line_items"`
	// PaymentIntent is the PaymentIntent's id ("pi_…"), or the
	// PaymentIntent when expanded.
	PaymentIntent *Expandable `json:"payment_intent"`
	// Subscription is the subscription's id ("sub_…"), or the
	// subscription when expanded.
	Subscription *Expandable `json:"subscription"`
	// Invoice is the invoice's id ("in_…"), or the invoice when expanded.
	Invoice *Expandable `json:"invoice"`
	// SetupIntent is the SetupIntent's id ("seti_…"), or the SetupIntent
	// when expanded.
	SetupIntent *Expandable `json:"setup_intent"`
	// PaymentLink is the payment link's id ("plink_…"), or the payment
	// link when expanded.
	PaymentLink *Expandable `json:"payment_link"`
	// UIMode is the page's ui mode, e.g. "hosted_page".
	UIMode *string `json:"ui_mode"`
	// Locale is the page's language, e.g. "auto".
	Locale *string `json:"locale"`
	// SubmitType is the pay button's label, e.g. "pay".
	SubmitType *string `json:"submit_type"`

	// Raw is the session's JSON object exactly as received.
	Raw json.RawMessage `json:"-"`
	// Response is the exchange this session came from. For sessions
	// yielded by [SessionService.All] it is the response of their page;
	// for sessions inside a [SessionList] it is nil.
	Response *Response `json:"-"`
}

func (s *Session) setResponse(r *Response) { s.Response = r }

// UnmarshalJSON decodes the typed fields and keeps the object in Raw.
func (s *Session) UnmarshalJSON(b []byte) error {
	type plain Session
	if err := json.Unmarshal(b, (*plain)(s)); err != nil {
		return err
	}
	s.Raw = bytes.Clone(b)
	return nil
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

// LineItem is one item of a session. Like [Session], it keeps its own JSON
// in Raw, readable with [LineItem.Get].
type LineItem struct {
	// ID is the item's id, "li_…".
	ID string `json:"id"`
	// Object is always "item".
	Object string `json:"object"`
	// AmountSubtotal is the amount before discounts and taxes.
	AmountSubtotal int64 `json:"amount_subtotal"`
	// AmountTotal is the amount after discounts and taxes.
	AmountTotal int64 `json:"amount_total"`
	// AmountDiscount is the total discount.
	AmountDiscount int64 `json:"amount_discount"`
	// AmountTax is the total tax.
	AmountTax int64 `json:"amount_tax"`
	// Currency is a lowercase ISO currency code.
	Currency string `json:"currency"`
	// Description is usually the product's name.
	Description *string `json:"description"`
	// Quantity is the number of units bought.
	Quantity *int64 `json:"quantity"`
	// Price is the price used.
	Price *Price `json:"price"`

	// Raw is the item's JSON object exactly as received.
	Raw json.RawMessage `json:"-"`
	// Response is the response of the page this item came in (set by
	// [SessionService.AllLineItems] only).
	Response *Response `json:"-"`
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

// Price is a line item's price.
type Price struct {
	// ID is the price's id, "price_…".
	ID string `json:"id"`
	// Object is always "price".
	Object string `json:"object"`
	// Currency is a lowercase ISO currency code.
	Currency string `json:"currency"`
	// UnitAmount is the price of one unit in the currency's smallest unit.
	UnitAmount *int64 `json:"unit_amount"`
	// Product is the product's id ("prod_…"), or the product when
	// expanded.
	Product *Expandable `json:"product"`
	// Recurring is the billing period; nil for one-time prices.
	Recurring *Recurring `json:"recurring"`
	// Type is "one_time" or "recurring".
	Type string `json:"type"`
}

// Recurring is a recurring price's billing period.
type Recurring struct {
	// Interval is "day", "week", "month" or "year".
	Interval string `json:"interval"`
	// IntervalCount is the number of intervals between bills.
	IntervalCount int64 `json:"interval_count"`
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
	return out, nil
}

// List returns one page of sessions (GET /v1/checkout/sessions), newest
// first. See [SessionService.All] to iterate over every page.
func (s *SessionService) List(ctx context.Context, p *SessionListParams, opts ...RequestOption) (*SessionList, error) {
	if err := checkCursors(p.cursor()); err != nil {
		return nil, err
	}
	out := &SessionList{}
	if err := s.c.do(ctx, http.MethodGet, sessionsPath, p, out, opts); err != nil {
		return nil, err
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
	out := &LineItemList{}
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
