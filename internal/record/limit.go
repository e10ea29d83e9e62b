package record

import (
	"net/http"

	"golang.org/x/time/rate"
)

// limit returns the transport record sends through, paced to the rate
// that applies to base (see [Options].RateLimit).
func limit(opts Options, base string) http.RoundTripper {
	rt := opts.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	perSecond := opts.RateLimit
	if perSecond == 0 && !isLocal(base) {
		perSecond = DefaultStripeRate
	}
	if perSecond <= 0 {
		return rt
	}
	return &paced{next: rt, lim: rate.NewLimiter(rate.Limit(perSecond), 1)}
}

// paced lets requests through at the limiter's rate, one at a time,
// whichever worker sends them.
type paced struct {
	next http.RoundTripper
	lim  *rate.Limiter
}

func (p *paced) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := p.lim.Wait(r.Context()); err != nil {
		return nil, err
	}
	return p.next.RoundTrip(r)
}
