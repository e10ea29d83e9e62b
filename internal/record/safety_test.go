package record

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
)

// TestDriftNeutralisesEscapes: field names come from the server; record
// -diff prints them with their escape sequences written out.
func TestDriftNeutralisesEscapes(t *testing.T) {
	var out bytes.Buffer
	printDrift(&out, []Drift{{Scenario: "s", Interaction: 0, Request: "GET /x", Path: "evil\x1b[2J\x1b]0;t\a", Change: "added"}})
	assert.NotContains(t, out.String(), "\x1b")
	assert.NotContains(t, out.String(), "\a")
	assert.Contains(t, out.String(), `evil\x1b[2J\x1b]0;t\x07 added`)
}

// redactScenarios writes lifecycle and a redact.yaml beside its folder.
func redactScenarios(t *testing.T, policy string) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "scenarios")
	require.NoError(t, os.Mkdir(dir, 0o755))
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), data, 0o644))
	if policy != "" {
		require.NoError(t, os.WriteFile(filepath.Join(root, "redact.yaml"), []byte(policy), 0o644))
	}
	return dir
}

// TestRedactionDeclaredOnceIsKept: the fields in redact.yaml are applied
// by every plain re-record, not only when a flag asks; the PII defaults
// apply without a file; keep: keeps a default field; a declared field
// that matches nothing is a warning.
func TestRedactionDeclaredOnceIsKept(t *testing.T) {
	tests := []struct {
		name, policy string
		flags        []string // -redact
		gone, kept   []string // strings absent from / present in the cassette
		warn         string
	}{
		{name: "defaults without a file", gone: []string{`"email":"example@example.com"`, `"name":"name"`}, kept: []string{`"email":"REDACTED"`, `"tax_exempt":"none"`}},
		{name: "a declared field, on every re-record", policy: "fields: [url]\n", gone: []string{"checkout.stripe.com/pay"}, kept: []string{`"url":"REDACTED"`}},
		{name: "an object field scrubs everything under it", policy: "fields: [custom_text]\n", gone: []string{`"after_submit":{"message":"message"}`}, kept: []string{`"after_submit":{"message":"REDACTED"}`}},
		{name: "a glob", policy: "fields: [\"*_url\"]\n", gone: []string{"https://example.com/cancel"}, kept: []string{`"cancel_url":"REDACTED"`, `success_url=REDACTED`}},
		{name: "keep wins over a default", policy: "keep: [customer_details.email]\n", kept: []string{`"email":"example@example.com"`}},
		{name: "a name that matches nothing warns", policy: "fields: [no_such_field]\n", warn: "warning: redact field no_such_field ("},
		// Issue 25 case 4: the flag the user typed wins over the file's
		// keep:, and is not said to match nothing.
		{name: "-redact wins over keep", policy: "keep: [customer_details.email]\n", flags: []string{"email"},
			gone: []string{`"email":"example@example.com"`}, kept: []string{`"email":"REDACTED"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scen := redactScenarios(t, tt.policy)
			dir := t.TempDir()
			var log bytes.Buffer
			sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: mock.URL(t), Log: &log, RedactFields: tt.flags})
			require.NoError(t, err)
			require.Zero(t, sum.Failed(), log.String())
			data, err := os.ReadFile(filepath.Join(dir, "lifecycle.yaml"))
			require.NoError(t, err)
			for _, s := range tt.gone {
				assert.NotContains(t, string(data), s)
			}
			for _, s := range tt.kept {
				assert.Contains(t, string(data), s)
			}
			if tt.warn != "" {
				assert.Contains(t, log.String(), tt.warn)
				assert.Contains(t, log.String(), "redact.yaml:1) matched nothing in this recording")
			} else {
				assert.NotContains(t, log.String(), "warning")
			}
		})
	}
}

// TestExpectationOnRedactedField is refused when recording, before
// anything is sent, rather than failing the next verify.
func TestExpectationOnRedactedField(t *testing.T) {
	scen := redactScenarios(t, "fields: [metadata]\n")
	dir := t.TempDir()
	old := []byte("old cassette\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), old, 0o644))
	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: mock.URL(t), Log: &log})
	require.NoError(t, err)
	require.Equal(t, 1, sum.Failed())
	assert.Regexp(t, regexp.MustCompile(`lifecycle.yaml:\d+:\d+: step "\w+": expect checks metadata.order, which is redacted by metadata \(.*redact.yaml:1\): the cassette would hold REDACTED and verify would fail; keep it \(keep: \[metadata.order\] in redact.yaml\) or drop the expectation`), log.String())
	assert.Zero(t, sum.Outcomes[0].Interactions, "nothing was sent")
	data, err := os.ReadFile(filepath.Join(dir, "lifecycle.yaml"))
	require.NoError(t, err)
	assert.Equal(t, old, data)
}

// TestBaseURLCredentialsNeverSavedNorPrinted records against a server
// declared not local (its URLs are kept in the cassette) whose
// STRIPE_API_BASE has user:password@.
func TestBaseURLCredentialsNeverSavedNorPrinted(t *testing.T) {
	scen := redactScenarios(t, "")
	dir := t.TempDir()
	base := strings.Replace(mock.URL(t), "http://", "http://someone:s3cretPASSWORD99@", 1)
	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: base, Log: &log,
		Server: cassette.Server{Kind: cassette.ServerCustom}})
	require.NoError(t, err)
	require.Zero(t, sum.Failed(), log.String())
	data, err := os.ReadFile(filepath.Join(dir, "lifecycle.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(data), strings.TrimPrefix(mock.URL(t), "http://")+"/v1/checkout/sessions", "the host is kept for a server not declared local")
	for _, text := range []string{string(data), log.String(), sum.Target} {
		assert.NotContains(t, text, "s3cretPASSWORD99")
		assert.NotContains(t, text, "someone")
	}
}

// TestKeyAssembledAtRunTimeIsNeverSent: two environment variables that
// are harmless alone join into a key in a template; parsing cannot see
// it, so the transport refuses the request and nothing reaches the server.
func TestKeyAssembledAtRunTimeIsNeverSent(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	text := strings.Replace(string(data), "order: \"42\"\n    expect:", "order: \"${env.A}${env.B}\"\n    expect:", 1)
	require.NotEqual(t, string(data), text)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), []byte(text), 0o644))
	env := func(name string) (string, bool) {
		return map[string]string{"A": "sk_te", "B": "st_assembled0123456789"}[name], true
	}
	var sent atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { sent.Add(1) }))
	defer srv.Close()
	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: dir, Cassettes: t.TempDir(), BaseURL: srv.URL, Env: env, Log: &log})
	require.NoError(t, err)
	require.Equal(t, 1, sum.Failed())
	assert.Zero(t, sent.Load(), "the server got nothing")
	assert.Contains(t, log.String(), "refusing to send a Stripe key as a parameter")
	assert.NotContains(t, log.String(), "assembled0123456789")
}

// TestDryRunDiffReadsOnlyRegularCassettes: a committed cassette that is a
// symlink to /dev/zero is reported by record -dry-run and -diff, at once.
func TestDryRunDiffReadsOnlyRegularCassettes(t *testing.T) {
	scen := redactScenarios(t, "")
	dir := t.TempDir()
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "lifecycle.yaml")))
	for _, opts := range []Options{{DryRun: true}, {Diff: true}} {
		var log bytes.Buffer
		opts.Scenarios, opts.Cassettes, opts.BaseURL, opts.Log = scen, dir, mock.URL(t), &log
		done := make(chan error, 1)
		go func() { _, err := Run(context.Background(), opts); done <- err }()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(30 * time.Second):
			t.Fatal("record hung on /dev/zero")
		}
		assert.Contains(t, log.String(), "lifecycle.yaml: not a regular file (a character device)")
	}
}
