package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/stripemock/stripemocktest"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
)

// mock is one stripe-mock on loopback for the tests here, started by the
// first that asks for it.
var mock stripemocktest.Shared

// TestMain stops the tests' stripe-mock, and removes the record binary
// buildRecord built, if a test asked for them.
func TestMain(m *testing.M) {
	code := mock.Run(m)
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// recognisableKey is a test key whose every byte we can look for.
const recognisableKey = "sk_test_checkoutvcrRECOGNISABLEkey0123456789"

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// recordInto records the repository's scenarios into a temp folder against
// the shared stripe-mock and returns that folder.
func recordInto(t *testing.T, key string) string {
	t.Helper()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", dir},
		env(map[string]string{"STRIPE_API_BASE": mock.URL(t), "STRIPE_SECRET_KEY": key}), &out, &errOut)
	require.NoError(t, err, "record: %s%s", out.String(), errOut.String())
	assert.Contains(t, out.String(), "✓ lifecycle")
	assert.Regexp(t, `recorded (\d+) of (\d+) scenarios`, out.String())
	return dir
}

func TestRecordThenVerify(t *testing.T) {
	dir := recordInto(t, "")
	rep, err := verify.Run(context.Background(), verify.Options{Scenarios: "../../scenarios", Cassettes: dir})
	require.NoError(t, err)
	c := rep.Count()
	assert.Zero(t, c.Errors, "verify must pass on what record just wrote")
	assert.Equal(t, c.Steps-3, c.Interactions, "one interaction per step but the pay steps (paid, basil, discounts), skipped against stripe-mock")
	assert.Positive(t, c.Notes, "stateful expectations are reported as skipped")
	assert.Equal(t, "stripe-mock", rep.Scenarios[0].Server)
}

func TestCassettesHoldNoKeyOrClientSecret(t *testing.T) {
	dir := recordInto(t, recognisableKey)
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.NotContains(t, string(data), recognisableKey, f)
		assert.NotContains(t, string(data), "checkoutvcrRECOGNISABLE", f)
		assert.NotContains(t, string(data), "Authorization", f)
		assert.NotRegexp(t, `"client_secret":"[^R]`, string(data), "client_secret values are redacted: %s", f)
	}
}

func TestLiveKeyRefusedBeforeAnyRequest(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1) }))
	defer srv.Close()
	for _, key := range []string{"sk_live_abc123", "rk_live_abc123"} {
		t.Run(key, func(t *testing.T) {
			dir := t.TempDir()
			var out, errOut bytes.Buffer
			err := run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", dir},
				env(map[string]string{"STRIPE_API_BASE": srv.URL, "STRIPE_SECRET_KEY": key}), &out, &errOut)
			require.Error(t, err)
			assert.Equal(t, 2, exitCode(err, &errOut))
			assert.Contains(t, errOut.String(), "refusing a live-mode key: record only with a test-mode key")
			entries, _ := os.ReadDir(dir)
			assert.Empty(t, entries, "nothing may be written")
		})
	}
	assert.Zero(t, requests.Load(), "a live key must be refused before any request")
}

func TestFailedScenarioKeepsOldCassette(t *testing.T) {
	dir := recordInto(t, "")
	path := filepath.Join(dir, "lifecycle.yaml")
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	// A proxy to stripe-mock that fails the second step with an HTML
	// page: the scenario cannot complete.
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	forward := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/line_items") {
			w.Header().Set("Stripe-Should-Retry", "false")
			http.Error(w, "<html>bad gateway</html>", http.StatusBadGateway)
			return
		}
		forward.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	var out, errOut bytes.Buffer
	err = run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", dir, "-run", "^lifecycle$"},
		env(map[string]string{"STRIPE_API_BASE": proxy.URL}), &out, &errOut)
	require.ErrorIs(t, err, errFailed)
	assert.Contains(t, out.String(), "✗ lifecycle")
	assert.Contains(t, out.String(), "old cassette kept")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the old cassette must stay byte for byte")
	temps, err := filepath.Glob(filepath.Join(dir, ".*"))
	require.NoError(t, err)
	assert.Empty(t, temps, "no temp file may be left behind")
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"sk_test_123"}, {"-run", "("}} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, env(nil), &out, &errOut)
		assert.Equal(t, 2, exitCode(err, &errOut), "args %q", args)
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-h"}, env(nil), &out, &errOut)
	assert.Equal(t, 0, exitCode(err, &errOut))
	for _, flag := range []string{"-run", "-scenarios", "-cassettes", "-redact", "-spec", "-fixtures", "STRIPE_SECRET_KEY", "STRIPE_API_BASE"} {
		assert.Contains(t, errOut.String(), flag)
	}
}
