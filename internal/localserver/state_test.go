package localserver

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdempotency(t *testing.T) {
	h := newHarness(t)
	first := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm, "Idempotency-Key", "k1")
	require.Equal(t, http.StatusOK, first.Status)
	assert.Empty(t, first.Header.Get("Idempotent-Replayed"))

	// The same parameters in another order are the same request.
	reordered := strings.Join(reverse(strings.Split(paymentForm, "&")), "&")
	again := h.do(http.MethodPost, "/v1/checkout/sessions", reordered, "Idempotency-Key", "k1")
	assert.Equal(t, http.StatusOK, again.Status)
	assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
	assert.Equal(t, string(first.Body), string(again.Body))
	assert.Len(t, ids(h.ok(http.MethodGet, "/v1/checkout/sessions", "")), 1, "a replay creates nothing")

	other := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm+"&metadata[x]=1", "Idempotency-Key", "k1")
	assert.Equal(t, http.StatusBadRequest, other.Status)
	assert.Equal(t, map[string]any{"type": "idempotency_error",
		"message": "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'k1' if you meant to execute a different request."}, errorOf(t, other))

	id := first.JSON()["id"].(string)
	elsewhere := h.do(http.MethodPost, "/v1/checkout/sessions/"+id, paymentForm, "Idempotency-Key", "k1")
	assert.Equal(t, http.StatusBadRequest, elsewhere.Status)
	assert.Equal(t, fmt.Sprintf("Keys for idempotent requests can only be used for the same endpoint they were first used for ('/v1/checkout/sessions' vs '/v1/checkout/sessions/%s'). Try using a key other than 'k1' if you meant to execute a different request.", id), errorOf(t, elsewhere)["message"])

	empty := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm, "Idempotency-Key", "")
	assert.Equal(t, http.StatusBadRequest, empty.Status)
	assert.Equal(t, "idempotency_error", errorOf(t, empty)["type"])
	assert.Contains(t, errorOf(t, empty)["message"], "Idempotent key length is 0 characters long")
	long := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm, "Idempotency-Key", strings.Repeat("x", 256))
	assert.Contains(t, errorOf(t, long)["message"], "Idempotent key length is 256 characters long")
}

func TestIdempotencyForgetsValidationFailures(t *testing.T) {
	h := newHarness(t)
	tooSoon := paymentForm + fmt.Sprintf("&expires_at=%d", DefaultEpoch.Unix()+60)
	for _, bad := range []string{tooSoon, "mode=bogus"} { // ours, then stripe-mock's
		r := h.do(http.MethodPost, "/v1/checkout/sessions", bad, "Idempotency-Key", "k")
		require.Equal(t, http.StatusBadRequest, r.Status)
	}
	ok := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm, "Idempotency-Key", "k")
	assert.Equal(t, http.StatusOK, ok.Status, "a corrected request may reuse the key: %s", ok.Body)
	assert.Empty(t, ok.Header.Get("Idempotent-Replayed"))
}

func TestIdempotencyRemembersOutcomesAndIgnoresGET(t *testing.T) {
	h := newHarness(t)
	id := h.create(paymentForm)["id"].(string)
	p := "/v1/checkout/sessions/" + id + "/expire"
	first := h.do(http.MethodPost, p, "", "Idempotency-Key", "e")
	require.Equal(t, http.StatusOK, first.Status)
	replay := h.do(http.MethodPost, p, "", "Idempotency-Key", "e")
	assert.Equal(t, http.StatusOK, replay.Status, "a retried expire replays its success instead of failing")
	assert.Equal(t, "true", replay.Header.Get("Idempotent-Replayed"))
	assert.Equal(t, string(first.Body), string(replay.Body))
	assert.Equal(t, http.StatusBadRequest, h.do(http.MethodPost, p, "", "Idempotency-Key", "e2").Status)

	g1 := h.do(http.MethodGet, "/v1/checkout/sessions", "", "Idempotency-Key", "g")
	h.create(paymentForm)
	g2 := h.do(http.MethodGet, "/v1/checkout/sessions", "", "Idempotency-Key", "g")
	assert.Empty(t, g2.Header.Get("Idempotent-Replayed"))
	assert.NotEqual(t, string(g1.Body), string(g2.Body), "keys on GET have no effect")

	// Keys belong to an account.
	other := h.doKey("sk_test_other", http.MethodPost, "/v1/checkout/sessions", paymentForm+"&metadata[x]=1", "Idempotency-Key", "e")
	assert.Equal(t, http.StatusOK, other.Status, "%s", other.Body)
}

