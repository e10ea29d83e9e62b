package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock/stripemocktest"
	"github.com/checkoutvcr/checkoutvcr/webhooktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mock is one stripe-mock for the whole test binary, started by the first
// test that asks for it: the tests that exercise the server (not its
// start-up) pass it with -stripe-mock (start, or
// TestTakenPortNamesItsHolder's own), so each does not pay for starting
// its own. TestServesAndShutsDownCleanly
// and TestStartsBesideAStripeMockOnItsDefaultPorts start the command
// without it, as a user does.
var mock stripemocktest.Shared

func TestMain(m *testing.M) { os.Exit(mock.Run(m)) }

func TestHelpDocumentsEveryFlag(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"-h"}, io.Discard, &stderr)
	assert.True(t, errors.Is(err, flag.ErrHelp))
	assert.Equal(t, 0, exitCode(err, io.Discard))
	for _, f := range []string{"-addr", "-stripe-mock", "-spec", "-fixtures", "-allow-non-loopback", "-epoch", "-api-version", "-webhook", "-webhook-attempts", "-webhook-duplicates", "-webhook-reorder"} {
		assert.Contains(t, stderr.String(), "  "+f, f)
	}
}

func TestRefusesNonLoopbackAndBadFlags(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-addr", "0.0.0.0:8080"}, `-addr "0.0.0.0:8080" is not a loopback address`},
		{[]string{"-addr", "example.com:80"}, "is not a loopback address"},
		{[]string{"-addr", "nonsense"}, `-addr "nonsense"`},
		{[]string{"-nope"}, "flag provided but not defined: -nope"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-webhook", "http://127.0.0.1:1/hook=notasecret"}, "the signing secret must start with whsec_"},
		{[]string{"-api-version", "basil"}, `-api-version "basil": want a Stripe API version`},
		{[]string{"-webhook", "http://127.0.0.1:1/hook=whsec_1@dahlia"}, `"dahlia" after @ is not a Stripe API version`},
		{[]string{"-api-version", "2099-01-01.zzz"}, `-api-version 2099-01-01.zzz: "zzz" is not a Stripe API major the contracts know`},
		{[]string{"-webhook", "http://127.0.0.1:1/hook=whsec_1@2025-08-27.dahlia"}, "after @: 2025-08-27.dahlia: 2025-08-27 falls in basil's releases, not dahlia's"},
		{[]string{"-epoch", "-1"}, "-epoch -1: want Unix seconds from 0 to 253402300799"},
		{[]string{"-epoch", "9223372036854775807"}, "-epoch 9223372036854775807: want Unix seconds"},
		{[]string{"-epoch", "1e300"}, `invalid value "1e300" for flag -epoch`},
		{[]string{"-webhook-attempts", "0"}, "-webhook-attempts 0: want 1 to 10 deliveries"},
		{[]string{"-webhook-attempts", "-1"}, "-webhook-attempts -1: want 1 to 10 deliveries"},
		{[]string{"-webhook-attempts", "11"}, "-webhook-attempts 11: want 1 to 10 deliveries"},
		{[]string{"-webhook-attempts", "1e9"}, `invalid value "1e9" for flag -webhook-attempts`},
		{[]string{"-webhook-attempts", "99999999999999999999"}, `invalid value "99999999999999999999" for flag -webhook-attempts`},
	}
	for _, tc := range cases {
		var stderr bytes.Buffer
		err := run(context.Background(), tc.args, io.Discard, io.Discard)
		require.Error(t, err, tc.args)
		assert.Equal(t, 2, exitCode(err, &stderr), tc.args)
		assert.Contains(t, stderr.String(), tc.want, tc.args)
		assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line: %q", stderr.String())
	}
	assert.NoError(t, checkLoopback("0.0.0.0:8080", true), "-allow-non-loopback")
	assert.NoError(t, checkLoopback("[::1]:8080", false))
	assert.NoError(t, checkLoopback("localhost:8080", false))
}

// TestServesAndShutsDownCleanly starts the command with its own
// stripe-mock, creates a session through it, then cancels (what SIGINT
// does): run returns nil and stripe-mock is stopped.
func TestServesAndShutsDownCleanly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, pw, io.Discard); pw.Close() }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	m := regexp.MustCompile(`listening on (http://\S+) \(stripe-mock at (http://\S+)\)`).FindStringSubmatch(line)
	require.NotNil(t, m, line)
	go io.Copy(io.Discard, pr)

	req, _ := http.NewRequest(http.MethodPost, m[1]+"/v1/checkout/sessions", strings.NewReader(
		"mode=setup&currency=usd&success_url=https://example.com/ok"))
	req.Header.Set("Authorization", "Bearer sk_test_123")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	assert.Contains(t, string(body), `"payment_status": "no_payment_required"`)

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after the context was cancelled")
	}
	for _, u := range m[1:] {
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(u, "http://"), 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		assert.Error(t, err, "%s still answers after shutdown", u)
	}
}

