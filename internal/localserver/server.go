package localserver

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/localserver/control"
)

// ControlPrefix starts the path of every local-only control endpoint
// ([control.Prefix]). No Stripe path starts with it, so a control request
// can never be mistaken for an API call; stripe-mock never sees one.
const ControlPrefix = control.Prefix

// DefaultEpoch is the fixed epoch record runs the server at
// ([Options.Epoch]): 2026-01-01T00:00:00Z.
var DefaultEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// maxBody bounds every body read, from clients and from stripe-mock.
const maxBody = 8 << 20

// Options configure [New].
type Options struct {
	// StripeMock is the base URL of the stripe-mock every /v1 request is
	// first sent to, e.g. "http://127.0.0.1:12111". Required.
	StripeMock string
	// Transport carries the requests to stripe-mock. Nil means
	// http.DefaultTransport.
	Transport http.RoundTripper
	// Epoch, when set, fixes each account's clock: it starts there and
	// moves only through [Server.Advance] or the clock control endpoint,
	// and ids and Request-Ids are derived from the account and counters,
	// so a request sequence always gives the same bytes (what record
	// uses, with [DefaultEpoch]). Zero means the wall clock: each
	// account's clock is the time now plus what it was advanced by, and
	// Request-Ids are random.
	Epoch time.Time
	// Keys, when not nil, are the only API keys the server accepts; any
	// other gets Stripe's 401 "Invalid API Key provided: sk_test_****…".
	// Nil accepts every key (each its own account).
	Keys []string
	// OnTransition, if set, is called after a session changes status
	// (open to complete or expired), outside the server's lock, on the
	// goroutine of the request (or [Server.Advance] call) that caused
	// it; the transitions one call causes come in the order they
	// happened. It must be safe for concurrent use. Nil means no hook.
	OnTransition func(Transition)
	// OnEvents, if set, is called with the events one call emitted (a
	// pay, an expire, a clock advance), in the order they were emitted,
	// after OnTransition and under the same conditions: outside the lock,
	// on the caller's goroutine. It is where webhook delivery hooks in
	// (see internal/webhook). Nil means events are only kept, for GET
	// /v1/events.
	OnEvents func([]Event)
	// PendingWebhooks is the pending_webhooks of every event: the number
	// of endpoints it is delivered to. Zero means none.
	PendingWebhooks int
	// APIVersion is the account's default Stripe API version: what a
	// request without a Stripe-Version header is answered at, and the
	// api_version of the events [Options.OnEvents] and [Server.Events]
	// give (a webhook endpoint may render them at its own version with
	// [RenderEvent]). Empty means [NewestVersion]. See "Versions" in the
	// package documentation.
	APIVersion string
}

// Transition is one status change of a session, passed to
// [Options.OnTransition], with the events it emitted.
type Transition struct {
	// Account names the account the session belongs to (see [AccountID]).
	Account string
	// Session is the session's id.
	Session string
	// From and To are the statuses before and after: "open" → "complete"
	// or "expired".
	From, To string
	// At is the account's clock when the transition happened.
	At time.Time
	// Object is the session as the API would now return it.
	Object json.RawMessage
	// Events are the events the transition emitted, in order: one, or
	// for a delayed payment two (completed, then
	// async_payment_succeeded or async_payment_failed).
	Events []Event
}

// Server is the stateful Checkout Sessions server: an [http.Handler] made
// by [New]. It is safe for concurrent use.
type Server struct {
	mock     *url.URL
	client   *http.Client
	epoch    int64
	fixed    bool            // Options.Epoch was set: no wall clock
	keys     map[string]bool // Options.Keys; nil accepts every key
	hook     func(Transition)
	onEvents func([]Event)
	// apiVersion and pendingWebhooks fill every event envelope.
	apiVersion      string
	pendingWebhooks int
	mu              sync.Mutex // guards accounts and the bases
	accounts        map[string]*account
	baseItem        map[string]any            // stripe-mock's line item, the shape of every item
	basePrice       map[string]any            // stripe-mock's price, the shape of inline prices
	bases           map[string]map[string]any // see intentBases
}

// New returns a server layered over the stripe-mock at opts.StripeMock.
func New(opts Options) (*Server, error) {
	if opts.StripeMock == "" {
		return nil, errors.New("localserver: Options.StripeMock is empty: a stripe-mock base URL is required")
	}
	u, err := url.Parse(opts.StripeMock)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("localserver: Options.StripeMock %q is not an http(s) base URL", opts.StripeMock)
	}
	tr := opts.Transport
	if tr == nil {
		tr = http.DefaultTransport
	}
	epoch := opts.Epoch
	fixed := !epoch.IsZero()
	if !fixed {
		epoch = clockNow()
	}
	var keys map[string]bool
	if opts.Keys != nil {
		keys = map[string]bool{}
		for _, k := range opts.Keys {
			keys[k] = true
		}
	}
	version := opts.APIVersion
	if version == "" {
		version = NewestVersion()
	} else if err := contracts.Embedded().CheckReleased(version); err != nil {
		return nil, fmt.Errorf("localserver: Options.APIVersion: %w", err)
	}
	return &Server{
		apiVersion:      version,
		pendingWebhooks: opts.PendingWebhooks,
		onEvents:        opts.OnEvents,
		mock:            u,
		client:          &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		epoch:           epoch.Unix(),
		fixed:           fixed,
		keys:            keys,
		hook:            opts.OnTransition,
		accounts:        map[string]*account{},
	}, nil
}