func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

// script is a request sequence touching every operation and control.
func script(h *harness) []reply {
	var out []reply
	add := func(r reply) reply { out = append(out, r); return r }
	a := add(h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm+"&metadata[o]=1", "Idempotency-Key", "one")).JSON()["id"].(string)
	add(h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm+"&metadata[o]=1", "Idempotency-Key", "one"))
	b := add(h.do(http.MethodPost, "/v1/checkout/sessions", subscriptionForm+"&expand[0]=line_items")).JSON()["id"].(string)
	add(h.do(http.MethodPost, ControlPrefix+"clock", "seconds=90"))
	add(h.do(http.MethodPost, "/v1/checkout/sessions", setupForm+"&ui_mode=embedded_page&return_url=https://e.com&success_url="))
	c := add(h.do(http.MethodPost, "/v1/checkout/sessions", strings.Replace(setupForm, "&success_url=https://example.com/ok", "", 1)+"&ui_mode=embedded_page&return_url=https://e.com")).JSON()
	add(h.do(http.MethodPost, "/v1/checkout/sessions/"+a, "metadata[p]=2"))
	add(h.do(http.MethodGet, "/v1/checkout/sessions/"+a+"/line_items", ""))
	add(h.do(http.MethodPost, ControlPrefix+"sessions/"+b+"/pay", ""))
	add(h.do(http.MethodPost, "/v1/checkout/sessions/"+a+"/expire", ""))
	add(h.do(http.MethodPost, "/v1/checkout/sessions/"+a+"/expire", ""))
	add(h.do(http.MethodGet, "/v1/checkout/sessions", "limit=2&expand[0]=data.line_items"))
	add(h.do(http.MethodGet, "/v1/checkout/sessions/"+b, "expand[0]=subscription"))
	add(h.do(http.MethodPost, ControlPrefix+"clock", "seconds=86400"))
	add(h.do(http.MethodGet, "/v1/checkout/sessions", ""))
	add(h.do(http.MethodGet, "/v1/checkout/sessions/cs_test_nope", ""))
	add(h.do(http.MethodPost, "/v1/checkout/sessions", "mode=bogus", "Idempotency-Key", "bogus"))
	add(h.do(http.MethodPost, "/v1/checkout/sessions/"+c["id"].(string), "line_items[0][price]=price_nope&line_items[0][quantity]=1"))
	return out
}

func TestDeterministic(t *testing.T) {
	one, two := script(newHarness(t)), script(newHarness(t))
	require.Len(t, two, len(one))
	for i := range one {
		assert.Equal(t, one[i].Status, two[i].Status, "reply %d", i)
		assert.Equal(t, string(one[i].Body), string(two[i].Body), "reply %d", i)
	}
	// A different key gives different ids, and sees nothing of the first.
	h := newHarness(t)
	h.key = "sk_test_another"
	three := script(h)
	assert.NotEqual(t, string(one[0].Body), string(three[0].Body))
}