// TestDeliversWebhooks: with -webhook, paying a session delivers its
// checkout.session.completed event, signed with the secret, to the
// endpoint; a failing first attempt is retried.
func TestDeliversWebhooks(t *testing.T) {
	const secret = "whsec_cmd_test"
	got := make(chan []byte, 4)
	var calls atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if err := webhooktest.Verify(b, r.Header.Get("Stripe-Signature"), secret, 0, time.Now()); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		got <- b
	}))
	defer hook.Close()
	var waits []time.Duration // written by the delivery goroutine before the 2nd attempt, read after it
	webhookSleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	t.Cleanup(func() { webhookSleep = nil })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	base, done := start(t, ctx, &stderr, "-webhook", hook.URL+"/hook="+secret)
	post := func(path, form string) map[string]any {
		status, m := postForm(t, base, path, form)
		require.Equal(t, http.StatusOK, status, "%v", m)
		return m
	}
	id := post("/v1/checkout/sessions", "mode=setup&currency=usd&success_url=https://example.com/ok")["id"].(string)
	post("/_checkoutvcr/sessions/"+id+"/pay", "")
	select {
	case b := <-got:
		ev, err := webhooktest.ParseEvent(b)
		require.NoError(t, err)
		assert.Equal(t, "checkout.session.completed", ev.Type)
		assert.Equal(t, id, ev.Object)
		assert.Contains(t, string(b), `"pending_webhooks": 1`)
	case <-time.After(20 * time.Second):
		t.Fatal("no delivery")
	}
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "webhook checkout.session.completed evt_") },
		10*time.Second, 10*time.Millisecond, "the delivery is logged")
	cancel()
	require.NoError(t, <-done)
	assert.Contains(t, stderr.String(), ": 200 after 2 attempt(s)")
	assert.Equal(t, []time.Duration{time.Second}, waits, "one wait, 1 s as -webhook-attempts says, before the retry")
	assert.NotContains(t, stderr.String(), secret, "the secret is never printed")
}

// start runs the command on 127.0.0.1:0 with args and stderr until ctx
// ends, and returns the base URL it listens on and where run's error
// arrives.
func start(t *testing.T, ctx context.Context, stderr io.Writer, args ...string) (string, <-chan error) {
	t.Helper()
	mockURL := mock.URL(t)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-stripe-mock", mockURL}, args...), pw, stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	base := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(line)[1]
	go io.Copy(io.Discard, pr)
	return base, done
}

// postForm POSTs form to base+path with a test key and returns the status
// and the decoded JSON answer.
func postForm(t *testing.T, base, path, form string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form))
	req.Header.Set("Authorization", "Bearer sk_test_123")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return resp.StatusCode, m
}

// syncBuffer is a bytes.Buffer safe for the delivery goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestWebhookCredentialsNeverPrinted: an endpoint URL with user:password@
// and a query is logged without either, in the delivery line and its error.
func TestWebhookCredentialsNeverPrinted(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close() // connection refused from now on
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	endpoint := strings.Replace(deadURL, "http://", "http://user:secretpw@", 1) + "/w?token=tokensecret9=whsec_x"
	base, done := start(t, ctx, &stderr, "-webhook-attempts", "1", "-webhook", endpoint)
	_, m := postForm(t, base, "/v1/checkout/sessions", "mode=setup&currency=usd&success_url=https://example.com/ok")
	id := m["id"].(string)
	postForm(t, base, "/_checkoutvcr/sessions/"+id+"/pay", "")
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "after 1 attempt(s)") },
		10*time.Second, 10*time.Millisecond, "the failed delivery is logged: %s", stderr.String())
	cancel()
	<-done
	out := stderr.String()
	for _, secret := range []string{"secretpw", "user:", "tokensecret9", "whsec_x"} {
		assert.NotContains(t, out, secret)
	}
	assert.Contains(t, out, strings.TrimPrefix(deadURL, "http://")+"/w?token=REDACTED", "the endpoint is still named")
}

// TestMissingStripeMockToolIsASetupError: run from a module without the
// stripe-mock tool line, checkoutserver exits 2 with the go get -tool line.
func TestMissingStripeMockToolIsASetupError(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "checkoutserver")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	mod := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/shop\n\ngo 1.26.0\n"), 0o644))
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), stripemock.BinaryEnv+"=")
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	err = cmd.Run()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "stderr:\n%s", errOut.String())
	assert.Equal(t, 2, exit.ExitCode(), "stderr:\n%s", errOut.String())
	assert.Contains(t, errOut.String(), "stripe-mock is not a tool of this module; add it with: go get -tool github.com/stripe/stripe-mock@")
}

