package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/ctxsleep"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
	"github.com/checkoutvcr/checkoutvcr/webhooktest"
)

// Endpoint is one URL events are delivered to, with its signing secret.
type Endpoint struct {
	// URL is where events are POSTed, e.g. "http://127.0.0.1:4242/webhook".
	URL string
	// Secret signs every delivery; it starts with whsec_.
	Secret string
	// APIVersion is the endpoint's Stripe API version: its events carry it
	// in api_version and their data.object is rendered at it (by
	// [Options.Render]). "" means the account's default version: the
	// event as it was emitted.
	APIVersion string
}

// ParseEndpoint reads an endpoint written as URL=SECRET or
// URL=SECRET@VERSION, the form of the -webhook flag of cmd/checkoutserver
// and cmd/record: http://127.0.0.1:4242/webhook=whsec_test@2025-08-27.basil.
func ParseEndpoint(s string) (Endpoint, error) {
	// A URL may hold "=" in its query: the secret is after the last one.
	i := strings.LastIndex(s, "=")
	if i < 0 {
		return Endpoint{}, fmt.Errorf("webhook endpoint %q: want URL=whsec_… or URL=whsec_…@VERSION", redact.Display(s))
	}
	e := Endpoint{URL: s[:i], Secret: s[i+1:]}
	if j := strings.LastIndex(e.Secret, "@"); j >= 0 {
		e.Secret, e.APIVersion = e.Secret[:j], e.Secret[j+1:]
		if !contracts.ValidVersion(e.APIVersion) {
			return Endpoint{}, fmt.Errorf("webhook endpoint %s: %q after @ is not a Stripe API version (e.g. 2025-08-27.basil)", redact.Display(e.URL), e.APIVersion)
		}
		if err := contracts.Embedded().CheckReleased(e.APIVersion); err != nil {
			return Endpoint{}, fmt.Errorf("webhook endpoint %s: after @: %v", redact.Display(e.URL), err)
		}
	}
	return e, e.check()
}

func (e Endpoint) check() error {
	u, err := url.Parse(e.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("webhook endpoint %q: not an http(s) URL", redact.Display(e.URL))
	}
	if !strings.HasPrefix(e.Secret, webhooktest.SecretPrefix) || len(e.Secret) == len(webhooktest.SecretPrefix) {
		return fmt.Errorf("webhook endpoint %s: the signing secret must start with %s", redact.Display(e.URL), webhooktest.SecretPrefix)
	}
	return nil
}

// Options configure [New].
type Options struct {
	// Endpoints receive every event. At least one is required.
	Endpoints []Endpoint
	// Client sends the deliveries. Nil means a client with a 10-second
	// timeout (Stripe waits about as long) that follows no redirect: a
	// 3xx is a failed delivery, as on Stripe.
	Client *http.Client
	// Attempts is the most deliveries of one event to one endpoint, the
	// first included. Zero means 4 (Stripe keeps trying for three days;
	// this is bounded so a down endpoint never holds a run up).
	Attempts int
	// Backoff is the wait before the first retry; each next one doubles.
	// Zero means one second.
	Backoff time.Duration
	// Sleep waits d, or until ctx is done. Nil means a real timer; tests
	// inject one that only records.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the signing time of each attempt. Nil means time.Now: the
	// receiver checks the signature's age against its own clock, so this
	// is wall time, not the local server's clock.
	Now func() time.Time
	// Render, if set, renders an event body at an endpoint's API version
	// (localserver.RenderEvent: the events handed to the Sender are then
	// at the newest version). It is called for each endpoint with an
	// [Endpoint].APIVersion, or with DefaultVersion when the endpoint has
	// none. Nil sends every event as it is.
	Render func(event []byte, version string) []byte
	// DefaultVersion is the version of endpoints without one (the
	// account's default); "" leaves their events as they are.
	DefaultVersion string
	// Duplicates delivers every event of a batch twice, and Reorder swaps
	// each pair, as [webhooktest.Plan] orders them: real handlers must
	// survive both.
	Duplicates, Reorder bool
	// MaxPending bounds the batches [Sender.Go] holds, delivering or
	// waiting their turn; past it a batch is not delivered and each of
	// its deliveries is reported failed with [ErrQueueFull], so that an
	// endpoint that hangs cannot make memory grow without bound. Zero
	// means 1,000.
	MaxPending int
}

// ErrQueueFull is the error of a delivery [Sender.Go] did not attempt
// because Options.MaxPending batches were already pending.
var ErrQueueFull = errors.New("not delivered: the delivery queue is full (the endpoint is slower than the events arrive)")

// Attempt is one POST of an event to an endpoint.
type Attempt struct {
	// Status is the endpoint's status code; 0 when there was no answer.
	Status int
	// Err is why the attempt failed (a network error, a non-2xx status);
	// nil when it was delivered.
	Err error
	// Wait is how long the sender waited before this attempt.
	Wait time.Duration
}

