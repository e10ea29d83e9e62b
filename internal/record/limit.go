package record

import (
	"net/http"
	"time"
)

// limit returns the transport record sends through, paced to the rate
// that applies to base (see [Options].RateLimit).
func limit(opts Options, base string) http.RoundTripper {
	rt := opts.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	rate := opts.RateLimit
	if rate == 0 && !isLocal(base) {
		rate = DefaultStripeRate
	}
	if rate <= 0 {
		return rt
	}
	return &paced{next: rt, tick: time.NewTicker(time.Duration(float64(time.Second) / rate))}
}

// paced lets one request through per tick, whichever worker sends it.
type paced struct {
	next http.RoundTripper
	tick *time.Ticker
}

func (p *paced) RoundTrip(r *http.Request) (*http.Response, error) {
	select {
	case <-p.tick.C:
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	return p.next.RoundTrip(r)
}
