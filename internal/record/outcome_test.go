package record

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/verify"
)

// stepFault stands between record and stripe-mock on 127.0.0.1 and
// answers the requests that match with fault instead of stripe-mock;
// every request is counted.
type stepFault struct {
	match   func(r *http.Request, n int) bool // n: how many matching requests came before
	fault   http.HandlerFunc
	forward http.Handler

	mu       sync.Mutex
	matching int
	seen     []string
}

func (p *stepFault) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.seen = append(p.seen, r.Method+" "+r.URL.Path)
	hit := p.match(r, p.matching)
	if hit || p.match(r, -1) {
		p.matching++
	}
	p.mu.Unlock()
	if hit {
		p.fault(w, r)
		return
	}
	p.forward.ServeHTTP(w, r)
}

// secondExpire matches lifecycle's step expire_again: the second POST to
// …/expire. It has no plain expect, so only the outcome rule can stop a
// bad answer to it from being saved.
func secondExpire(r *http.Request, n int) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/expire") && (n == -1 || n == 1)
}

// expireBody answers with stripe-mock-like JSON whose body is body.
func withBody(status int, contentType, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		w.Write([]byte(body))
	}
}

const sessionPrefix = `{"id":"cs_test_a1","object":"checkout.session","mode":"payment","status":"expired",`

// TestRecordRefusesWhatTheClientCannotUse: on lifecycle's expire_again
// (no plain expect), each answer below used to be saved with ✓ over the
// good cassette. The outcome rule (and, for an integer an int64 cannot
// hold, the contract check verify makes too) refuses it: it is not saved,
// the message names the step and the reason, and the old cassette is
// byte-identical.
func TestRecordRefusesWhatTheClientCannotUse(t *testing.T) {
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	forward := httputil.NewSingleHostReverseProxy(target)
	old, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	big := sessionPrefix + `"metadata":{"x":"` + strings.Repeat("a", 8<<20) + `"}}`
	tests := []struct {
		name  string
		fault http.HandlerFunc
		want  string
	}{
		{"200 with truncated JSON", withBody(200, "application/json", sessionPrefix+`"amount_tot`), "body is not JSON, so the client cannot decode it: unexpected end of JSON input [invalid_json]"},
		{"200 HTML page", withBody(200, "text/html", "<html><body>hello</body></html>"), "HTTP 200 body is not JSON, so the client cannot decode it: invalid character '<' looking for beginning of value [invalid_json]"},
		{"302 with empty body", withBody(302, "text/html", "", "Location", "https://example.com/login"), "got HTTP 302 (a redirect to https://example.com/login); the client does not follow redirects and no expect asks for this status [unexpected_error_status]"},
		// record's -max-body limit (4 MiB by default) refuses it before the
		// client's own cap (8 MiB) is reached.
		{"body over the size cap", withBody(200, "application/json", big), "response body too large: over 4194304 bytes (4 MiB), the -max-body limit"},
		{"401 nobody expected", withBody(401, "application/json", `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided"}}`), `got HTTP 401 ("Invalid API Key provided"); no expect asks for an error status [unexpected_error_status]`},
		{"amount_total 2000.0", withBody(200, "application/json", sessionPrefix+`"amount_total":2000.0}`), "[wrong_type] amount_total: want integer (digits only, within int64), got number 2000.0; a Go client cannot decode it"},
		{"amount_total 1e2", withBody(200, "application/json", sessionPrefix+`"amount_total":1e2}`), "[wrong_type] amount_total: want integer (digits only, within int64), got number 1e2; a Go client cannot decode it"},
		{"amount_total 1e400", withBody(200, "application/json", sessionPrefix+`"amount_total":1e400}`), "[wrong_type] amount_total: want integer (digits only, within int64), got number 1e400; a Go client cannot decode it"},
		{"amount_total beyond int64", withBody(200, "application/json", sessionPrefix+`"amount_total":99999999999999999999999999999}`), "[wrong_type] amount_total: want integer (digits only, within int64), got number 99999999999999999999999999999; a Go client cannot decode it"},
		{"currency_conversion.amount_total 1e2 (nested)", withBody(200, "application/json", sessionPrefix+`"currency_conversion":{"amount_subtotal":1,"amount_total":1e2,"fx_rate":"1","source_currency":"usd"}}`),
			"[wrong_type] currency_conversion.amount_total: want integer (digits only, within int64), got number 1e2; a Go client cannot decode it"},
		{"case-variant duplicate key", withBody(200, "application/json", sessionPrefix+`"amount_total":2000,"AMOUNT_TOTAL":"oops"}`), "the client cannot decode amount_total: string does not fit its Go type int64 [client_decode]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proxy := &stepFault{match: secondExpire, fault: tt.fault, forward: forward}
			srv := httptest.NewServer(proxy)
			defer srv.Close()
			dir := t.TempDir()
			path := filepath.Join(dir, "lifecycle.yaml")
			require.NoError(t, os.WriteFile(path, old, 0o644))
			var log bytes.Buffer
			sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Run: regexp.MustCompile("^lifecycle$"),
				Cassettes: dir, BaseURL: srv.URL, Log: &log, Sleep: noSleep})
			require.NoError(t, err)
			require.Equal(t, 1, sum.Failed(), "exit code 1 from cmd/record")
			require.Error(t, sum.Outcomes[0].Err)
			assert.Contains(t, sum.Outcomes[0].Err.Error(), `step "expire_again"`)
			assert.Contains(t, sum.Outcomes[0].Err.Error(), tt.want)
			assert.Contains(t, log.String(), "✗ lifecycle                not saved (old cassette kept)")
			after, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, old, after, "the old cassette is byte-identical")
		})
	}
}

