package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
)

// spyProxy forwards to stripe-mock and remembers what went through: the
// Authorization headers sent and every client_secret value it put into
// stripe-mock's answers.
type spyProxy struct {
	forward http.Handler
	mu      sync.Mutex
	auth    map[string]bool
	secrets map[string]bool
}

var nullSecret = regexp.MustCompile(`"client_secret"\s*:\s*null`)

func newSpyProxy(t *testing.T) (*spyProxy, string) {
	t.Helper()
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	p := &spyProxy{auth: map[string]bool{}, secrets: map[string]bool{}}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		// stripe-mock answers client_secret: null; Stripe sends a value
		// for embedded sessions. Put one in, different each time.
		body = nullSecret.ReplaceAllFunc(body, func([]byte) []byte {
			v := fmt.Sprintf("cs_test_spy%d_secret_SPYsecret%d", len(p.secrets), len(p.secrets))
			p.secrets[v] = true
			return []byte(`"client_secret":"` + v + `"`)
		})
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	p.forward = rp
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv.URL
}

func (p *spyProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.auth[r.Header.Get("Authorization")] = true
	p.mu.Unlock()
	p.forward.ServeHTTP(w, r)
}

// TestNoSecretInCassettesLogsOrReports records every scenario with a
// recognisable key, then verifies them, and scans every byte written: the
// cassettes, record's log (stdout and stderr), and verify's report as
// text, JSON and JUnit. None may hold the key, any part of it, or any
// client_secret value the server sent.
func TestNoSecretInCassettesLogsOrReports(t *testing.T) {
	spy, base := newSpyProxy(t)
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", dir, "-parallel", "4"},
		env(map[string]string{"STRIPE_API_BASE": base, "STRIPE_SECRET_KEY": recognisableKey}), &out, &errOut)
	require.NoError(t, err, "record: %s%s", out.String(), errOut.String())
	require.NotEmpty(t, spy.secrets, "the proxy put client_secret values into the answers; the scan needs some")
	assert.Equal(t, map[string]bool{"Bearer " + recognisableKey: true}, spy.auth, "the key is sent, as a bearer token")

	outputs := map[string][]byte{"record stdout": out.Bytes(), "record stderr": errOut.Bytes()}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		outputs[f] = data
	}
	rep, err := verify.Run(context.Background(), verify.Options{Scenarios: "../../scenarios", Cassettes: dir})
	require.NoError(t, err)
	for _, f := range []report.Format{report.FormatText, report.FormatJSON, report.FormatJUnit} {
		var buf bytes.Buffer
		require.NoError(t, report.Write(&buf, rep, report.Options{Format: f}))
		outputs["verify report "+string(f)] = buf.Bytes()
	}

	forbidden := []string{recognisableKey, "checkoutvcrRECOGNISABLE", "RECOGNISABLEkey0123456789"}
	for s := range spy.secrets {
		forbidden = append(forbidden, s)
	}
	for name, data := range outputs {
		for _, s := range forbidden {
			assert.False(t, bytes.Contains(data, []byte(s)), "%s holds %q", name, s)
		}
		assert.NotContains(t, strings.ToLower(string(data)), "bearer ", name)
	}
}

// TestRestrictedTestKeyAccepted records with an rk_test_ key: accepted,
// sent only to the configured base URL, and kept out of the cassette.
func TestRestrictedTestKeyAccepted(t *testing.T) {
	const key = "rk_test_checkoutvcrRESTRICTED0123456789"
	spy, base := newSpyProxy(t)
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", dir, "-run", "^lifecycle$"},
		env(map[string]string{"STRIPE_API_BASE": base, "STRIPE_SECRET_KEY": key}), &out, &errOut)
	require.NoError(t, err, "record: %s%s", out.String(), errOut.String())
	assert.Contains(t, out.String(), "✓ lifecycle")
	assert.Equal(t, map[string]bool{"Bearer " + key: true}, spy.auth)
	data, err := os.ReadFile(filepath.Join(dir, "lifecycle.yaml"))
	require.NoError(t, err)
	assert.NotContains(t, string(data), "RESTRICTED")
}

// TestRedirectToAnotherHostNeverGetsTheKey points record at a server that
// redirects every request to another host (another port on loopback, and
// "localhost" for 127.0.0.1). The other host must see no request at all,
// so never the Authorization header; the scenario fails and nothing is
// saved.
func TestRedirectToAnotherHostNeverGetsTheKey(t *testing.T) {
	var reached atomic.Int32
	var sawAuth atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		sawAuth.Store(r.Header.Get("Authorization"))
		w.Write([]byte(`{"id":"cs_test_stolen","object":"checkout.session"}`))
	}))
	defer other.Close()
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				to := strings.Replace(other.URL, "127.0.0.1", "localhost", 1) + r.URL.RequestURI()
				http.Redirect(w, r, to, status)
			}))
			defer redirector.Close()
			dir := t.TempDir()
			var out, errOut bytes.Buffer
			err := run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", dir, "-run", "^lifecycle$"},
				env(map[string]string{"STRIPE_API_BASE": redirector.URL, "STRIPE_SECRET_KEY": recognisableKey}), &out, &errOut)
			require.ErrorIs(t, err, errFailed)
			assert.Contains(t, out.String(), "✗ lifecycle")
			assert.NotContains(t, out.String()+errOut.String(), recognisableKey)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "nothing saved, no temp file")
		})
	}
	assert.Zero(t, reached.Load(), "the other host was reached (Authorization: %v)", sawAuth.Load())
}

// TestMalformedKeyRefusedAtStart: a key with a trailing CR or newline, a
// header injected after it, a space, or nothing after the prefix is
// refused before any scenario runs: exit 2, one line, the key not echoed.
func TestMalformedKeyRefusedAtStart(t *testing.T) {
	for key, want := range map[string]string{
		"sk_test_abcsecret\r":          "STRIPE_SECRET_KEY ends with a carriage return",
		"sk_test_abcsecret\n":          "STRIPE_SECRET_KEY ends with a newline",
		"sk_test_abcsecret\nX-Evil: 1": "STRIPE_SECRET_KEY holds a newline at character 10 after sk_test_",
		"sk_test_abc secret":           "STRIPE_SECRET_KEY holds a space at character 4 after sk_test_",
		"sk_test_":                     "STRIPE_SECRET_KEY is sk_test_ and 0 characters",
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", t.TempDir()},
			env(map[string]string{"STRIPE_API_BASE": mock.URL(t), "STRIPE_SECRET_KEY": key}), &out, &errOut)
		require.Error(t, err, "%q", key)
		assert.Equal(t, 2, exitCode(err, &errOut), "%q", key)
		assert.Contains(t, errOut.String(), "record: "+want, "%q", key)
		assert.Equal(t, 1, strings.Count(errOut.String(), "\n"), "one line: %q", errOut.String())
		assert.NotContains(t, out.String()+errOut.String(), "abcsecret")
		assert.NotContains(t, out.String()+errOut.String(), "X-Evil")
		assert.NotContains(t, out.String(), "✗", "no scenario ran")
	}
}
