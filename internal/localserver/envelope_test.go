package localserver

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWallClock: with no Epoch the clock follows the wall clock (a fake
// one here), plus what it was advanced by; a session expires when the
// wall clock passes its expires_at, with its event.
func TestWallClock(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	clockNow = func() time.Time { return now }
	t.Cleanup(func() { clockNow = time.Now })
	var fired []Transition
	h := newHarness(t, func(o *Options) {
		o.Epoch = time.Time{}
		o.OnTransition = func(tr Transition) { fired = append(fired, tr) }
	})
	s := h.create(paymentForm)
	assert.Equal(t, float64(now.Unix()), s["created"])
	now = now.Add(time.Hour)
	assert.Equal(t, now, h.srv.Now(h.key))
	h.srv.Advance(h.key, 10*time.Minute)
	assert.Equal(t, now.Add(10*time.Minute), h.srv.Now(h.key), "advanced on top of the wall clock")
	now = now.Add(23 * time.Hour)
	got := h.ok(http.MethodGet, "/v1/checkout/sessions/"+s["id"].(string), "")
	assert.Equal(t, "expired", got["status"], "the wall clock passed expires_at")
	require.Len(t, fired, 1)
	assert.Equal(t, "expired", fired[0].To)
	now = now.Add(-time.Hour)
	assert.Equal(t, now.Add(time.Hour+10*time.Minute), h.srv.Now(h.key), "the clock never goes back")
}

// TestRequestIDs: every answer has its own Request-Id, errors link to it
// in request_log_url; under a fixed epoch the same requests get the same
// ids on a fresh server, under the wall clock they are random.
func TestRequestIDs(t *testing.T) {
	run := func(opts ...func(*Options)) []string {
		h := newHarness(t, opts...)
		var ids []string
		for _, r := range []reply{h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm),
			h.do(http.MethodGet, "/v1/checkout/sessions", ""), h.do(http.MethodGet, "/v1/checkout/sessions/cs_test_nope", "")} {
			ids = append(ids, r.Header.Get("Request-Id"))
		}
		return ids
	}
	a, b := run(), run()
	assert.Equal(t, a, b, "fixed epoch: deterministic")
	assert.Len(t, map[string]bool{a[0]: true, a[1]: true, a[2]: true}, 3, "one per request")
	wall := func(o *Options) { o.Epoch = time.Time{} }
	assert.NotEqual(t, run(wall), run(wall), "wall clock: random")
}

// TestKeys: with Options.Keys only those keys are accepted; any other
// gets Stripe's 401, masked to its last four characters.
func TestKeys(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.Keys = []string{"sk_test_123"} })
	h.create(paymentForm)
	r := h.doKey("sk_test_4eC39HqLyjWDarjtT1zdp7dc", http.MethodGet, "/v1/checkout/sessions", "")
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.Equal(t, map[string]any{"type": "invalid_request_error",
		"message": "Invalid API Key provided: sk_test_********************p7dc"}, errorOf(t, r))
	r = h.doKey("sk_test_nope", http.MethodPost, ControlPrefix+"clock", "seconds=1")
	assert.Equal(t, http.StatusUnauthorized, r.Status, "control endpoints too")
	assert.Equal(t, "sk_test_****", maskKey("sk_test_abcd"))
	assert.Equal(t, "rk_test_**cdef", maskKey("rk_test_abcdef"))
}

// TestFixedEpochTakesTheAppsClock: at a fixed epoch (what record uses), an
// expires_at an app computes from its own clock is accepted as sent, as
// it is at the wall clock; one out of bounds by both clocks is refused.
func TestFixedEpochTakesTheAppsClock(t *testing.T) {
	h := newHarness(t)
	exp := time.Now().Add(time.Hour).Unix()
	s := h.create(paymentForm + "&expires_at=" + strconv.FormatInt(exp, 10))
	assert.Equal(t, float64(exp), s["expires_at"])
	assert.Equal(t, float64(DefaultEpoch.Unix()), s["created"], "the clock stays fixed")
	r := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm+"&expires_at="+strconv.FormatInt(time.Now().Add(25*time.Hour).Unix(), 10))
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, msgExpiresTooLate, errorOf(t, r)["message"])
}

func TestEmptyIDIsStripesUnrecognizedURL(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, "/v1/checkout/sessions/"},
		{http.MethodPost, "/v1/checkout/sessions//expire"},
		{http.MethodGet, "/v1/customers/"},
	} {
		r := h.do(tc.method, tc.path, "")
		require.Equal(t, http.StatusNotFound, r.Status, "%s %s: %s", tc.method, tc.path, r.Body)
		want := map[string]any{"type": "invalid_request_error", "message": "Unrecognized request URL (" + tc.method + ": " + tc.path + "). " +
			"If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, " +
			"make sure you passed a valid (non-empty) identifier in your code. Please see https://stripe.com/docs or we can help at https://support.stripe.com/."}
		assert.Equal(t, want, errorOf(t, r), "%s %s", tc.method, tc.path)
	}
}
