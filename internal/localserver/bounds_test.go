package localserver

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listening starts a server on loopback through Listen, with the bounds
// set sets (restored after the test), and returns its host:port.
func listening(t *testing.T, set func()) (*Server, string) {
	t.Helper()
	conns, accounts, sessions, body := maxConns, maxAccounts, maxSessions, bodyTimeout
	t.Cleanup(func() { maxConns, maxAccounts, maxSessions, bodyTimeout = conns, accounts, sessions, body })
	if set != nil {
		set()
	}
	srv, err := New(Options{StripeMock: mockURL(t)})
	require.NoError(t, err)
	l, err := srv.Listen("")
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	return srv, strings.TrimPrefix(l.URL, "http://")
}

// raw sends text on a new connection and reads the response, at most a
// minute (a watchdog: the server must answer by itself).
func raw(t *testing.T, addr, text string) (*http.Response, map[string]any) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(time.Minute)))
	_, err = io.WriteString(c, text)
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body) // a refused request may be reset after its status
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return resp, m
}

// stripeError returns the error object of a Stripe-shaped error body.
func stripeError(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	e, ok := m["error"].(map[string]any)
	require.True(t, ok, "not a Stripe error: %v", m)
	return e
}

// TestSlowAndLargeRequests (issue 25 case 10): a body that does not
// arrive in time is a 408 and a body over the cap a 413, both in Stripe's
// error shape; a header block over 64 KiB is refused (431); the server
// keeps answering.
func TestSlowAndLargeRequests(t *testing.T) {
	_, addr := listening(t, func() { bodyTimeout = 200 * time.Millisecond })
	const head = "POST /v1/checkout/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_123\r\nContent-Type: application/x-www-form-urlencoded\r\n"

	resp, m := raw(t, addr, head+"Content-Length: 100\r\n\r\nmode=pay") // and then nothing
	assert.Equal(t, http.StatusRequestTimeout, resp.StatusCode)
	assert.Equal(t, "invalid_request_error", stripeError(t, m)["type"])
	assert.Contains(t, stripeError(t, m)["message"], "The request body did not arrive within 200ms")

	_, roomy := listening(t, func() { bodyTimeout = time.Minute }) // time enough to send 8 MiB, even under the race detector
	resp, m = raw(t, roomy, head+fmt.Sprintf("Content-Length: %d\r\n\r\n", maxBody+1)+strings.Repeat("a", maxBody+1))
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	assert.Contains(t, stripeError(t, m)["message"], "The request body is too large")

	resp, _ = raw(t, addr, head+"X-Big: "+strings.Repeat("a", 100<<10)+"\r\nContent-Length: 0\r\n\r\n")
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode)

	resp, m = raw(t, addr, "GET /v1/checkout/sessions?limit=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_123\r\nConnection: close\r\n\r\n")
	assert.Equal(t, http.StatusOK, resp.StatusCode, "still up: %v", m)
}

// TestConnectionLimit (issue 25 case 10): connections held open by slow
// clients cannot take the server down: past the limit a new connection
// gets a 503 in Stripe's shape that clients retry, and once the slow
// connections go, requests are served again.
func TestConnectionLimit(t *testing.T) {
	_, addr := listening(t, func() { maxConns = 5 })
	var slow []net.Conn
	for range 5 {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		_, err = io.WriteString(c, "GET /v1/checkout/sessions HTTP/1.1\r\n") // headers never finished
		require.NoError(t, err)
		slow = append(slow, c)
	}
	get := "GET /v1/checkout/sessions?limit=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_123\r\nConnection: close\r\n\r\n"
	require.Eventually(t, func() bool {
		resp, m := raw(t, addr, get)
		if resp.StatusCode != http.StatusServiceUnavailable {
			return false
		}
		assert.Equal(t, "true", resp.Header.Get("Stripe-Should-Retry"))
		assert.Equal(t, "api_error", stripeError(t, m)["type"])
		assert.Contains(t, stripeError(t, m)["message"], "5 connections open, its limit")
		return true
	}, time.Minute, 10*time.Millisecond, "the sixth connection is refused while five are held")
	for _, c := range slow {
		c.Close()
	}
	require.Eventually(t, func() bool {
		resp, _ := raw(t, addr, get)
		return resp.StatusCode == http.StatusOK
	}, time.Minute, 10*time.Millisecond, "served again once the slow connections are gone")
}

