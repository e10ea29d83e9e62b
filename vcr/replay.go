package vcr

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
)

// ErrNotFound means there is no cassette at the path given to [Replay]:
// it has not been recorded yet.
var ErrNotFound = errors.New("cassette not found")

// ReplayOptions configure [Replay]. The zero value names no command in
// errors about a broken cassette.
type ReplayOptions struct {
	// Rerecord is the command that re-records the cassette, named in the
	// error for one that is broken ("re-record it with <Rerecord>"), e.g.
	// "go test -run TestCheckout -record". "" means "the code that
	// recorded it".
	Rerecord string
}

// Replayer is an [http.RoundTripper] that answers requests from a
// cassette, offline: no network, no latency. Requests match recorded
// exchanges canonically, on method, path, query and form body, parsed so
// that parameter order does not matter while list positions
// (line_items[0] against line_items[1]) do; headers (Authorization,
// Idempotency-Key, User-Agent, X-Stripe-Client-*) are ignored. Identical
// requests replay in recorded order, each exchange at most once. A
// request with no recorded exchange fails with a [*MissError].
//
// A Replayer is safe for concurrent use.
type Replayer struct {
	rp        *cassette.Replayer
	transport http.RoundTripper
}

// Replay loads the cassette at path, a go-vcr v3 YAML file. A missing
// cassette is [ErrNotFound]; a broken one (not YAML, a merge-conflict
// marker, a wrong format version, an interaction without a response, a
// compressed or oversized body…) is a one-line error naming the file and,
// where there is one, the line.
func Replay(path string, opts ReplayOptions) (*Replayer, error) {
	hint := opts.Rerecord
	if hint == "" {
		hint = "the code that recorded it"
	}
	rp, err := cassette.ReplayWith(path, hint)
	if errors.Is(err, cassette.ErrNotFound) {
		return nil, fmt.Errorf("%s: %w", path, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &Replayer{rp: rp, transport: rp.Transport()}, nil
}

// RoundTrip answers req from the cassette.
func (p *Replayer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := p.transport.RoundTrip(req)
	var miss *cassette.MissError
	if errors.As(err, &miss) {
		return nil, (*MissError)(miss)
	}
	return resp, err
}

// MissError says that a request has no recorded exchange, and which
// unreplayed one came closest and how it differs, field by field:
//
//	no recorded interaction for POST /v1/checkout/sessions; closest is interaction 0: form line_items[0][quantity]: recorded 2, sent 3
//
// An [http.Client] wraps it in a [*url.Error]; find it with [errors.As].
type MissError struct {
	// Request is the request that was sent, e.g.
	// "POST /v1/checkout/sessions".
	Request string
	// Closest is the id (position in the cassette) of the closest
	// unreplayed exchange, or -1 if every one has been replayed. A
	// different method or path counts more than any number of differing
	// parameters.
	Closest int
	// Differences say how the closest exchange differs from the request,
	// e.g. "query limit: recorded 3, sent 10"; nil when Closest is -1.
	Differences []string
	// Err, if set, is why the request could not be read for matching.
	Err error
}

// Error says what was sent and, when there is one, which recorded
// exchange came closest and how it differs.
func (e *MissError) Error() string { return (*cassette.MissError)(e).Error() }

// Unwrap returns Err.
func (e *MissError) Unwrap() error { return e.Err }

// Exchanges returns the exchanges replayed so far, in order, in the form
// [contracts.Set.CheckExchange] checks: the recorded request's method,
// path and parameters, the recorded response's status, headers and body,
// and the cassette file, line and interaction id each came from.
func (p *Replayer) Exchanges() []contracts.Exchange {
	served := p.rp.Served()
	out := make([]contracts.Exchange, 0, len(served))
	for _, s := range served {
		ex := contracts.Exchange{
			Method: s.Method, Path: s.Path, Query: s.Query,
			Status: s.Status, Header: s.Header, Body: []byte(s.Body),
			File: s.File, Line: s.Line, Interaction: s.ID,
		}
		if s.Method != http.MethodGet {
			ex.Form = s.Params
		}
		out = append(out, ex)
	}
	return out
}

// Unused returns the recorded exchanges never replayed, in recorded
// order, each as "interaction 3: POST /v1/checkout/sessions/cs_1/expire".
// A test calls it at its end: an exchange nobody asks for any more means
// the code under test changed and the cassette is stale.
func (p *Replayer) Unused() []string {
	var out []string
	for _, u := range p.rp.Finish() {
		out = append(out, fmt.Sprintf("interaction %d: %s", u.ID, u.Request))
	}
	return out
}