func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// TestScenarioRepeatsAreNotRetries: a step that expects a retryable 500,
// then an identical GET. The client retries the 500 twice (those two
// exchanges are dropped: the client said so); the third 500 is the
// step's answer and the GET after it is the next step's: both are kept.
func TestScenarioRepeatsAreNotRetries(t *testing.T) {
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	scen, dir := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(scen, "repeat.yaml"), []byte(`name: repeat
steps:
  - id: create
    op: create
    params: {mode: payment, success_url: "https://example.com/s", line_items: [{price: price_1, quantity: 1}]}
    expect: {status: 200}
  - id: broken
    op: retrieve
    session: ${create.id}
    expect: {status: 500}
  - id: again
    op: retrieve
    session: ${create.id}
`), 0o644))
	gets := 0
	proxy := &stepFault{forward: httputil.NewSingleHostReverseProxy(target),
		match: func(r *http.Request, n int) bool {
			if r.Method != http.MethodGet {
				return false
			}
			if n == -1 {
				return true
			}
			gets = n + 1
			return n < 3 // the step "broken" and the client's 2 retries of it
		},
		fault: withBody(500, "application/json", `{"error":{"type":"api_error","message":"injected"}}`)}
	srv := httptest.NewServer(proxy)
	defer srv.Close()
	sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: srv.URL, Sleep: noSleep})
	require.NoError(t, err)
	require.NoError(t, sum.Outcomes[0].Err)
	proxy.mu.Lock()
	assert.Equal(t, 4, gets, "3 attempts of broken, 1 of again")
	proxy.mu.Unlock()
	c, err := cassette.Load(filepath.Join(dir, "repeat"))
	require.NoError(t, err)
	var codes []int
	for _, i := range c.Interactions {
		codes = append(codes, i.Response.Code)
	}
	assert.Equal(t, []int{200, 500, 200}, codes, "the step's own 500 and the identical GET after it are both kept")
	assert.Equal(t, 3, sum.Outcomes[0].Interactions)

	rep, err := verify.Run(context.Background(), verify.Options{Scenarios: scen, Cassettes: dir})
	require.NoError(t, err)
	assert.Zero(t, rep.Count().Errors, "verify replays the cassette: %+v", rep.Scenarios)
}

// TestNotSavedWithoutOldCassette: a scenario that fails on its first
// recording used to be reported as "old cassette kept" though there was
// none.
func TestNotSavedWithoutOldCassette(t *testing.T) {
	scen, dir := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(scen, "bare.yaml"), []byte("name: bare\nsteps:\n  - id: create\n    op: create\n    params: {mode: payment}\n"), 0o644))
	srv := httptest.NewServer(withBody(400, "application/json", `{"error":{"type":"invalid_request_error","message":"Missing required param: success_url."}}`))
	defer srv.Close()
	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: srv.URL, Log: &log})
	require.NoError(t, err)
	require.Error(t, sum.Outcomes[0].Err)
	assert.Contains(t, log.String(), "✗ bare                     not saved (there was no old cassette): ")
	assert.NotContains(t, log.String(), "old cassette kept")
	assert.NoFileExists(t, filepath.Join(dir, "bare.yaml"))
}

// TestRequestContractCheckedBeforeSending: lifecycle with success_url
// misspelt sucess_url. It used to reach stripe-mock and come back as
// "Request validation error: validator 0x… failed"; now the request
// contract names the parameter, as verify does, and nothing is sent.
func TestRequestContractCheckedBeforeSending(t *testing.T) {
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	old, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	scen, dir := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(scen, "lifecycle.yaml"), []byte(strings.Replace(string(data), "success_url:", "sucess_url:", 1)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), old, 0o644))
	proxy := &stepFault{match: func(*http.Request, int) bool { return false }, forward: httputil.NewSingleHostReverseProxy(target)}
	srv := httptest.NewServer(proxy)
	defer srv.Close()

	sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: srv.URL, Sleep: noSleep})
	require.NoError(t, err)
	require.Equal(t, 1, sum.Failed())
	assert.Equal(t, `step "create" (`+filepath.Join(scen, "lifecycle.yaml")+`:11:5): request not sent, it breaks the request contract: `+
		`[request_unknown_field] request sucess_url: not in the contract, got "https://example.com/checkout/success" (did you mean success_url?)`,
		sum.Outcomes[0].Err.Error())
	assert.Empty(t, proxy.seen, "no request was sent")
	after, err := os.ReadFile(filepath.Join(dir, "lifecycle.yaml"))
	require.NoError(t, err)
	assert.Equal(t, old, after, "the old cassette is byte-identical")
}

