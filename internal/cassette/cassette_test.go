package cassette

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vcrcassette "gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"
)

const secretKey = "sk_test_RECOGNISABLE0123456789"

// fakeStripe answers like stripe-mock, echoing a client_secret and the key.
func fakeStripe(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Stripe-Mock-Version", "test")
		w.Header().Set("Set-Cookie", "session=abc")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"object":"checkout.session","client_secret":"cs_test_1_secret_xyz","note":"`+r.Header.Get("Authorization")+`"}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func post(t *testing.T, rt http.RoundTripper, url, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+secretKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := rt.RoundTrip(req)
	require.NoError(t, err)
	return resp
}

// record records one POST per body and returns the response bodies the
// client saw.
func record(t *testing.T, path string, bodies ...string) []string {
	t.Helper()
	srv := fakeStripe(t)
	rec, err := Record(path, http.DefaultTransport, Redactor{Secrets: []string{secretKey}})
	require.NoError(t, err)
	var seen []string
	for _, b := range bodies {
		resp := post(t, rec.Transport(), srv.URL+"/v1/checkout/sessions", b)
		got, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		resp.Body.Close()
		seen = append(seen, string(got))
	}
	require.NoError(t, rec.Commit())
	return seen
}

func TestRecordRedactsBeforeSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.yaml")
	seen := record(t, path, "mode=payment&metadata[k]="+secretKey)
	assert.Contains(t, seen[0], "cs_test_1_secret_xyz", "the client sees the response as sent; only the cassette is redacted")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(data)
	assert.NotContains(t, text, secretKey)
	assert.NotContains(t, text, "cs_test_1_secret_xyz")
	assert.NotContains(t, text, "Authorization")
	assert.NotContains(t, text, "session=abc")
	assert.Contains(t, text, `"client_secret":"REDACTED"`)
	assert.Contains(t, text, "content_length: 81", "lengths follow the redacted body")
	assert.Contains(t, text, "http://stripe-mock/v1/checkout/sessions", "loopback host:port is replaced so re-records are stable")
}

func TestAbortKeepsOldCassette(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.yaml")
	record(t, path, "mode=payment")
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	rec, err := Record(path, http.DefaultTransport, Redactor{})
	require.NoError(t, err)
	resp := post(t, rec.Transport(), fakeStripe(t).URL+"/v1/checkout/sessions", "mode=setup")
	resp.Body.Close()
	rec.Abort()

	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temp file may be left behind")
}

func TestReplayMatchesInOrderAndExplainsMisses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.yaml")
	record(t, path, "line_items[0][quantity]=2&mode=payment", "mode=payment&line_items[0][quantity]=2")
	rp, err := Replay(path)
	require.NoError(t, err)

	// Key order does not matter; identical requests replay in recorded order.
	post(t, rp.Transport(), "https://api.stripe.com/v1/checkout/sessions", "mode=payment&line_items[0][quantity]=2").Body.Close()
	req, _ := http.NewRequest("POST", "https://api.stripe.com/v1/checkout/sessions", strings.NewReader("mode=payment&line_items[0][quantity]=3"))
	_, err = rp.Transport().RoundTrip(req)
	var miss *MissError
	require.True(t, errors.As(err, &miss), "got %v", err)
	assert.Equal(t, "no recorded interaction for POST /v1/checkout/sessions; closest is interaction 1: form line_items[0][quantity]: recorded 2, sent 3", miss.Error())

	assert.Equal(t, []int{0}, ids(rp.Served()))
	unused := rp.Finish()
	assert.Equal(t, []Unused{{ID: 1, Request: "POST /v1/checkout/sessions"}}, unused)
}

func ids(s []Served) []int {
	var out []int
	for _, x := range s {
		out = append(out, x.ID)
	}
	return out
}

func TestReplayErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Replay(filepath.Join(dir, "missing.yaml"))
	assert.ErrorIs(t, err, ErrNotFound)

	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("---\nversion: 2\ninteractions:\n  - id: 0\n   request: {}\n"), 0o644))
	_, err = Replay(bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), bad+":5: cassette is not valid YAML", "the misindented line, not the start of its block")

	old := filepath.Join(dir, "old.yaml")
	require.NoError(t, os.WriteFile(old, []byte("---\nversion: 1\ninteractions: []\n"), 0o644))
	_, err = Replay(old)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a go-vcr v3 cassette")
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestCommitRefusesWhatReplayRefuses (issue 25 case 5): a body under the
// record's body cap whose YAML form breaks the cassette limits (3 MB of
// control characters, escaped to 12 MB on one line) is not saved: Commit
// fails saying why, the old cassette stays as it was, and no temp file is
// left. The rule is the one replay reads with, applied to the bytes
// written.
func TestCommitRefusesWhatReplayRefuses(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.yaml")
	record(t, path, "mode=payment")
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	body := strings.Repeat("\x01", 3<<20)
	rec, err := Record(path, roundTripperFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
	}), Redactor{})
	require.NoError(t, err)
	resp := post(t, rec.Transport(), "http://127.0.0.1:1/v1/checkout/sessions", "mode=setup")
	_, err = io.Copy(io.Discard, resp.Body)
	require.NoError(t, err)
	resp.Body.Close()

	err = rec.Commit()
	require.ErrorIs(t, err, ErrUnreadable)
	assert.Contains(t, err.Error(), "save "+path+": not saved")
	assert.Regexp(t, `\(cassette:\d+: line is \d+ bytes; a recorded body is limited to 8388608`, err.Error())
	assert.NotContains(t, err.Error(), ".tmp-", "the temp file is not named")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the old cassette is kept")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temp file may be left behind")
}

// TestRecordDoesNotWaitOutLatency (issue 25 case 7): the recorder answers
// as soon as the server has; it never waits out the exchange's latency a
// second time. go-vcr's wait takes the interaction's Duration after its
// before-response-replay hooks: the test sets it to a day there, so a
// recorder that waits would hang (the watchdog fails it), while one that
// does not returns at once.
func TestRecordDoesNotWaitOutLatency(t *testing.T) {
	srv := fakeStripe(t)
	rec, err := Record(filepath.Join(t.TempDir(), "s.yaml"), http.DefaultTransport, Redactor{})
	require.NoError(t, err)
	rec.rec.AddHook(func(i *vcrcassette.Interaction) error {
		i.Response.Duration = 24 * time.Hour
		return nil
	}, recorder.BeforeResponseReplayHook)
	done := make(chan *http.Response, 1)
	go func() {
		resp := post(t, rec.Transport(), srv.URL+"/v1/checkout/sessions", "mode=payment")
		resp.Body.Close()
		done <- resp
	}()
	select {
	case resp := <-done:
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	case <-time.After(time.Minute): // a watchdog, not a speed goal
		t.Fatal("the recorder is waiting out the recorded latency (24h) before answering")
	}
	rec.Abort()
}
