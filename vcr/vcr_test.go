package vcr_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/vcr"
)

// flaky answers 503 to the first request it gets, then 200 with the count.
func flaky(t *testing.T, failures int32) *httptest.Server {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if k <= failures {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"error":{"type":"api_error"}}`))
			return
		}
		w.Write([]byte(`{"object":"checkout.session","id":"cs_test_1"}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func send(t *testing.T, rt http.RoundTripper, url, form, key string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/v1/checkout/sessions", strings.NewReader(form))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer sk_test_123")
	req.Header.Set("Idempotency-Key", key)
	resp, err := (&http.Client{Transport: rt}).Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

func interactions(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return strings.Count(string(data), "\n    - id: ")
}

// TestRetriedPredicate: an exchange the rule calls retryable, followed by
// the same request with the same Idempotency-Key, is not saved; the same
// request under another key (a second call of the code) is.
func TestRetriedPredicate(t *testing.T) {
	srv := flaky(t, 1)
	path := filepath.Join(t.TempDir(), "c.yaml")
	rec, err := vcr.Record(path, vcr.RecordOptions{Retried: shouldRetry})
	require.NoError(t, err)
	assert.Equal(t, 503, send(t, rec, srv.URL, "mode=payment", "k1"))
	assert.Equal(t, 200, send(t, rec, srv.URL, "mode=payment", "k1"), "the retry")
	assert.Equal(t, 200, send(t, rec, srv.URL, "mode=payment", "k2"), "the code's own second call")
	assert.Equal(t, 2, rec.Interactions())
	require.NoError(t, rec.Commit())
	assert.Equal(t, 2, interactions(t, path))
	data, _ := os.ReadFile(path)
	assert.NotContains(t, string(data), "code: 503", "the retried 503 is not saved (the port number may hold \"503\")")
	assert.NotContains(t, string(data), "sk_test_123")
	assert.NotContains(t, string(data), "Authorization")
}

// shouldRetry is this module's client's rule.
func shouldRetry(status int, h http.Header, _ []byte) bool { return client.ShouldRetry(status, h) }

// TestRetriedPredicateNil: without a rule, a 503 and the same request
// after it are both kept: nothing says the client retried.
func TestRetriedPredicateNil(t *testing.T) {
	srv := flaky(t, 1)
	path := filepath.Join(t.TempDir(), "c.yaml")
	rec, err := vcr.Record(path, vcr.RecordOptions{})
	require.NoError(t, err)
	send(t, rec, srv.URL, "mode=payment", "k1")
	send(t, rec, srv.URL, "mode=payment", "k1")
	assert.Equal(t, 2, rec.Interactions())
}

// TestRetriedNotification: the client's own word drops exactly the
// exchange it received last.
func TestRetriedNotification(t *testing.T) {
	srv := flaky(t, 1)
	path := filepath.Join(t.TempDir(), "c.yaml")
	rec, err := vcr.Record(path, vcr.RecordOptions{})
	require.NoError(t, err)
	require.Equal(t, 503, send(t, rec, srv.URL, "mode=payment", "k1"))
	rec.Retried()
	send(t, rec, srv.URL, "mode=payment", "k1")
	require.NoError(t, rec.Commit())
	assert.Equal(t, 1, interactions(t, path))
	data, _ := os.ReadFile(path)
	assert.NotContains(t, string(data), "code: 503", "the retried 503 is not saved (the port number may hold \"503\")")
}

// TestAbortKeepsTheOldCassette: all or nothing.
func TestAbortKeepsTheOldCassette(t *testing.T) {
	srv := flaky(t, 0)
	path := filepath.Join(t.TempDir(), "c.yaml")
	require.NoError(t, os.WriteFile(path, []byte("old\n"), 0o644))
	rec, err := vcr.Record(path, vcr.RecordOptions{})
	require.NoError(t, err)
	send(t, rec, srv.URL, "mode=payment", "k1")
	rec.Abort()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old\n", string(data))
	entries, _ := os.ReadDir(filepath.Dir(path))
	assert.Len(t, entries, 1, "no temp file left")
}

// TestReplayMiss: a request with no recorded exchange is a *MissError
// through http.Client, naming the closest one; a missing cassette is
// ErrNotFound; a broken one names the file and the caller's command.
func TestReplayMiss(t *testing.T) {
	srv := flaky(t, 0)
	dir := t.TempDir()
	path := filepath.Join(dir, "c.yaml")
	rec, err := vcr.Record(path, vcr.RecordOptions{})
	require.NoError(t, err)
	send(t, rec, srv.URL, "mode=payment", "k1")
	require.NoError(t, rec.Commit())

	rp, err := vcr.Replay(path, vcr.ReplayOptions{})
	require.NoError(t, err)
	req, _ := http.NewRequest(http.MethodPost, "http://x/v1/checkout/sessions", strings.NewReader("mode=setup"))
	_, err = (&http.Client{Transport: rp}).Do(req)
	var miss *vcr.MissError
	require.True(t, errors.As(err, &miss), "%v", err)
	assert.Equal(t, 0, miss.Closest)
	assert.Equal(t, []string{"form mode: recorded payment, sent setup"}, miss.Differences)
	assert.Equal(t, []string{"interaction 0: POST /v1/checkout/sessions"}, rp.Unused())
	assert.Empty(t, rp.Exchanges())

	_, err = vcr.Replay(filepath.Join(dir, "none.yaml"), vcr.ReplayOptions{})
	assert.ErrorIs(t, err, vcr.ErrNotFound)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "empty.yaml"), nil, 0o644))
	_, err = vcr.Replay(filepath.Join(dir, "empty.yaml"), vcr.ReplayOptions{Rerecord: "go test -run TestX -record"})
	assert.EqualError(t, err, filepath.Join(dir, "empty.yaml")+": cassette is empty; re-record it with go test -run TestX -record")
}

