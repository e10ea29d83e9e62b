package localserver

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// clockNow is the account's time source when the server follows the wall
// clock: time.Now, replaceable in tests.
var clockNow = time.Now

// refreshClock brings an account's clock up to the wall clock (plus what
// it was advanced by), when the server follows the wall clock, and
// expires the sessions that time reached; their transitions wait in
// a.pending for [Server.firePending]. Clocks never go back. The caller
// holds s.mu.
func (s *Server) refreshClock(a *account) {
	if s.fixed {
		return
	}
	t := clockNow().Unix() + a.skew
	if t > MaxClock {
		t = MaxClock
	}
	if t > a.now {
		a.now = t
		a.pending = append(a.pending, s.tick(a)...)
	}
}

// firePending reports the transitions the wall clock caused in key's
// account since the last call.
func (s *Server) firePending(key string) {
	s.mu.Lock()
	a := s.account(key)
	ts := a.pending
	a.pending = nil
	s.mu.Unlock()
	s.fire(ts)
}

// newRequestID is the Request-Id of the next request of key's account,
// and the account's time: random under the wall clock, derived from the
// account and a counter under a fixed epoch, so re-recording repeats it.
func (s *Server) newRequestID(key string) (string, int64) {
	if s.keys != nil && !s.keys[key] {
		// A refused key gets no account (and no state) of its own.
		return "req_" + randomToken(14), clockNow().Unix()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(key)
	a.reqSeq++
	if s.fixed {
		return "req_" + token(14, a.id, "req", strconv.Itoa(a.reqSeq)), a.now
	}
	return "req_" + randomToken(14), a.now
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// randomToken is n random base62 characters.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = base62[int(b[i])%len(base62)]
	}
	return string(b)
}

// maskKey shows a key as Stripe's 401 does: its prefix (sk_test_) and
// last four characters, one * per character hidden.
func maskKey(key string) string {
	prefix := ""
	if i := strings.Index(key, "_"); i >= 0 {
		if j := strings.Index(key[i+1:], "_"); j >= 0 {
			prefix = key[:i+1+j+1]
		}
	}
	rest := key[len(prefix):]
	if len(rest) <= 4 {
		return prefix + strings.Repeat("*", len(rest))
	}
	return prefix + strings.Repeat("*", len(rest)-4) + rest[len(rest)-4:]
}

// checkKey is Stripe's 401 for a key outside [Options.Keys], when that
// set is given. A request with no key at all is left to stripe-mock,
// which answers Stripe's own 401 for it.
func (s *Server) checkKey(key string) *apiError {
	if s.keys == nil || key == "" || s.keys[key] {
		return nil
	}
	return &apiError{Status: http.StatusUnauthorized, Type: "invalid_request_error",
		Message: fmt.Sprintf(msgInvalidAPIKey, maskKey(key))}
}

// envelopeWriter adds request_log_url to every error body, as Stripe
// does: errors are buffered until [envelopeWriter.finish].
type envelopeWriter struct {
	http.ResponseWriter
	logURL string
	status int
	buf    bytes.Buffer
}

func (w *envelopeWriter) WriteHeader(status int) {
	if w.status != 0 {
		return
	}
	w.status = status
	if status < 400 {
		w.ResponseWriter.WriteHeader(status)
	}
}

func (w *envelopeWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.status < 400 {
		return w.ResponseWriter.Write(b)
	}
	return w.buf.Write(b)
}

// finish writes a buffered error, with request_log_url in its error
// object when the body is one.
func (w *envelopeWriter) finish() {
	if w.status < 400 {
		return
	}
	body := w.buf.Bytes()
	if obj, err := decodeObject(body); err == nil {
		if e, ok := obj["error"].(map[string]any); ok {
			e["request_log_url"] = w.logURL
			body = encode(obj)
		}
	}
	w.Header().Del("Content-Length")
	w.ResponseWriter.WriteHeader(w.status)
	w.ResponseWriter.Write(body)
}