// TestAccountsAndSessionsBounded (issue 25 case 10): past maxAccounts the
// account used least recently is forgotten; past maxSessions a create is
// refused with a Stripe-shaped 400.
func TestAccountsAndSessionsBounded(t *testing.T) {
	_, addr := listening(t, func() { maxAccounts, maxSessions = 3, 2 })
	form := "mode=setup&currency=usd&success_url=https%3A%2F%2Fexample.com%2Fok"
	create := func(key string) (*http.Response, map[string]any) {
		return raw(t, addr, fmt.Sprintf("POST /v1/checkout/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", key, len(form), form))
	}
	retrieve := func(key, id string) int {
		resp, _ := raw(t, addr, fmt.Sprintf("GET /v1/checkout/sessions/%s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n", id, key))
		return resp.StatusCode
	}
	ids := map[string]string{}
	for _, key := range []string{"sk_test_a", "sk_test_b", "sk_test_c", "sk_test_d"} {
		resp, m := create(key)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
		ids[key] = m["id"].(string)
	}
	assert.Equal(t, http.StatusNotFound, retrieve("sk_test_a", ids["sk_test_a"]), "the least recently used account was forgotten")
	assert.Equal(t, http.StatusOK, retrieve("sk_test_d", ids["sk_test_d"]))

	resp, _ := create("sk_test_d")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, m := create("sk_test_d")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "invalid_request_error", stripeError(t, m)["type"])
	assert.Contains(t, stripeError(t, m)["message"], "has 2 Checkout Sessions, its limit")
}

// TestRefusedKeysEvictNoAccount: with a set of accepted keys, requests
// with other keys get their 401 and take no place among the accounts
// kept, so they cannot make the server forget a real one.
func TestRefusedKeysEvictNoAccount(t *testing.T) {
	srv, addr := listening(t, func() { maxAccounts = 2 })
	srv.keys = map[string]bool{"sk_test_a": true, "sk_test_b": true}
	form := "mode=setup&currency=usd&success_url=https%3A%2F%2Fexample.com%2Fok"
	resp, m := raw(t, addr, fmt.Sprintf("POST /v1/checkout/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_a\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(form), form))
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
	for i := range 5 {
		resp, _ := raw(t, addr, fmt.Sprintf("GET /v1/checkout/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_intruder%d\r\nConnection: close\r\n\r\n", i))
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	}
	resp, _ = raw(t, addr, fmt.Sprintf("GET /v1/checkout/sessions/%s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_a\r\nConnection: close\r\n\r\n", m["id"]))
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the accepted key's account is kept")
}

// TestIdempotencyMemoryBounded (issue 25 case 10): an account forgets its
// oldest finished idempotency keys past maxIdemKeys keys or maxIdemBytes
// bytes, never one still running nor the one just finished.
func TestIdempotencyMemoryBounded(t *testing.T) {
	idem := map[string]*idemEntry{}
	add := func(key string, body []byte, running bool) *idemEntry {
		e := &idemEntry{key: key, body: body, running: running, seq: idemSeq.Add(1)}
		idem[key] = e
		return e
	}
	running := add("running", nil, true)
	for i := range maxIdemKeys {
		add(fmt.Sprint("k", i), nil, false)
	}
	last := add("last", nil, false)
	pruneIdem(idem, last)
	assert.Len(t, idem, maxIdemKeys)
	assert.NotContains(t, idem, "k0", "the oldest finished key went")
	assert.NotContains(t, idem, "k1")
	assert.Contains(t, idem, "running")
	assert.Contains(t, idem, "last")
	assert.Same(t, running, idem["running"])

	idem = map[string]*idemEntry{}
	big := make([]byte, 30<<20) // one array, counted once per entry
	add("a", big, false)
	add("b", big, false)
	last = add("c", big, false)
	pruneIdem(idem, last)
	assert.Len(t, idem, 2, "90 MiB kept is over 64 MiB: the oldest goes")
	assert.NotContains(t, idem, "a")
}

// TestConcurrentSameKey (an attack on issue 25's list): many concurrent
// requests with one Idempotency-Key create one session; each of the
// others is the first's answer replayed or Stripe's 409 for a key in use.
func TestConcurrentSameKey(t *testing.T) {
	_, addr := listening(t, nil)
	form := "mode=setup&currency=usd&success_url=https%3A%2F%2Fexample.com%2Fok"
	post := func() (int, string) {
		resp, m := raw(t, addr, fmt.Sprintf("POST /v1/checkout/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_same\r\nIdempotency-Key: k1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(form), form))
		if resp.StatusCode == http.StatusConflict {
			return resp.StatusCode, stripeError(t, m)["type"].(string)
		}
		id, _ := m["id"].(string)
		return resp.StatusCode, id
	}
	type answer struct {
		status int
		what   string
	}
	answers := make(chan answer, 20)
	for range 20 {
		go func() { s, w := post(); answers <- answer{s, w} }()
	}
	ids := map[string]bool{}
	for range 20 {
		a := <-answers
		switch a.status {
		case http.StatusOK:
			ids[a.what] = true
		case http.StatusConflict:
			assert.Equal(t, "idempotency_error", a.what)
		default:
			t.Errorf("unexpected answer %d %s", a.status, a.what)
		}
	}
	status, id := post()
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]bool{id: true}, ids, "one session, whatever the interleaving")
}