// TestServerStamp: the declared server is stamped and read back.
func TestServerStamp(t *testing.T) {
	srv := flaky(t, 0)
	path := filepath.Join(t.TempDir(), "c.yaml")
	rec, err := vcr.Record(path, vcr.RecordOptions{Server: vcr.Server{Kind: vcr.ServerStripeMock, Local: true}})
	require.NoError(t, err)
	send(t, rec, srv.URL, "mode=payment", "k1")
	require.NoError(t, rec.Commit())
	data, _ := os.ReadFile(path)
	assert.Contains(t, string(data), "url: http://stripe-mock/v1/checkout/sessions", "a local host:port is anonymised")
	rp, err := vcr.Replay(path, vcr.ReplayOptions{})
	require.NoError(t, err)
	send(t, rp, "http://elsewhere", "mode=payment", "k9")
	exs := rp.Exchanges()
	require.Len(t, exs, 1)
	assert.Equal(t, vcr.Server{Kind: vcr.ServerStripeMock, Local: true}, vcr.ServerOf(exs[0].Header))
	assert.Equal(t, "payment", exs[0].Form.Get("mode"))
	assert.Equal(t, path, exs[0].File)
	assert.Positive(t, exs[0].Line)
}

// TestConstantsAreTheInternalOnes: the public names spell the values the
// rest of checkoutvcr writes and reads.
func TestConstantsAreTheInternalOnes(t *testing.T) {
	assert.Equal(t, cassette.Placeholder, vcr.Placeholder)
	assert.Equal(t, cassette.ServerHeader, vcr.ServerHeader)
	assert.Equal(t, []string{cassette.ServerStripeMock, cassette.ServerStripe, cassette.ServerLocal, cassette.ServerCustom},
		[]string{vcr.ServerStripeMock, vcr.ServerStripe, vcr.ServerLocal, vcr.ServerCustom})
}

// TestRedactionDefaults: personal data is scrubbed by default; a field
// can be kept, more can be named, and the defaults can be left out.
func TestRedactionDefaults(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"object":"checkout.session","customer_email":"jo@example.com","customer_details":{"phone":"+15551234"},"metadata":{"order":"o-42"}}`))
	}))
	defer srv.Close()
	for _, tt := range []struct {
		name       string
		opts       vcr.RecordOptions
		kept, gone []string
	}{
		{"zero value", vcr.RecordOptions{}, []string{"o-42"}, []string{"jo@example.com", "+15551234"}},
		{"keep one", vcr.RecordOptions{KeepFields: []string{"customer_email"}}, []string{"jo@example.com", "o-42"}, []string{"+15551234"}},
		{"one more", vcr.RecordOptions{RedactFields: []string{"metadata.order"}}, nil, []string{"jo@example.com", "+15551234", "o-42"}},
		{"no defaults", vcr.RecordOptions{NoDefaultRedactFields: true}, []string{"jo@example.com", "+15551234", "o-42"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.yaml")
			rec, err := vcr.Record(path, tt.opts)
			require.NoError(t, err)
			send(t, rec, srv.URL, "mode=payment", "k1")
			require.NoError(t, rec.Commit())
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			for _, s := range tt.kept {
				assert.Contains(t, string(data), s)
			}
			for _, s := range tt.gone {
				assert.NotContains(t, string(data), s)
			}
		})
	}
	assert.Contains(t, vcr.DefaultRedactFields(), "customer_details.email")
}

// TestCommitCreatesTheFolder: a first recording needs no mkdir.
func TestCommitCreatesTheFolder(t *testing.T) {
	srv := flaky(t, 0)
	path := filepath.Join(t.TempDir(), "testdata", "cassettes", "c.yaml")
	rec, err := vcr.Record(path, vcr.RecordOptions{})
	require.NoError(t, err)
	send(t, rec, srv.URL, "mode=payment", "k1")
	require.NoError(t, rec.Commit())
	assert.Equal(t, 1, interactions(t, path))
}