// Result is the delivery of one event to one endpoint.
type Result struct {
	// Endpoint is the endpoint's URL as it may be printed ([redact.Display]).
	Endpoint string
	Event    webhooktest.Event
	// Duplicate is true for an event's second delivery (Options.Duplicates).
	Duplicate bool
	// Attempts are the tries, in order; the last one succeeded when
	// Delivered.
	Attempts  []Attempt
	Delivered bool
}

// Sender delivers events to endpoints like Stripe: a signed POST per
// event and endpoint, retried with exponential backoff while the
// endpoint fails. It is safe for concurrent use.
type Sender struct {
	opts    Options
	mu      sync.Mutex // one batch at a time, so deliveries keep their order
	wg      sync.WaitGroup
	pending atomic.Int64 // batches Go holds
}

// New checks opts and returns a Sender.
func New(opts Options) (*Sender, error) {
	if len(opts.Endpoints) == 0 {
		return nil, errors.New("webhook: no endpoints")
	}
	for _, e := range opts.Endpoints {
		if err := e.check(); err != nil {
			return nil, err
		}
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if opts.Attempts <= 0 {
		opts.Attempts = 4
	}
	if opts.Backoff <= 0 {
		opts.Backoff = time.Second
	}
	if opts.MaxPending <= 0 {
		opts.MaxPending = 1000
	}
	if opts.Sleep == nil {
		opts.Sleep = ctxsleep.Sleep
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Sender{opts: opts}, nil
}

// Deliver sends a batch of events (the events one call emitted, in
// emission order) to every endpoint, in the order of
// [webhooktest.Plan], and returns what happened, per endpoint then per
// delivery. Retries of one event finish before the next event is sent.
func (s *Sender) Deliver(ctx context.Context, events []webhooktest.Event) []Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Result
	for _, e := range s.opts.Endpoints {
		seen := map[int]bool{}
		at := s.atVersion(e, events)
		for _, i := range webhooktest.Plan(len(events), s.opts.Duplicates, s.opts.Reorder) {
			r := s.deliver(ctx, e, at[i])
			r.Duplicate = seen[i]
			seen[i] = true
			out = append(out, r)
		}
	}
	return out
}

// atVersion is events rendered at endpoint e's API version (see
// [Options].Render).
func (s *Sender) atVersion(e Endpoint, events []webhooktest.Event) []webhooktest.Event {
	v := e.APIVersion
	if v == "" {
		v = s.opts.DefaultVersion
	}
	if s.opts.Render == nil || v == "" {
		return events
	}
	out := make([]webhooktest.Event, len(events))
	for i, ev := range events {
		ev.Body = s.opts.Render(ev.Body, v)
		out[i] = ev
	}
	return out
}

// Go delivers a batch in the background, as Stripe does, and reports
// each result to report (if not nil). [Sender.Wait] waits for every
// batch started. Past Options.MaxPending pending batches, the batch is
// not delivered: each of its deliveries is reported at once, failed with
// [ErrQueueFull].
func (s *Sender) Go(ctx context.Context, events []webhooktest.Event, report func(Result)) {
	if s.pending.Add(1) > int64(s.opts.MaxPending) {
		s.pending.Add(-1)
		for _, e := range s.opts.Endpoints {
			for _, ev := range events {
				if report != nil {
					report(Result{Endpoint: redact.Display(e.URL), Event: ev, Attempts: []Attempt{{Err: ErrQueueFull}}})
				}
			}
		}
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.pending.Add(-1)
		for _, r := range s.Deliver(ctx, events) {
			if report != nil {
				report(r)
			}
		}
	}()
}

// Wait waits for the batches [Sender.Go] started.
func (s *Sender) Wait() { s.wg.Wait() }

// deliver sends one event to one endpoint until it is accepted or the
// attempts run out.
func (s *Sender) deliver(ctx context.Context, e Endpoint, ev webhooktest.Event) Result {
	r := Result{Endpoint: redact.Display(e.URL), Event: ev}
	wait := time.Duration(0)
	for n := range s.opts.Attempts {
		if n > 0 {
			wait = s.opts.Backoff << (n - 1)
			if err := s.opts.Sleep(ctx, wait); err != nil {
				r.Attempts = append(r.Attempts, Attempt{Err: err, Wait: wait})
				return r
			}
		}
		status, err := s.post(ctx, e, ev)
		r.Attempts = append(r.Attempts, Attempt{Status: status, Err: err, Wait: wait})
		if err == nil {
			r.Delivered = true
			return r
		}
	}
	return r
}

// post makes one signed POST and reads (a bounded part of) the answer.
func (s *Sender) post(ctx context.Context, e Endpoint, ev webhooktest.Event) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader(ev.Body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", webhooktest.UserAgent)
	req.Header.Set(webhooktest.SignatureHeader, webhooktest.Sign(ev.Body, e.Secret, s.opts.Now()))
	resp, err := s.opts.Client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) { // it names the URL, credentials included
			ue.URL = redact.Display(e.URL)
		}
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("endpoint answered %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}
