package client

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

const (
	// initialRetryDelay is the base delay before the first retry; it
	// doubles on each further retry up to maxRetryDelay.
	initialRetryDelay = 500 * time.Millisecond
	maxRetryDelay     = 5 * time.Second
	// maxRetryAfter caps how long a Retry-After header can make us wait.
	maxRetryAfter = 60 * time.Second
)

// ShouldRetry reports whether the client retries a call whose response
// arrived with this HTTP status and these headers. It is the part of the
// retry rule that depends on the response alone, shared with tools that
// must agree with the client (a recorder deciding which captured
// exchanges the client went on to retry):
//
//   - A 2xx status is never retried, whatever the headers say.
//   - Otherwise "Stripe-Should-Retry: true" means retry and
//     "Stripe-Should-Retry: false" means do not, whatever the status.
//   - Without that header (or with another value), 409 Conflict (e.g. a
//     lock timeout), 429 Too Many Requests and any 5xx are retried; every
//     other status is not.
//
// h may be nil. The rest of the rule is not about the response: a call is
// also retried after a network failure in which no response arrived, is
// never retried once its context is done, and is retried at most
// [Options].MaxRetries times.
func ShouldRetry(status int, h http.Header) bool {
	if status >= 200 && status <= 299 {
		return false
	}
	switch h.Get("Stripe-Should-Retry") {
	case "true":
		return true
	case "false":
		return false
	}
	return status == http.StatusConflict || status == http.StatusTooManyRequests || status >= 500
}

// retryable reports whether a failed attempt may be tried again: an error
// status by [ShouldRetry], a transport failure by [isNetworkError].
func retryable(ctx context.Context, r *Response, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var se *Error
	if errors.As(err, &se) {
		return ShouldRetry(r.StatusCode, r.Header)
	}
	return isNetworkError(err)
}

// isNetworkError reports whether err is a failure of the connection itself
// (refused, reset, closed early, timed out), as opposed to, say, a replay
// transport reporting that it has no recorded interaction.
func isNetworkError(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	for _, target := range []error{io.EOF, io.ErrUnexpectedEOF, syscall.ECONNRESET, syscall.ECONNREFUSED, syscall.EPIPE} {
		if errors.Is(err, target) {
			return true
		}
	}
	var ue *url.Error
	return errors.As(err, &ue) && ue.Timeout()
}

// delay is how long to wait before retry number attempt+1. A Retry-After
// in the future (whole seconds, or an HTTP date read against c.now) is
// honoured exactly, up to one minute; otherwise the delay is
// 500ms·2^attempt, capped at 5s, scaled by a random factor in [0.5, 1).
func (c *Client) delay(attempt int, r *Response) time.Duration {
	if r != nil {
		if ra := r.Header.Get("Retry-After"); ra != "" {
			if s, err := strconv.Atoi(ra); err == nil && s > 0 {
				return min(time.Duration(min(s, 3600))*time.Second, maxRetryAfter)
			}
			if t, err := http.ParseTime(ra); err == nil {
				if d := t.Sub(c.now()); d > 0 {
					return min(d, maxRetryAfter)
				}
			}
		}
	}
	d := maxRetryDelay
	if attempt < 10 {
		d = min(initialRetryDelay<<attempt, maxRetryDelay)
	}
	return time.Duration(float64(d) * (0.5 + 0.5*c.rand()))
}
