package client_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
)

func TestRetries(t *testing.T) {
	ok := reply(200, sessionJSON)
	e500 := reply(500, `{"error":{"type":"api_error","message":"boom"}}`)
	tests := []struct {
		name       string
		script     []http.HandlerFunc
		maxRetries *int
		wantN      int             // attempts the server saw
		wantSleeps []time.Duration // delays asked for (Rand is 1: no jitter)
		wantStatus int             // 0: success
	}{
		{name: "429 then 200", script: []http.HandlerFunc{reply(429, `{"error":{"type":"invalid_request_error","code":"rate_limit"}}`), ok},
			wantN: 2, wantSleeps: []time.Duration{500 * time.Millisecond}},
		{name: "500, 500, 200", script: []http.HandlerFunc{e500, e500, ok},
			wantN: 3, wantSleeps: []time.Duration{500 * time.Millisecond, time.Second}},
		{name: "connection reset then 200", script: []http.HandlerFunc{hangUp, ok},
			wantN: 2, wantSleeps: []time.Duration{500 * time.Millisecond}},
		{name: "409 lock timeout then 200", script: []http.HandlerFunc{reply(409, `{"error":{"type":"invalid_request_error","code":"lock_timeout"}}`), ok},
			wantN: 2, wantSleeps: []time.Duration{500 * time.Millisecond}},
		{name: "503 with Stripe-Should-Retry false", script: []http.HandlerFunc{reply(503, `{"error":{"type":"api_error"}}`, "Stripe-Should-Retry", "false")},
			wantN: 1, wantStatus: 503},
		{name: "400 with Stripe-Should-Retry true", script: []http.HandlerFunc{reply(400, `{"error":{"type":"invalid_request_error"}}`, "Stripe-Should-Retry", "true"), ok},
			wantN: 2, wantSleeps: []time.Duration{500 * time.Millisecond}},
		{name: "400 is not retried", script: []http.HandlerFunc{reply(400, `{"error":{"type":"invalid_request_error"}}`)},
			wantN: 1, wantStatus: 400},
		{name: "Retry-After honoured", script: []http.HandlerFunc{reply(429, `{}`, "Retry-After", "3"), ok},
			wantN: 2, wantSleeps: []time.Duration{3 * time.Second}},
		{name: "Retry-After capped at a minute", script: []http.HandlerFunc{reply(503, `{}`, "Retry-After", "86400"), ok},
			wantN: 2, wantSleeps: []time.Duration{time.Minute}},
		{name: "MaxRetries 0: one attempt", script: []http.HandlerFunc{e500, ok}, maxRetries: intp(0),
			wantN: 1, wantStatus: 500},
		{name: "retries exhausted", script: []http.HandlerFunc{e500},
			wantN: 3, wantSleeps: []time.Duration{500 * time.Millisecond, time.Second}, wantStatus: 500},
		{name: "backoff doubles up to 5s", script: []http.HandlerFunc{e500}, maxRetries: intp(5),
			wantN: 6, wantStatus: 500, wantSleeps: []time.Duration{
				500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.script...)
			c, sl := newClient(t, srv, client.Options{MaxRetries: tt.maxRetries})
			s, err := c.Sessions.Create(context.Background(), nil)
			reqs := srv.requests()
			assert.Len(t, reqs, tt.wantN, "attempts")
			assert.Equal(t, tt.wantSleeps, sl.all(), "sleeps")
			for _, r := range reqs {
				assert.Equal(t, "idem-1", r.Header.Get("Idempotency-Key"), "same key on every attempt")
				assert.Empty(t, r.Body, "nil params")
			}
			if tt.wantStatus == 0 {
				require.NoError(t, err)
				assert.Equal(t, "cs_test_1", s.ID)
				return
			}
			var se *client.Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.wantStatus, se.HTTPStatus)
		})
	}
}

func TestRetryBodyResent(t *testing.T) {
	srv := newServer(t, reply(500, `{}`), reply(502, `<html>`), reply(200, sessionJSON))
	c, _ := newClient(t, srv, client.Options{})
	_, err := c.Sessions.Update(context.Background(), "cs_1", &client.SessionUpdateParams{Metadata: map[string]string{"a": "1"}})
	require.NoError(t, err)
	reqs := srv.requests()
	require.Len(t, reqs, 3)
	for _, r := range reqs {
		assert.Equal(t, "metadata[a]=1", r.Body)
	}
}

func TestWithMaxRetries(t *testing.T) {
	srv := newServer(t, reply(500, `{}`))
	c, _ := newClient(t, srv, client.Options{MaxRetries: intp(5)})
	_, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil, client.WithMaxRetries(1))
	require.Error(t, err)
	assert.Len(t, srv.requests(), 2)
}