// TestDryRunAndDiffAgree: with the lifecycle scenario's quantity changed
// from 2 to 5 after recording, -dry-run said the request body would
// change and pointed to -diff, which then said "no drift". Both now name
// the changed form parameter; and a response value edited in the
// committed cassette (mode) is named by both as well.
func TestDryRunAndDiffAgree(t *testing.T) {
	scen, dir := t.TempDir(), t.TempDir()
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	path := filepath.Join(scen, "lifecycle.yaml")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	_, err = Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: mock.URL(t)})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), "quantity: 2", "quantity: 5", 1)), 0o644))

	var dry, diff bytes.Buffer
	_, err = Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: mock.URL(t), DryRun: true, Log: &dry})
	require.NoError(t, err)
	assert.Contains(t, dry.String(), "would change: 1 change (see -diff): request form line_items[0][quantity]: 2 → 5 (#0)")
	sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: mock.URL(t), Diff: true, Log: &diff})
	require.NoError(t, err)
	assert.NotContains(t, diff.String(), "no drift")
	assert.Contains(t, diff.String(), "change   request form line_items[0][quantity]: 2 → 5 — 1 interaction in 1 scenario: lifecycle #0")
	assert.Zero(t, sum.Breaking(), "what the scenario sends is not API drift")

	require.NoError(t, os.WriteFile(path, data, 0o644))
	tape := filepath.Join(dir, "lifecycle.yaml")
	recorded, err := os.ReadFile(tape)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(tape, []byte(strings.ReplaceAll(string(recorded), `"mode":"payment"`, `"mode":"setup"`)), 0o644))
	dry.Reset()
	diff.Reset()
	_, err = Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: mock.URL(t), DryRun: true, Log: &dry})
	require.NoError(t, err)
	assert.Contains(t, dry.String(), `would change: 1 change (see -diff): mode value "payment" newly seen (#0 #2 #3 #4)`)
	_, err = Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: mock.URL(t), Diff: true, Log: &diff})
	require.NoError(t, err)
	assert.Contains(t, diff.String(), `change   mode value "payment" newly seen — 4 interactions in 1 scenario: lifecycle #0 #2 #3 #4`)
}

// TestDryRunAndDiffCountTheSameChanges: for each of several edits (of the
// scenario, of the committed cassette), -dry-run's "N changes" is -diff's
// "N changes", and every change -dry-run names is one -diff lists.
func TestDryRunAndDiffCountTheSameChanges(t *testing.T) {
	t.Parallel()
	scen, dir := t.TempDir(), t.TempDir()
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	path, tape := filepath.Join(scen, "lifecycle.yaml"), filepath.Join(dir, "lifecycle.yaml")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	_, err = Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: mock.URL(t)})
	require.NoError(t, err)
	recorded, err := os.ReadFile(tape)
	require.NoError(t, err)
	edits := []struct{ name, scenario, cassette string }{
		{"a request parameter", strings.Replace(string(data), "quantity: 2", "quantity: 5", 1), string(recorded)},
		{"response values", string(data), strings.NewReplacer(`"mode":"payment"`, `"mode":"setup"`, `"currency":"usd"`, `"currency":"eur"`).Replace(string(recorded))},
		{"a field removed", string(data), strings.ReplaceAll(string(recorded), `"locale":`, `"locale_x":`)},
		{"both", strings.Replace(string(data), "quantity: 2", "quantity: 3", 1), strings.ReplaceAll(string(recorded), `"mode":"payment"`, `"mode":"setup"`)},
	}
	count := regexp.MustCompile(`would change: (\d+) changes? \(see -diff\): (.*)`)
	total := regexp.MustCompile(`(?m)^(\d+) changes?, \d+ breaking$`)
	for _, e := range edits {
		require.NoError(t, os.WriteFile(path, []byte(e.scenario), 0o644))
		require.NoError(t, os.WriteFile(tape, []byte(e.cassette), 0o644))
		var dry, diff bytes.Buffer
		_, err = Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: mock.URL(t), DryRun: true, Log: &dry})
		require.NoError(t, err)
		_, err = Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: mock.URL(t), Diff: true, Log: &diff})
		require.NoError(t, err)
		d, f := count.FindStringSubmatch(dry.String()), total.FindStringSubmatch(diff.String())
		require.NotNil(t, d, "%s: %s", e.name, dry.String())
		require.NotNil(t, f, "%s: %s", e.name, diff.String())
		assert.Equal(t, f[1], d[1], "%s: the same count\ndry run:\n%s\ndiff:\n%s", e.name, dry.String(), diff.String())
		for _, named := range strings.Split(strings.TrimSuffix(d[2], "; …"), "; ") {
			subject := named[:strings.LastIndex(named, " (")]
			assert.Contains(t, diff.String(), " "+subject+" — ", "%s: -diff lists %q", e.name, subject)
		}
	}
}
