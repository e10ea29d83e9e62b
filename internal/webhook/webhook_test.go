package webhook

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/checkoutvcr/checkoutvcr/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const secret = "whsec_test_123"

func events(t *testing.T, ids ...string) []webhooktest.Event {
	var out []webhooktest.Event
	for _, id := range ids {
		ev, err := webhooktest.ParseEvent(fmt.Appendf(nil, `{"id":%q,"object":"event","type":"checkout.session.completed","data":{"object":{"id":"cs_1"}}}`, id))
		require.NoError(t, err)
		out = append(out, ev)
	}
	return out
}

// endpoint is a receiver that verifies each signature and answers from
// statuses in turn (then 200), recording the event ids it accepted.
type endpoint struct {
	mu       sync.Mutex
	statuses []int
	got      []string
	tries    int
}

func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	if err := webhooktest.Verify(b, r.Header.Get(webhooktest.SignatureHeader), secret, 0, time.Now()); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ev, _ := webhooktest.ParseEvent(b)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tries++
	if len(e.statuses) > 0 {
		s := e.statuses[0]
		e.statuses = e.statuses[1:]
		if s == http.StatusFound {
			http.Redirect(w, r, "/elsewhere", s)
			return
		}
		w.WriteHeader(s)
		return
	}
	e.got = append(e.got, ev.ID)
}

func newSender(t *testing.T, url string, f func(*Options)) (*Sender, *[]time.Duration) {
	var slept []time.Duration
	o := Options{Endpoints: []Endpoint{{URL: url, Secret: secret}},
		Sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }}
	if f != nil {
		f(&o)
	}
	s, err := New(o)
	require.NoError(t, err)
	return s, &slept
}

// TestRetriesWithBackoff: a failing endpoint is retried with doubling
// waits until it accepts; one that never accepts gets Attempts tries.
func TestRetriesWithBackoff(t *testing.T) {
	ep := &endpoint{statuses: []int{500, 503, http.StatusFound}}
	ts := httptest.NewServer(ep)
	defer ts.Close()
	s, slept := newSender(t, ts.URL, nil)
	rs := s.Deliver(context.Background(), events(t, "evt_1"))
	require.Len(t, rs, 1)
	assert.True(t, rs[0].Delivered)
	assert.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, *slept)
	var statuses []int
	for _, a := range rs[0].Attempts {
		statuses = append(statuses, a.Status)
	}
	assert.Equal(t, []int{500, 503, 302, 200}, statuses, "a redirect is a failure, as on Stripe")
	assert.Equal(t, []string{"evt_1"}, ep.got)

	down := &endpoint{statuses: []int{500, 500, 500, 500, 500}}
	ts2 := httptest.NewServer(down)
	defer ts2.Close()
	s2, slept2 := newSender(t, ts2.URL, func(o *Options) { o.Attempts = 3; o.Backoff = 10 * time.Millisecond })
	rs = s2.Deliver(context.Background(), events(t, "evt_1"))
	assert.False(t, rs[0].Delivered)
	assert.Len(t, rs[0].Attempts, 3)
	assert.Equal(t, 3, down.tries)
	assert.Equal(t, []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}, *slept2)
	assert.EqualError(t, rs[0].Attempts[2].Err, "endpoint answered 500")

	// No connection at all is retried too; a cancelled wait ends it.
	ctx, cancel := context.WithCancel(context.Background())
	s3, _ := newSender(t, "http://127.0.0.1:1/", func(o *Options) {
		o.Sleep = func(context.Context, time.Duration) error { cancel(); return ctx.Err() }
	})
	rs = s3.Deliver(ctx, events(t, "evt_1"))
	assert.False(t, rs[0].Delivered)
	require.Len(t, rs[0].Attempts, 2)
	assert.Zero(t, rs[0].Attempts[0].Status)
	assert.ErrorIs(t, rs[0].Attempts[1].Err, context.Canceled)
}