func TestJitter(t *testing.T) {
	srv := newServer(t, reply(500, `{}`), reply(200, sessionJSON))
	c, sl := newClient(t, srv, client.Options{Rand: func() float64 { return 0 }})
	_, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{250 * time.Millisecond}, sl.all(), "jitter scales the delay down to 50%")
}

func TestRetryWaitCancelled(t *testing.T) {
	srv := newServer(t, reply(500, `{"error":{"type":"api_error","message":"boom"}}`))
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := newClient(t, srv, client.Options{Sleep: func(context.Context, time.Duration) error {
		cancel()
		return context.Canceled
	}})
	_, err := c.Sessions.Retrieve(ctx, "cs_1", nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	var se *client.Error
	require.ErrorAs(t, err, &se, "the last response is kept")
	assert.Equal(t, 500, se.HTTPStatus)
	assert.Len(t, srv.requests(), 1)
}

// TestRealSleepHonoursContext: with no Sleep injected, the client's real
// wait before a retry (here Retry-After's 60 s cap) ends as soon as ctx is
// cancelled. The ctx is cancelled when the client decides to retry; the
// watchdog only catches a wait that ignores it and runs its full minute.
func TestRealSleepHonoursContext(t *testing.T) {
	srv := newServer(t, reply(503, `{}`, "Retry-After", "3600"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	retries := 0
	c := client.New("sk_test_123", client.Options{BaseURL: srv.URL, OnRetry: func(*client.Response, error) {
		retries++
		cancel()
	}})
	done := make(chan error, 1)
	go func() {
		_, err := c.Sessions.Retrieve(ctx, "cs_1", nil)
		done <- err
	}()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
	case <-time.After(30 * time.Second):
		t.Fatal("the wait before the retry (60 s) ignored the cancelled context")
	}
	assert.Equal(t, 1, retries, "the client was about to wait once")
	assert.Len(t, srv.requests(), 1, "no retry after the cancelled wait")
}

var errNoInteraction = errors.New("replay: no recorded interaction for GET /v1/checkout/sessions/cs_1")

type failingTransport struct{ calls int }

func (f *failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	f.calls++
	return nil, errNoInteraction
}

func TestTransportErrorWrappedNotRetried(t *testing.T) {
	ft := &failingTransport{}
	sl := &sleeps{}
	c := client.New("sk_test_123", client.Options{HTTPClient: &http.Client{Transport: ft}, Sleep: sl.sleep})
	_, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, errNoInteraction)
	assert.Contains(t, err.Error(), errNoInteraction.Error())
	assert.True(t, strings.HasPrefix(err.Error(), "stripe: GET /v1/checkout/sessions/cs_1: "), err.Error())
	assert.Nil(t, client.ResponseOf(err), "no response arrived")
	assert.Equal(t, 1, ft.calls)
	assert.Empty(t, sl.all())
}

func TestConnectionRefusedRetried(t *testing.T) {
	srv := newServer(t, reply(200, sessionJSON))
	url := srv.URL
	srv.Close()
	sl := &sleeps{}
	c := client.New("sk_test_123", client.Options{BaseURL: url, Sleep: sl.sleep})
	_, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
	require.Error(t, err)
	assert.Len(t, sl.all(), 2, "network errors are retried")
}

func TestRetryAfterHTTPDate(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name  string
		after string
		want  time.Duration
	}{
		{"date in 7s", now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second},
		{"date capped at a minute", now.Add(time.Hour).Format(http.TimeFormat), time.Minute},
		{"date in the past: backoff", now.Add(-time.Hour).Format(http.TimeFormat), 500 * time.Millisecond},
		{"zero seconds: backoff", "0", 500 * time.Millisecond},
		{"garbage: backoff", "soon", 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, reply(503, `{}`, "Retry-After", tt.after), reply(200, sessionJSON))
			c, sl := newClient(t, srv, client.Options{Now: func() time.Time { return now }})
			_, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
			require.NoError(t, err)
			assert.Equal(t, []time.Duration{tt.want}, sl.all())
		})
	}
}

// The caller's own key, like a generated one, is sent on every attempt,
// whatever the failure.
func TestCallerIdempotencyKeyReusedOnRetries(t *testing.T) {
	srv := newServer(t, hangUp, reply(429, `{}`), reply(500, `{}`), reply(200, sessionJSON))
	c, _ := newClient(t, srv, client.Options{MaxRetries: intp(3)})
	_, err := c.Sessions.Create(context.Background(), &client.SessionCreateParams{Mode: client.String("payment")},
		client.WithIdempotencyKey("order-42-create"))
	require.NoError(t, err)
	reqs := srv.requests()
	require.Len(t, reqs, 4)
	for _, r := range reqs {
		assert.Equal(t, "order-42-create", r.Header.Get("Idempotency-Key"))
		assert.Equal(t, "mode=payment", r.Body)
	}
}