func TestAccountsAreIsolatedByKey(t *testing.T) {
	h := newHarness(t)
	a := h.doKey("sk_test_a", http.MethodPost, "/v1/checkout/sessions", paymentForm).JSON()["id"].(string)
	b := h.doKey("sk_test_b", http.MethodPost, "/v1/checkout/sessions", paymentForm).JSON()["id"].(string)
	assert.NotEqual(t, a, b)
	listA := h.doKey("sk_test_a", http.MethodGet, "/v1/checkout/sessions", "").JSON()
	assert.Equal(t, []string{a}, ids(listA))
	r := h.doKey("sk_test_b", http.MethodGet, "/v1/checkout/sessions/"+a, "")
	assert.Equal(t, http.StatusNotFound, r.Status, "b cannot see a's session")
	r = h.doKey("sk_test_b", http.MethodPost, "/v1/checkout/sessions/"+a+"/expire", "")
	assert.Equal(t, http.StatusNotFound, r.Status, "nor expire it")
	h.srv.Advance("sk_test_b", 48*time.Hour)
	assert.Equal(t, "open", h.doKey("sk_test_a", http.MethodGet, "/v1/checkout/sessions/"+a, "").JSON()["status"], "clocks are per account")
	assert.Equal(t, AccountID("sk_test_a"), AccountID("sk_test_a"))
	assert.NotContains(t, AccountID("sk_test_a"), "sk_test")
}

func TestTimedExpiry(t *testing.T) {
	var mu sync.Mutex
	var seen []Transition
	h := newHarness(t, func(o *Options) {
		o.OnTransition = func(tr Transition) { mu.Lock(); seen = append(seen, tr); mu.Unlock() }
	})
	short := h.create(paymentForm + fmt.Sprintf("&expires_at=%d", DefaultEpoch.Unix()+3600))["id"].(string)
	long := h.create(paymentForm)["id"].(string)
	paid := h.create(paymentForm + fmt.Sprintf("&expires_at=%d", DefaultEpoch.Unix()+3600))["id"].(string)
	h.ok(http.MethodPost, ControlPrefix+"sessions/"+paid+"/pay", "")
	status := func(id string) any { return h.ok(http.MethodGet, "/v1/checkout/sessions/"+id, "")["status"] }

	clock := h.ok(http.MethodPost, ControlPrefix+"clock", "seconds=3599")
	assert.Equal(t, float64(DefaultEpoch.Unix()+3599), clock["now"])
	assert.Equal(t, "open", status(short))
	h.ok(http.MethodPost, ControlPrefix+"clock", "seconds=1")
	s := h.ok(http.MethodGet, "/v1/checkout/sessions/"+short, "")
	assert.Equal(t, "expired", s["status"], "expires at expires_at")
	assert.Nil(t, s["url"])
	assert.Equal(t, "open", status(long))
	assert.Equal(t, "complete", status(paid), "a completed session does not expire")
	h.srv.Advance(h.key, 23*time.Hour)
	assert.Equal(t, "expired", status(long), "the default expires_at is 24h after created")
	assert.Equal(t, DefaultEpoch.Add(24*time.Hour), h.srv.Now(h.key))

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, seen, 3)
	assert.Equal(t, []string{paid, short, long}, []string{seen[0].Session, seen[1].Session, seen[2].Session})
	assert.Equal(t, "complete", seen[0].To)
	assert.Equal(t, Transition{Account: AccountID(h.key), Session: short, From: "open", To: "expired", At: DefaultEpoch.Add(time.Hour)},
		Transition{Account: seen[1].Account, Session: seen[1].Session, From: seen[1].From, To: seen[1].To, At: seen[1].At})
	assert.Contains(t, string(seen[1].Object), `"status": "expired"`)

	bad := h.do(http.MethodPost, ControlPrefix+"clock", "seconds=-5")
	assert.Equal(t, http.StatusBadRequest, bad.Status)
}