// TestAnswersAtTheRequestsVersion drives the command over HTTP as stripe-go
// v82 does: a create at 2025-08-27.basil with ui_mode embedded is a 200
// with ui_mode embedded, a client_secret and the version in the
// Stripe-Version header; the same at dahlia is refused, as Stripe refuses
// it; with no header, -api-version answers.
func TestAnswersAtTheRequestsVersion(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := start(t, ctx, io.Discard, "-api-version", "2025-08-27.basil")
	const form = "mode=payment&ui_mode=embedded&return_url=https://example.com/return" +
		"&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=2000" +
		"&line_items[0][price_data][product_data][name]=T-shirt&line_items[0][quantity]=1"
	for _, tc := range []struct {
		name, version string
		wantStatus    int
		wantVersion   string
	}{
		{"basil", "2025-08-27.basil", http.StatusOK, "2025-08-27.basil"},
		{"dahlia", "2026-03-25.dahlia", http.StatusBadRequest, "2026-03-25.dahlia"},
		{"the account's default", "", http.StatusOK, "2025-08-27.basil"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, base+"/v1/checkout/sessions", strings.NewReader(form))
			req.Header.Set("Authorization", "Bearer sk_test_123")
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.version != "" {
				req.Header.Set("Stripe-Version", tc.version)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			var m map[string]any
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
			require.Equal(t, tc.wantStatus, resp.StatusCode, "%v", m)
			assert.Equal(t, tc.wantVersion, resp.Header.Get("Stripe-Version"))
			if tc.wantStatus != http.StatusOK {
				assert.Equal(t, "ui_mode", m["error"].(map[string]any)["param"], "%v", m)
				return
			}
			assert.Equal(t, "embedded", m["ui_mode"])
			assert.Contains(t, m["client_secret"], "_secret_")
		})
	}
	cancel()
	require.NoError(t, <-done)
}

// TestWebhookVersions: each -webhook endpoint gets events at its own
// version (URL=whsec_…@VERSION), else at -api-version.
func TestWebhookVersions(t *testing.T) {
	const secret = "whsec_cmd_test"
	type delivery struct {
		path string
		body map[string]any
	}
	got := make(chan delivery, 4)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		require.NoError(t, webhooktest.Verify(b, r.Header.Get("Stripe-Signature"), secret, 0, time.Now()))
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		got <- delivery{r.URL.Path, m}
	}))
	defer hook.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := start(t, ctx, io.Discard, "-api-version", "2025-08-27.basil",
		"-webhook", hook.URL+"/dahlia="+secret+"@2026-03-25.dahlia", "-webhook", hook.URL+"/default="+secret)
	status, m := postForm(t, base, "/v1/checkout/sessions", "mode=setup&currency=usd&ui_mode=custom&return_url=https://example.com/r")
	require.Equal(t, http.StatusOK, status, "%v", m)
	postForm(t, base, "/_checkoutvcr/sessions/"+m["id"].(string)+"/pay", "")
	want := map[string][2]string{"/dahlia": {"2026-03-25.dahlia", "elements"}, "/default": {"2025-08-27.basil", "custom"}}
	for range 2 {
		select {
		case d := <-got:
			w := want[d.path]
			assert.Equal(t, w[0], d.body["api_version"], d.path)
			assert.Equal(t, w[1], d.body["data"].(map[string]any)["object"].(map[string]any)["ui_mode"], d.path)
		case <-time.After(20 * time.Second):
			t.Fatal("no delivery")
		}
	}
	cancel()
	require.NoError(t, <-done)
}

// TestWebhookSecretNeverInFlagErrors (issue 25 case 11): a malformed
// -webhook value is quoted by the flag package; its whsec_ secret is
// printed REDACTED, through the redactor record uses.
func TestWebhookSecretNeverInFlagErrors(t *testing.T) {
	for _, v := range []string{"ftp://127.0.0.1/hook=whsec_topSECRET1234", "http://127.0.0.1:1/hook=whsec_", "not a url=whsec_topSECRET1234"} {
		var stderr bytes.Buffer
		err := run(context.Background(), []string{"-webhook", v}, io.Discard, io.Discard)
		require.Error(t, err, v)
		assert.Equal(t, 2, exitCode(err, &stderr), v)
		assert.NotContains(t, stderr.String(), "topSECRET1234", v)
		assert.Contains(t, stderr.String(), "-webhook", v)
	}
	var stderr bytes.Buffer
	exitCode(errors.New(`bad "http://x=whsec_topSECRET1234"`), &stderr)
	assert.Equal(t, "checkoutserver: bad \"http://x=REDACTED\"\n", stderr.String(), "any error, not only usage ones")
}
