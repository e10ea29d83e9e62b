package record

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/checkoutvcr/checkoutvcr/internal/drift"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
)

// derivedKeys makes the idempotency keys record derives for a scenario
// ([idempotencyKey]: checkoutvcr-<scenario>-<step>) depend on the request
// they are sent with: the transport appends to each a short hash
// ([requestHash]) of the method, the path and the form body in canonical
// form (keys sorted), with the ids a server makes up set aside, and of
// the hash of the scenario's request before it. A server that lives
// longer than one run (a checkoutserver you started) remembers keys; with
// the same key for a changed request it would answer Stripe's
// idempotency_error, so an edited scenario could never be re-recorded.
// Chaining makes every request after an edited one get a new key too
// (its path then holds another session's id). The hash is deterministic:
// re-recording an unchanged scenario sends the same keys, against any
// server, and writes the same bytes. A retry reuses its request's key.
// Keys a scenario gives itself (idempotency_key) are sent as they are.
type derivedKeys struct {
	mu   sync.Mutex
	keys map[string]string // derived key → the key sent ("" until sent)
	prev string            // hash of the last derived key's request
}

// derive wraps key so that each key it returns is known to the transport.
func (d *derivedKeys) derive(key func(*scenario.Scenario, *scenario.Step) string) func(*scenario.Scenario, *scenario.Step) string {
	return func(sc *scenario.Scenario, st *scenario.Step) string {
		k := key(sc, st)
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.keys == nil {
			d.keys = map[string]string{}
		}
		if _, ok := d.keys[k]; !ok {
			d.keys[k] = ""
		}
		return k
	}
}

// complete returns the key to send for derived key k with request r, and
// whether k is a derived key at all.
func (d *derivedKeys) complete(k string, r *http.Request) (string, bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	sent, ok := d.keys[k]
	if !ok || sent != "" {
		return sent, ok, nil
	}
	h, err := requestHash(d.prev, r)
	if err != nil {
		return "", true, err
	}
	d.prev = h
	d.keys[k] = k + "-" + h
	return d.keys[k], true, nil
}

// transport returns next with derived keys completed.
func (d *derivedKeys) transport(next http.RoundTripper) http.RoundTripper {
	return transportFunc(func(r *http.Request) (*http.Response, error) {
		k := r.Header.Get("Idempotency-Key")
		if k == "" {
			return next.RoundTrip(r)
		}
		sent, derived, err := d.complete(k, r)
		if err != nil {
			return nil, err
		}
		if !derived {
			return next.RoundTrip(r)
		}
		r = r.Clone(r.Context())
		r.Header.Set("Idempotency-Key", sent)
		return next.RoundTrip(r)
	})
}

// transportFunc is a function as an [http.RoundTripper].
type transportFunc func(*http.Request) (*http.Response, error)

func (f transportFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// requestHash is 8 hex digits of SHA-256 over prev, the method, the
// escaped path and query, and the body (a form body in canonical form:
// sorted keys, each key's values in order), ids and timestamps set aside
// ([drift.Stable]). The body is read through GetBody, so r can still be
// sent.
func requestHash(prev string, r *http.Request) (string, error) {
	var body []byte
	if r.GetBody != nil {
		rc, err := r.GetBody()
		if err != nil {
			return "", err
		}
		body, err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return "", err
		}
	}
	if form, err := url.ParseQuery(string(body)); err == nil {
		body = []byte(form.Encode())
	}
	h := sha256.New()
	for _, part := range []string{prev, r.Method, drift.Stable(r.URL.EscapedPath()), drift.Stable(r.URL.RawQuery), drift.Stable(string(body))} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:4]), nil
}