func TestPay(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		form, status, field, prefix string
	}{
		{paymentForm, "paid", "payment_intent", "pi_"},
		{subscriptionForm, "paid", "subscription", "sub_"},
		{setupForm, "no_payment_required", "setup_intent", "seti_"},
	}
	for _, tc := range cases {
		id := h.create(tc.form + "&customer_email=pay@example.com")["id"].(string)
		paid := h.ok(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "")
		assert.Equal(t, "complete", paid["status"], tc.field)
		assert.Equal(t, tc.status, paid["payment_status"], tc.field)
		assert.Regexp(t, "^"+tc.prefix, paid[tc.field], tc.field)
		assert.Nil(t, paid["url"], tc.field)
		assert.Equal(t, "pay@example.com", paid["customer_details"].(map[string]any)["email"], tc.field)
		assert.Equal(t, paid, h.ok(http.MethodGet, "/v1/checkout/sessions/"+id, ""), "the API shows the payment")
		again := h.do(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "")
		assert.Equal(t, http.StatusBadRequest, again.Status)
		assert.Contains(t, errorOf(t, again)["message"], "This Checkout Session has a status of `complete`.")
	}
	sub := h.ok(http.MethodGet, "/v1/checkout/sessions", "status=complete&limit=3")["data"].([]any)[1].(map[string]any)
	assert.Regexp(t, "^cus_", sub["customer"], "a subscription checkout makes a customer")
	assert.Regexp(t, "^in_", sub["invoice"])

	assert.Equal(t, http.StatusNotFound, h.do(http.MethodPost, ControlPrefix+"sessions/cs_test_nope/pay", "").Status)
	noKey := h.doKey("", http.MethodPost, ControlPrefix+"sessions/x/pay", "")
	assert.Equal(t, http.StatusUnauthorized, noKey.Status)
	assert.Equal(t, http.StatusNotFound, h.do(http.MethodPost, ControlPrefix+"nothing", "").Status)
	_, err := h.srv.Pay(h.key, "cs_test_nope")
	assert.EqualError(t, err, "No such checkout.session: cs_test_nope")
}

func TestConcurrentRequests(t *testing.T) {
	h := newHarness(t)
	var wg sync.WaitGroup
	keys := []string{"sk_test_c1", "sk_test_c2", "sk_test_c3"}
	for _, k := range keys {
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := h.doKey(k, http.MethodPost, "/v1/checkout/sessions", paymentForm)
				if assert.Equal(t, http.StatusOK, r.Status) {
					id := r.JSON()["id"].(string)
					h.doKey(k, http.MethodPost, "/v1/checkout/sessions/"+id, "metadata[a]=b")
					h.doKey(k, http.MethodGet, "/v1/checkout/sessions", "")
				}
			}()
		}
		wg.Add(1)
		go func() { defer wg.Done(); h.srv.Advance(k, time.Second) }()
	}
	wg.Wait()
	for _, k := range keys {
		l := h.doKey(k, http.MethodGet, "/v1/checkout/sessions", "limit=100").JSON()
		assert.Len(t, ids(l), 8, k)
	}
}

func TestStripeMockDown(t *testing.T) {
	srv, err := New(Options{StripeMock: "http://127.0.0.1:1"})
	require.NoError(t, err)
	h := &harness{t: t, srv: srv, key: "sk_test_123"}
	ts := newServer(t, srv)
	h.url = ts
	r := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm)
	assert.Equal(t, http.StatusBadGateway, r.Status)
	e := errorOf(t, r)
	assert.Equal(t, "api_error", e["type"])
	assert.Contains(t, e["message"], "could not reach stripe-mock")
	_, err = New(Options{})
	assert.Error(t, err)
	_, err = New(Options{StripeMock: "127.0.0.1:1"})
	assert.Error(t, err)
}

// TestIdempotencyKeyInUse: a second request with a key whose first
// request has not finished gets a 409, and the key works once it has.
func TestIdempotencyKeyInUse(t *testing.T) {
	h := newHarness(t)
	req, _ := http.NewRequest(http.MethodPost, "/v1/checkout/sessions", nil)
	req.Header.Set("Idempotency-Key", "busy")
	entry, done, err := h.srv.idempotencyBegin(req, h.key, paymentForm)
	require.Nil(t, err)
	require.Nil(t, done)
	r := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm, "Idempotency-Key", "busy")
	assert.Equal(t, http.StatusConflict, r.Status)
	assert.Equal(t, "idempotency_error", errorOf(t, r)["type"])
	h.srv.idempotencyEnd(h.key, entry, outcome{status: http.StatusOK, body: []byte("{}\n"), remember: true})
	r = h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm, "Idempotency-Key", "busy")
	assert.Equal(t, "true", r.Header.Get("Idempotent-Replayed"))
	assert.Equal(t, "{}\n", string(r.Body))
}

