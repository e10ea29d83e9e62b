package localserver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// The bounds that keep the server up under hostile input: every read is
// limited in size and in time, and so is everything it remembers. Each
// refusal is an error in Stripe's shape, so a client reports it like any
// API error.
const (
	// readHeaderTimeout bounds the time a client takes to send a
	// request's headers, bodyTimeout its body: a client that sends a byte
	// a second is dropped, not kept for good. (Not http.Server's
	// ReadTimeout: its deadline would also cancel the context of a
	// request still running, such as a pay step waiting on its webhook
	// deliveries.)
	readHeaderTimeout = 10 * time.Second
	// idleTimeout bounds a keep-alive connection's wait for its next
	// request.
	idleTimeout = 60 * time.Second
	// maxHeaderBytes bounds a request's header block (Go's default is
	// 1 MiB); a larger one is answered 431 by net/http.
	maxHeaderBytes = 64 << 10
	// maxIdemKeys and maxIdemBytes bound what one account remembers under
	// idempotency keys: past either, the oldest finished keys are
	// forgotten (Stripe forgets a key after 24 hours), so a request that
	// reuses one runs again.
	maxIdemKeys  = 10_000
	maxIdemBytes = 64 << 20
)

// Tunable bounds: variables so that tests can set them low. They are read
// when a server is made ([New]) or starts listening ([Server.Listen]).
var (
	// maxConns bounds the connections served at once; past it a new
	// connection gets a 503 in Stripe's shape (Stripe-Should-Retry:
	// true) and is closed, and the connections served carry on.
	maxConns = 512
	// maxAccounts bounds the accounts (API keys) kept; past it the one
	// used least recently is forgotten, sessions and all.
	maxAccounts = 10_000
	// maxSessions bounds the sessions of one account; a create past it is
	// refused.
	maxSessions = 100_000
	// bodyTimeout bounds the time a client takes to send a body (see
	// readHeaderTimeout).
	bodyTimeout = 30 * time.Second
)

// bounded is the handler [Server.Listen] serves: s, behind the bounds on
// request bodies and on accounts.
func (s *Server) bounded() http.Handler {
	lru := &accountUse{last: map[string]uint64{}, max: maxAccounts, sessions: maxSessions}
	timeout := bodyTimeout
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, aerr := readBody(w, r, timeout)
		if aerr != nil {
			writeError(w, aerr)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if aerr := s.admit(lru, r); aerr != nil {
			writeError(w, aerr)
			return
		}
		s.ServeHTTP(w, r)
	})
}

// readBody reads a request's body, at most maxBody bytes, within
// timeout: a larger body is Stripe's 413, a body that does not arrive in
// time a 408, both in Stripe's error shape.
func readBody(w http.ResponseWriter, r *http.Request, timeout time.Duration) ([]byte, *apiError) {
	rc := http.NewResponseController(w)
	deadline := rc.SetReadDeadline(time.Now().Add(timeout)) == nil
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		// The rest of the body is not read: the connection closes after
		// the answer.
		w.Header().Set("Connection", "close")
	}
	var tooBig *http.MaxBytesError
	var ne net.Error
	switch {
	case err == nil:
		if deadline {
			rc.SetReadDeadline(time.Time{})
		}
		return body, nil
	case errors.As(err, &tooBig):
		return nil, &apiError{Status: http.StatusRequestEntityTooLarge, Type: "invalid_request_error",
			Message: fmt.Sprintf("The request body is too large: this server reads at most %d bytes (%d MiB).", maxBody, maxBody>>20)}
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return nil, &apiError{Status: http.StatusRequestTimeout, Type: "invalid_request_error",
			Message: fmt.Sprintf("The request body did not arrive within %s; send it at once.", timeout)}
	}
	return nil, &apiError{Status: http.StatusBadRequest, Type: "invalid_request_error",
		Message: "The request body could not be read: " + err.Error()}
}

// accountUse orders the accounts by their last request, to forget the
// one used least recently when there are more than max.
type accountUse struct {
	mu       sync.Mutex
	seq      uint64
	last     map[string]uint64 // account id → seq of its last request
	max      int               // accounts kept
	sessions int               // sessions per account
}

// admit records the request's account as the most recent, forgets the
// least recently used accounts past maxAccounts, and refuses a session
// create on an account that has maxSessions.
func (s *Server) admit(lru *accountUse, r *http.Request) *apiError {
	if s.checkKey(apiKey(r)) != nil {
		return nil // refused with its 401 (ServeHTTP): no account, so it evicts none
	}
	id := AccountID(apiKey(r))
	lru.mu.Lock()
	lru.seq++
	lru.last[id] = lru.seq
	var drop []string
	for len(lru.last) > lru.max {
		oldest, at := "", uint64(0)
		for a, n := range lru.last {
			if oldest == "" || n < at {
				oldest, at = a, n
			}
		}
		delete(lru.last, oldest)
		drop = append(drop, oldest)
	}
	lru.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range drop {
		delete(s.accounts, a)
	}
	if r.Method == http.MethodPost && r.URL.Path == "/v1/checkout/sessions" {
		if a, ok := s.accounts[id]; ok && len(a.sessions) >= lru.sessions {
			return &apiError{Status: http.StatusBadRequest, Type: "invalid_request_error",
				Message: fmt.Sprintf("This account of the local Checkout server has %d Checkout Sessions, its limit; use another API key (each key is its own account) or restart the server.", lru.sessions)}
		}
	}
	return nil
}

// idemSeq orders idempotency entries by when they were made, for
// [pruneIdem] to forget the oldest first.
var idemSeq atomic.Uint64

// idemSize is what an entry keeps in memory, roughly.
func idemSize(e *idemEntry) int {
	return len(e.key) + len(e.endpoint) + len(e.params) + len(e.body)
}

// pruneIdem forgets the oldest finished entries of idem, never keep,
// until at most maxIdemKeys remain holding at most maxIdemBytes. The
// caller holds the server's lock.
func pruneIdem(idem map[string]*idemEntry, keep *idemEntry) {
	total := 0
	for _, e := range idem {
		total += idemSize(e)
	}
	for len(idem) > maxIdemKeys || total > maxIdemBytes {
		var oldest *idemEntry
		for _, e := range idem {
			if e != keep && !e.running && (oldest == nil || e.seq < oldest.seq) {
				oldest = e
			}
		}
		if oldest == nil {
			return
		}
		delete(idem, oldest.key)
		total -= idemSize(oldest)
	}
}

// limitListener accepts at most max connections at once: past it, a new
// connection is answered a 503 in Stripe's shape and closed, so that
// connections held open by slow clients cannot exhaust the process's
// file descriptors, and a client gets an answer it retries.
type limitListener struct {
	net.Listener
	slots chan struct{}
}

func newLimitListener(l net.Listener, max int) *limitListener {
	return &limitListener{Listener: l, slots: make(chan struct{}, max)}
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			return &slotConn{Conn: c, release: func() { <-l.slots }}, nil
		default:
			go refuse(c, cap(l.slots))
		}
	}
}

// refuse answers c, a connection past the limit of max, with a 503 and
// closes it.
func refuse(c net.Conn, max int) {
	defer c.Close()
	body := (&apiError{Status: http.StatusServiceUnavailable, Type: "api_error",
		Message: fmt.Sprintf("The local Checkout server has %d connections open, its limit; try again when some close.", max)}).body()
	c.SetWriteDeadline(time.Now().Add(time.Second))
	fmt.Fprintf(c, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nStripe-Should-Retry: true\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}

// slotConn gives its slot back when closed.
type slotConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