// TestDuplicatesAndReorder: on demand every event comes twice and each
// pair is swapped; by default they come once, in order.
func TestDuplicatesAndReorder(t *testing.T) {
	for _, tc := range []struct {
		name       string
		dup, reord bool
		want       []string
	}{
		{"in order", false, false, []string{"evt_1", "evt_2", "evt_3"}},
		{"reordered", false, true, []string{"evt_2", "evt_1", "evt_3"}},
		{"duplicated", true, false, []string{"evt_1", "evt_2", "evt_3", "evt_1", "evt_2", "evt_3"}},
		{"both", true, true, []string{"evt_2", "evt_1", "evt_3", "evt_2", "evt_1", "evt_3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ep := &endpoint{}
			ts := httptest.NewServer(ep)
			defer ts.Close()
			s, _ := newSender(t, ts.URL, func(o *Options) { o.Duplicates, o.Reorder = tc.dup, tc.reord })
			var dups int
			s.Go(context.Background(), events(t, "evt_1", "evt_2", "evt_3"), func(r Result) {
				if r.Duplicate {
					dups++
				}
			})
			s.Wait()
			assert.Equal(t, tc.want, ep.got)
			assert.Equal(t, len(tc.want)-3, dups)
		})
	}
}

func TestEndpoints(t *testing.T) {
	e, err := ParseEndpoint("http://127.0.0.1:4242/hook?a=b=whsec_abc")
	require.NoError(t, err)
	assert.Equal(t, Endpoint{URL: "http://127.0.0.1:4242/hook?a=b", Secret: "whsec_abc"}, e)
	e, err = ParseEndpoint("http://127.0.0.1:4242/hook=whsec_abc@2025-08-27.basil")
	require.NoError(t, err)
	assert.Equal(t, Endpoint{URL: "http://127.0.0.1:4242/hook", Secret: "whsec_abc", APIVersion: "2025-08-27.basil"}, e)
	for _, bad := range []string{"http://x/hook", "http://x/hook=sk_test_1", "ftp://x=whsec_1", "http://x=whsec_",
		"http://x=whsec_1@basil", "http://x=whsec_1@", "http://x=whsec_@2025-08-27.basil"} {
		_, err := ParseEndpoint(bad)
		assert.Error(t, err, bad)
	}
	_, err = New(Options{})
	assert.Error(t, err)
}

// TestRendersAtEachEndpointsVersion: each endpoint gets the events
// rendered at its own version, or at DefaultVersion when it has none.
func TestRendersAtEachEndpointsVersion(t *testing.T) {
	type got struct {
		mu     sync.Mutex
		bodies []string
	}
	recv := func(g *got) string {
		return newURL(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			g.mu.Lock()
			g.bodies = append(g.bodies, string(b))
			g.mu.Unlock()
		}))
	}
	var basil, plain got
	render := func(b []byte, v string) []byte { return append([]byte(v+" "), b...) }
	s, err := New(Options{
		Endpoints: []Endpoint{{URL: recv(&basil), Secret: secret, APIVersion: "2025-08-27.basil"}, {URL: recv(&plain), Secret: secret}},
		Render:    render, DefaultVersion: "2026-08-26.dahlia",
	})
	require.NoError(t, err)
	evs := events(t, "evt_1")
	for _, r := range s.Deliver(context.Background(), evs) {
		assert.True(t, r.Delivered, "%+v", r)
	}
	assert.Equal(t, []string{"2025-08-27.basil " + string(evs[0].Body)}, basil.bodies)
	assert.Equal(t, []string{"2026-08-26.dahlia " + string(evs[0].Body)}, plain.bodies)
}

func newURL(t *testing.T, h http.Handler) string {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestPendingBatchesBounded: with an endpoint that hangs, Go holds at
// most MaxPending batches; each delivery of a batch past that is
// reported at once as not delivered (ErrQueueFull), and the held ones are
// delivered once the endpoint answers again.
func TestPendingBatchesBounded(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		ev, _ := webhooktest.ParseEvent(must(io.ReadAll(r.Body)))
		mu.Lock()
		got = append(got, ev.ID)
		mu.Unlock()
	}))
	defer srv.Close()
	defer close(release)
	s, _ := newSender(t, srv.URL, func(o *Options) { o.MaxPending = 2 })
	var rmu sync.Mutex
	var full, delivered int
	report := func(r Result) {
		rmu.Lock()
		defer rmu.Unlock()
		switch {
		case r.Delivered:
			delivered++
		case len(r.Attempts) == 1 && r.Attempts[0].Err == ErrQueueFull:
			full++
		}
	}
	for i := range 5 {
		s.Go(context.Background(), events(t, fmt.Sprint("evt_", i)), report)
	}
	rmu.Lock()
	assert.Equal(t, 3, full, "batches past the bound are reported at once")
	rmu.Unlock()
	release <- struct{}{}
	release <- struct{}{}
	s.Wait()
	assert.Equal(t, 2, delivered)
	assert.ElementsMatch(t, []string{"evt_0", "evt_1"}, got)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