// TestListenAndClose: a listening server answers, and once closed its
// clients get a connection error, as when the process is killed.
func TestListenAndClose(t *testing.T) {
	srv, err := New(Options{StripeMock: mockURL(t)})
	require.NoError(t, err)
	l, err := srv.Listen("")
	require.NoError(t, err)
	h := &harness{t: t, srv: srv, url: l.URL, key: "sk_test_123"}
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, l.URL)
	h.create(paymentForm)
	require.NoError(t, l.Close())
	assert.NoError(t, <-l.Done())
	_, err = http.Get(l.URL + "/v1/checkout/sessions")
	assert.Error(t, err)
}

// TestParallelAccountsGiveSerialBytes: two accounts driven at the same
// time on one server get, byte for byte, what each gets alone on a fresh
// server, as record -parallel needs.
func TestParallelAccountsGiveSerialBytes(t *testing.T) {
	keys := []string{"sk_test_p1", "sk_test_p2"}
	serial := map[string][]reply{}
	for _, k := range keys {
		h := newHarness(t)
		h.key = k
		serial[k] = script(h)
	}
	shared := newHarness(t)
	parallel := map[string][]reply{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := &harness{t: t, srv: shared.srv, url: shared.url, key: k}
			out := script(h)
			mu.Lock()
			parallel[k] = out
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, k := range keys {
		require.Len(t, parallel[k], len(serial[k]))
		for i := range serial[k] {
			assert.Equal(t, string(serial[k][i].Body), string(parallel[k][i].Body), "%s reply %d", k, i)
		}
	}
}

// countingTransport counts the requests that reach stripe-mock.
type countingTransport struct {
	mu    sync.Mutex
	paths []string
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.paths = append(c.paths, r.Method+" "+r.URL.Path)
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func TestControlsNeverReachStripeMock(t *testing.T) {
	ct := &countingTransport{}
	h := newHarness(t, func(o *Options) { o.Transport = ct })
	id := h.create(paymentForm)["id"].(string)
	ct.mu.Lock()
	before := len(ct.paths)
	assert.Contains(t, ct.paths, "POST /v1/checkout/sessions", "the create was validated by stripe-mock")
	ct.mu.Unlock()
	h.ok(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "")
	h.ok(http.MethodPost, ControlPrefix+"clock", "seconds=5")
	h.ok(http.MethodGet, ControlPrefix+"clock", "")
	ct.mu.Lock()
	defer ct.mu.Unlock()
	assert.Len(t, ct.paths, before)
}

// TestClockRefusesOutOfRange: a seconds value that would overflow a
// time.Duration or pass the year 9999 is a 400 with a Stripe-style error,
// and the clock does not move.
func TestClockRefusesOutOfRange(t *testing.T) {
	h := newHarness(t)
	before := h.do(http.MethodGet, ControlPrefix+"clock", "").JSON()
	for _, n := range []string{"253402300799", "9223372036854775807", "252000000000"} {
		r := h.do(http.MethodPost, ControlPrefix+"clock", "seconds="+n)
		require.Equal(t, http.StatusBadRequest, r.Status, "seconds=%s: %s", n, r.Body)
		e, _ := r.JSON()["error"].(map[string]any)
		assert.Equal(t, "invalid_request_error", e["type"])
		assert.Equal(t, "seconds", e["param"])
		assert.Contains(t, e["message"], "9999")
	}
	assert.Equal(t, before, h.do(http.MethodGet, ControlPrefix+"clock", "").JSON(), "the clock did not move")
	ok := h.do(http.MethodPost, ControlPrefix+"clock", "seconds=86400")
	assert.Equal(t, http.StatusOK, ok.Status)
}