// AccountID is the name of the account an API key selects: a short hash
// of the key, so that the key itself appears in no id and no log. Every
// distinct key is its own account with its own sessions, clock and
// idempotency keys.
func AccountID(key string) string {
	sum := sha256.Sum256([]byte("checkoutvcr-account\x00" + key))
	return "acct_" + hex.EncodeToString(sum[:8])
}

// apiKey returns the key of a request: the bearer token, or the user of
// basic auth (curl -u sk_test_…:), or "" when there is none.
func apiKey(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if k, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(k)
	}
	if user, _, ok := r.BasicAuth(); ok {
		return user
	}
	return ""
}

// account returns the state of the account key selects, making it on
// first use. The caller holds s.mu.
func (s *Server) account(key string) *account {
	id := AccountID(key)
	a, ok := s.accounts[id]
	if !ok {
		a = newAccount(id, s.epoch)
		s.accounts[id] = a
	}
	s.refreshClock(a)
	return a
}

// Advance moves the clock of the account key selects forward by d (whole
// seconds; a negative d counts as 0: clocks never go back) and expires the
// open sessions whose expires_at it reaches. It returns the account's new
// time. The clock stops at [MaxClock].
func (s *Server) Advance(key string, d time.Duration) time.Time {
	now, _ := s.advanceSeconds(key, min(max(0, int64(d/time.Second)), MaxClock-s.Now(key).Unix()))
	return now
}

// MaxClock is the latest an account's clock goes, in Unix seconds:
// 9999-12-31T23:59:59Z. [Server.Advance] stops there; the clock control
// endpoint refuses, with a 400, seconds that would go past it.
const MaxClock = 253402300799

// advanceSeconds moves key's clock n ≥ 0 seconds on, unless that would
// pass [MaxClock]: then the clock is left alone and ok is false.
func (s *Server) advanceSeconds(key string, n int64) (t time.Time, ok bool) {
	s.mu.Lock()
	a := s.account(key)
	if n > MaxClock-a.now {
		now := a.now
		s.mu.Unlock()
		return time.Unix(now, 0).UTC(), false
	}
	a.now += n
	a.skew += n
	ts := s.tick(a)
	now := a.now
	s.mu.Unlock()
	s.firePending(key) // what the wall clock did first
	s.fire(ts)
	return time.Unix(now, 0).UTC(), true
}

// Now returns the clock of the account key selects.
func (s *Server) Now(key string) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Unix(s.account(key).now, 0).UTC()
}

// fire calls the transition hook, then the events hook with every event
// of ts, outside the lock.
func (s *Server) fire(ts []Transition) {
	var evs []Event
	for _, t := range ts {
		if s.hook != nil {
			s.hook(t)
		}
		evs = append(evs, t.Events...)
	}
	if s.onEvents != nil && len(evs) > 0 {
		s.onEvents(evs)
	}
}

// ServeHTTP answers one request: a control request under [ControlPrefix],
// a Checkout Sessions operation, or any other path, which stripe-mock
// answers alone.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, &apiError{Status: http.StatusRequestEntityTooLarge, Type: "invalid_request_error", Message: "The request body is too large."})
		return
	}
	key := apiKey(r)
	reqID, now := s.newRequestID(key)
	w.Header().Set("Request-Id", reqID)
	r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, reqID))
	ew := &envelopeWriter{ResponseWriter: w, logURL: fmt.Sprintf(requestLogURLFormat, reqID, now)}
	defer ew.finish()
	w = ew
	// Versions (version.go): answer at the request's Stripe-Version.
	vw, r, body, verr := s.versioned(w, r, body)
	defer vw.finish()
	w = vw
	if verr != nil {
		writeError(w, verr)
		return
	}
	if aerr := s.checkKey(key); aerr != nil {
		writeError(w, aerr)
		return
	}
	defer s.firePending(key)
	if control.IsControl(r.URL.Path) {
		s.control(w, r, body)
		return
	}
	route, id := matchRoute(r.Method, r.URL.Path)
	if route == nil && emptySegment(r.URL.Path) {
		// GET /v1/checkout/sessions/ (an empty id): Stripe's long
		// message, where stripe-mock gives only its first sentence.
		writeError(w, unrecognizedURL(r.Method, r.URL.Path))
		return
	}
	if route == nil {
		resp, err := s.forward(r.Context(), r, body)
		if err != nil {
			writeError(w, mockDown(err))
			return
		}
		resp.write(w)
		return
	}
	s.serveOp(w, r, body, route, id)
}

