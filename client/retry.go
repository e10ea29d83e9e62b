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

// retryable reports whether a failed attempt may be tried again.
func retryable(ctx context.Context, r *Response, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var se *Error
	if errors.As(err, &se) {
		switch r.Header.Get("Stripe-Should-Retry") {
		case "true":
			return true
		case "false":
			return false
		}
		s := r.StatusCode
		return s == http.StatusConflict || s == http.StatusTooManyRequests || s >= 500
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
