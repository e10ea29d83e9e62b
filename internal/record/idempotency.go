package record

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
)

// derivedKeys makes the idempotency keys record derives for a scenario
// ([idempotencyKey]: checkoutvcr-<scenario>-<step>) depend on the request
// they are sent with: the transport appends to each a short hash of the
// method, the path and the form body in canonical form (keys sorted). A
// server that lives longer than one run (a checkoutserver you started)
// remembers keys; with the same key for a changed request it would answer
// Stripe's idempotency_error, so an edited scenario could never be
// re-recorded. The hash is deterministic: re-recording an unchanged
// scenario sends the same keys, and writes the same bytes. Keys a
// scenario gives itself (idempotency_key) are sent as they are.
type derivedKeys struct {
	mu   sync.Mutex
	keys map[string]bool
}

// derive wraps key so that each key it returns is known to the transport.
func (d *derivedKeys) derive(key func(*scenario.Scenario, *scenario.Step) string) func(*scenario.Scenario, *scenario.Step) string {
	return func(sc *scenario.Scenario, st *scenario.Step) string {
		k := key(sc, st)
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.keys == nil {
			d.keys = map[string]bool{}
		}
		d.keys[k] = true
		return k
	}
}

func (d *derivedKeys) derived(k string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.keys[k]
}

// transport returns next with derived keys completed by [requestHash].
func (d *derivedKeys) transport(next http.RoundTripper) http.RoundTripper {
	return transportFunc(func(r *http.Request) (*http.Response, error) {
		k := r.Header.Get("Idempotency-Key")
		if k == "" || !d.derived(k) {
			return next.RoundTrip(r)
		}
		h, err := requestHash(r)
		if err != nil {
			return nil, err
		}
		r = r.Clone(r.Context())
		r.Header.Set("Idempotency-Key", k+"-"+h)
		return next.RoundTrip(r)
	})
}

// transportFunc is a function as an [http.RoundTripper].
type transportFunc func(*http.Request) (*http.Response, error)

func (f transportFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// requestHash is 8 hex digits of SHA-256 over the method, the escaped
// path and query, and the body: a form body in canonical form (sorted
// keys, each key's values in order), any other body as it is. The body
// is read through GetBody, so r can still be sent.
func requestHash(r *http.Request) (string, error) {
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
	for _, part := range [][]byte{[]byte(r.Method), []byte(r.URL.EscapedPath()), []byte(r.URL.RawQuery), body} {
		h.Write(part)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:4]), nil
}