// mockResponse is a response read in full from stripe-mock.
type mockResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// write copies the response to w, with its body as [mockResponse.stripeBody]
// makes it. Of the headers, Content-Length is recomputed, and Date and
// Stripe-Mock-Version are left out, so that every answer of this server,
// passed through or not, carries the same headers (Content-Type,
// Request-Id).
func (m *mockResponse) write(w http.ResponseWriter) {
	for k, vs := range m.Header {
		switch k {
		case "Content-Length", "Date", "Stripe-Mock-Version", "Request-Id":
			continue
		}
		w.Header()[k] = vs
	}
	w.WriteHeader(m.Status)
	w.Write(m.stripeBody())
}

// stripeBody is the body with the validator address left out (stripe-mock
// names the validator that refused a request by its memory address,
// "validator 0xc000a1b2c3 failed", which differs on every run), and, for a
// validation error whose message names the offending property ("object
// property 'mode' validation failed"), that property as the error's param,
// where Stripe puts it.
func (m *mockResponse) stripeBody() []byte {
	body := validatorAddr.ReplaceAll(m.Body, []byte("validator failed"))
	if m.Status != http.StatusBadRequest {
		return body
	}
	obj, err := decodeObject(body)
	if err != nil {
		return body
	}
	e, _ := obj["error"].(map[string]any)
	msg, _ := e["message"].(string)
	if e == nil || e["param"] != nil {
		return body
	}
	sm := propertyName.FindStringSubmatch(msg)
	if sm == nil {
		return body
	}
	e["param"] = sm[1]
	return encode(obj)
}

// propertyName finds the property a stripe-mock validation error names.
var propertyName = regexp.MustCompile(`^Request validation error: validator failed: object property '([^']+)' validation failed`)

// validatorAddr is the address in stripe-mock's validation errors.
var validatorAddr = regexp.MustCompile(`validator 0x[0-9a-f]+ failed`)

// forward sends the request to stripe-mock as it came, body included.
func (s *Server) forward(ctx context.Context, r *http.Request, body []byte) (*mockResponse, error) {
	u := *s.mock
	u.Path = strings.TrimSuffix(s.mock.Path, "/") + r.URL.Path
	u.RawPath = ""
	u.RawQuery = r.URL.RawQuery
	req, err := http.NewRequestWithContext(ctx, r.Method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for _, h := range []string{"Authorization", "Content-Type", "Stripe-Version", "Stripe-Account", "Idempotency-Key", "Accept"} {
		if v := r.Header.Values(h); len(v) > 0 {
			req.Header[h] = v
		}
	}
	if len(body) == 0 && req.Header.Get("Content-Type") == "" && r.Method == http.MethodPost {
		// Stripe takes a POST with no body and no Content-Type (its docs'
		// `curl -X POST …/expire -u sk_test_…:`); stripe-mock refuses one.
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return s.do(req)
}

// get asks stripe-mock for a resource with the caller's credentials.
func (s *Server) get(ctx context.Context, r *http.Request, path string) (*mockResponse, error) {
	u := *s.mock
	u.Path = strings.TrimSuffix(s.mock.Path, "/") + path
	u.RawQuery = ""
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	for _, h := range []string{"Authorization", "Stripe-Version"} {
		if v := r.Header.Values(h); len(v) > 0 {
			req.Header[h] = v
		}
	}
	return s.do(req)
}

func (s *Server) do(req *http.Request) (*mockResponse, error) {
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxBody {
		return nil, fmt.Errorf("stripe-mock answered %s with more than %d bytes", req.URL.Path, maxBody)
	}
	return &mockResponse{Status: resp.StatusCode, Header: resp.Header.Clone(), Body: b}, nil
}

// mockDown is the answer when stripe-mock cannot be reached: a 502 in
// Stripe's error shape, so clients report it like any API error.
func mockDown(err error) *apiError {
	return &apiError{Status: http.StatusBadGateway, Type: "api_error",
		Message: "The local Checkout server could not reach stripe-mock: " + err.Error()}
}

// decodeObject parses a JSON object, keeping numbers exact.
func decodeObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("not a JSON object")
	}
	return m, nil
}

// encode renders a response body the way stripe-mock and Stripe do: two
// spaces of indent, keys sorted, a final newline.
func encode(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("localserver: encode: %v", err)) // only JSON-safe values are ever built
	}
	return buf.Bytes()
}

// token is a deterministic base62-looking string of n characters derived
// from parts.
func token(n int, parts ...string) string {
	var out strings.Builder
	for i := 0; out.Len() < n; i++ {
		sum := sha256.Sum256([]byte(fmt.Sprint(i, "\x00", strings.Join(parts, "\x00"))))
		s := base64.RawURLEncoding.EncodeToString(sum[:])
		s = strings.NewReplacer("-", "", "_", "").Replace(s)
		out.WriteString(s)
	}
	return out.String()[:n]
}