func TestIdempotencyKeyTooLong(t *testing.T) {
	srv := newServer(t, reply(200, sessionJSON))
	c, _ := newClient(t, srv, client.Options{})
	ctx := context.Background()
	_, err := c.Sessions.Create(ctx, nil, client.WithIdempotencyKey(strings.Repeat("k", client.MaxIdempotencyKeyLength+1)))
	assert.ErrorContains(t, err, "longer than 255")
	gen, _ := newClient(t, srv, client.Options{NewIdempotencyKey: func() string { return strings.Repeat("g", 300) }})
	_, err = gen.Sessions.Expire(ctx, "cs_1", nil)
	assert.ErrorContains(t, err, "longer than 255")
	assert.Empty(t, srv.requests(), "nothing sent")

	_, err = c.Sessions.Create(ctx, nil, client.WithIdempotencyKey(strings.Repeat("k", client.MaxIdempotencyKeyLength)))
	assert.NoError(t, err, "255 is allowed")
	_, err = c.Sessions.Retrieve(ctx, "cs_1", nil, client.WithIdempotencyKey(strings.Repeat("k", 300)))
	assert.NoError(t, err, "ignored on GET")
}

// Deterministic keys: a generator derived from the call makes every run
// send the same keys (what recording and replay rely on).
func TestDeterministicIdempotencyKeys(t *testing.T) {
	keys := func() []string {
		srv := newServer(t, reply(500, `{}`), reply(200, sessionJSON))
		n := 0
		c, _ := newClient(t, srv, client.Options{NewIdempotencyKey: func() string { n++; return "run-key-" + strconv.Itoa(n) }})
		_, err := c.Sessions.Create(context.Background(), nil)
		require.NoError(t, err)
		_, err = c.Sessions.Expire(context.Background(), "cs_1", nil)
		require.NoError(t, err)
		var ks []string
		for _, r := range srv.requests() {
			ks = append(ks, r.Header.Get("Idempotency-Key"))
		}
		return ks
	}
	first := keys()
	assert.Equal(t, []string{"run-key-1", "run-key-1", "run-key-2"}, first, "retry reuses, next call gets the next key")
	assert.Equal(t, first, keys())
}

func TestShouldRetry(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header string // Stripe-Should-Retry; "" for none
		want   bool
	}{
		{name: "409 lock timeout", status: 409, want: true},
		{name: "429 rate limited", status: 429, want: true},
		{name: "500", status: 500, want: true},
		{name: "503", status: 503, want: true},
		{name: "400", status: 400, want: false},
		{name: "402 card declined", status: 402, want: false},
		{name: "404", status: 404, want: false},
		{name: "200", status: 200, want: false},
		{name: "503 told not to", status: 503, header: "false", want: false},
		{name: "429 told not to", status: 429, header: "false", want: false},
		{name: "400 told to", status: 400, header: "true", want: true},
		{name: "404 told to", status: 404, header: "true", want: true},
		{name: "2xx never, even when told to", status: 200, header: "true", want: false},
		{name: "other header value: status decides", status: 400, header: "maybe", want: false},
		{name: "other header value on 500", status: 500, header: "TRUE", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.header != "" {
				h.Set("Stripe-Should-Retry", tt.header)
			}
			assert.Equal(t, tt.want, client.ShouldRetry(tt.status, h))
		})
	}
	assert.True(t, client.ShouldRetry(502, nil), "nil header")
	assert.False(t, client.ShouldRetry(400, nil), "nil header")
}

// The client's own retry decision for a response is ShouldRetry: the
// recorder relies on the two never disagreeing.
func TestClientRetriesExactlyWhenShouldRetry(t *testing.T) {
	for _, status := range []int{400, 401, 402, 404, 409, 418, 429, 500, 502, 503, 504} {
		for _, header := range []string{"", "true", "false", "1"} {
			t.Run(strconv.Itoa(status)+"/"+header, func(t *testing.T) {
				var kv []string
				h := http.Header{}
				if header != "" {
					kv = []string{"Stripe-Should-Retry", header}
					h.Set("Stripe-Should-Retry", header)
				}
				srv := newServer(t, reply(status, `{"error":{"type":"api_error"}}`, kv...), reply(200, sessionJSON))
				c, _ := newClient(t, srv, client.Options{MaxRetries: intp(1)})
				_, err := c.Sessions.Retrieve(context.Background(), "cs_1", nil)
				retried := len(srv.requests()) == 2
				assert.Equal(t, client.ShouldRetry(status, h), retried, "retried")
				assert.Equal(t, retried, err == nil)
			})
		}
	}
}
