package record

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/localserver"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
)

// TestLocalServerByDefault records the whole suite the way make record
// does (record starts stripe-mock and the local server), then again with
// -parallel 4 (over the test binary's stripe-mock: one start is enough to
// check): the two are byte-identical and identical to the committed
// cassettes, and verify checks every expectation (0 skipped).
func TestLocalServerByDefault(t *testing.T) {
	t.Parallel()
	serial, parallel := t.TempDir(), t.TempDir()
	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: serial, Log: &log})
	require.NoError(t, err)
	require.Zero(t, sum.Failed(), "%s", log.String())
	assert.Contains(t, log.String(), "local Checkout server on 127.0.0.1")
	assert.NotContains(t, log.String(), "sk_test_", "no key reaches the log")
	assert.NotContains(t, log.String(), "skipped step", "the local server runs pay steps")
	_, err = Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: parallel, Parallel: 4, Mock: sharedMock(t), Log: &log})
	require.NoError(t, err)

	files, err := filepath.Glob(filepath.Join(serial, "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		a, err := os.ReadFile(f)
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(parallel, filepath.Base(f)))
		require.NoError(t, err)
		assert.Equal(t, string(a), string(b), "%s: -parallel gives the serial bytes", filepath.Base(f))
		committed, err := os.ReadFile(filepath.Join("../../cassettes", filepath.Base(f)))
		require.NoError(t, err)
		assert.Equal(t, string(committed), string(a), "%s: re-recording the committed scenarios changes nothing", filepath.Base(f))
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		assert.NotContains(t, string(a), ScenarioKey(name), "the scenario's key never reaches its cassette")
		assert.NotContains(t, string(a), "Date:", "no Date header")
		assert.Contains(t, string(a), "local; stateful=true; local=true")
	}

	rep, err := verify.Run(context.Background(), verify.Options{Scenarios: "../../scenarios", Cassettes: serial})
	require.NoError(t, err)
	c := rep.Count()
	assert.Zero(t, c.Errors)
	assert.Zero(t, c.Warnings)
	assert.Zero(t, c.Notes, "0 skipped: every expect_stateful is checked")
	assert.Equal(t, c.Steps+eventLookups(t, "../../scenarios"), c.Interactions,
		"one interaction per step, and one GET /v1/events per expected event")
	for _, sc := range rep.Scenarios {
		assert.Equal(t, cassette.ServerLocal, sc.Server, sc.Name)
	}
}

// TestScenarioKeysIsolateAccounts: each scenario has its own key, one
// stripe-mock accepts, without "_" after sk_test_.
func TestScenarioKeysIsolateAccounts(t *testing.T) {
	assert.Equal(t, "sk_test_listsessions", ScenarioKey("list_sessions"))
	assert.NotEqual(t, localserver.AccountID(ScenarioKey("lifecycle")), localserver.AccountID(ScenarioKey("paid")))
}

// TestPayStepSkippedAgainstStripeMock: against stripe-mock the pay step
// is not sent, and record and verify both say so by name.
func TestPayStepSkippedAgainstStripeMock(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: mock.URL(t), Run: regexp.MustCompile("^paid$"), Log: &log})
	require.NoError(t, err)
	require.NoError(t, sum.Outcomes[0].Err)
	assert.Equal(t, 3, sum.Outcomes[0].Interactions, "create, retrieve, expire: no pay")
	require.Len(t, sum.Outcomes[0].Skipped, 1)
	assert.Contains(t, log.String(), "    skipped step pay: op pay needs the local server's control endpoint, and the local server is record's default\n")

	rep, err := verify.Run(context.Background(), verify.Options{Scenarios: "../../scenarios", Cassettes: dir, Run: regexp.MustCompile("^paid$")})
	require.NoError(t, err)
	assert.Zero(t, rep.Count().Errors)
	pay := rep.Scenarios[0].Steps[1]
	require.Equal(t, "pay", pay.ID)
	require.Len(t, pay.Findings, 1)
	assert.Equal(t, report.KindSkippedStateful, pay.Findings[0].Kind)
	assert.Contains(t, pay.Findings[0].Message, "step skipped: stripe-mock")
}

// dyingServer serves h on loopback and dies (connections dropped, port
// closed) on its n-th request, as a killed process would.
func dyingServer(t *testing.T, h http.Handler, n int32) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var seen atomic.Int32
	hs := &http.Server{}
	hs.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) >= n {
			go hs.Close()
			panic(http.ErrAbortHandler)
		}
		h.ServeHTTP(w, r)
	})
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return "http://" + ln.Addr().String()
}

// TestServerKilledMidScenario: the local server dying at lifecycle's third
// request fails the scenario exactly as stripe-mock dying there does (ports
// and session ids aside), and no cassette is written.
func TestServerKilledMidScenario(t *testing.T) {
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	ls, err := localserver.New(localserver.Options{StripeMock: mock.URL(t)})
	require.NoError(t, err)
	only := regexp.MustCompile("^lifecycle$")
	fail := func(base string, server cassette.Server) string {
		dir := t.TempDir()
		sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: base, Server: server, Run: only, Sleep: noSleep})
		require.NoError(t, err)
		require.Error(t, sum.Outcomes[0].Err)
		_, statErr := os.Stat(filepath.Join(dir, "lifecycle.yaml"))
		assert.True(t, os.IsNotExist(statErr), "no cassette for a failed scenario")
		msg := regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(sum.Outcomes[0].Err.Error(), "127.0.0.1:PORT")
		return regexp.MustCompile(`cs_test_\w+`).ReplaceAllString(msg, "cs_test_ID")
	}
	mock := fail(dyingServer(t, httputil.NewSingleHostReverseProxy(target), 3), cassette.Server{})
	local := fail(dyingServer(t, ls, 3), cassette.Server{Kind: cassette.ServerLocal, Stateful: true, Local: true})
	assert.Contains(t, mock, `step "update"`)
	assert.Equal(t, mock, local)
	assert.NotContains(t, local, "panic")
}

// TestIdsAndTimestampsOnlyKeepTheOldFile: stripe-mock makes up new ids on
// every run; a re-record that differs only in them keeps the old bytes
// and says so, while a recording by another server replaces it.
func TestIdsAndTimestampsOnlyKeepTheOldFile(t *testing.T) {
	dir := t.TempDir()
	only := regexp.MustCompile("^lifecycle$")
	_, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: mock.URL(t), Run: only})
	require.NoError(t, err)
	path := filepath.Join(dir, "lifecycle.yaml")
	first, err := os.ReadFile(path)
	require.NoError(t, err)

	fresh := t.TempDir()
	_, err = Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: fresh, BaseURL: mock.URL(t), Run: only})
	require.NoError(t, err)
	second, err := os.ReadFile(filepath.Join(fresh, "lifecycle.yaml"))
	require.NoError(t, err)
	require.NotEqual(t, string(first), string(second), "stripe-mock's ids differ between runs")

	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: mock.URL(t), Run: only, Log: &log})
	require.NoError(t, err)
	assert.True(t, sum.Outcomes[0].Kept)
	assert.Contains(t, log.String(), "only ids and timestamps changed: old cassette kept")
	now, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(now))

	ls, err := localserver.New(localserver.Options{StripeMock: mock.URL(t)})
	require.NoError(t, err)
	l, err := ls.Listen("")
	require.NoError(t, err)
	defer l.Close()
	sum, err = Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: l.URL, Run: only,
		Server: cassette.Server{Kind: cassette.ServerLocal, Stateful: true, Local: true}})
	require.NoError(t, err)
	assert.False(t, sum.Outcomes[0].Kept, "another server: a real change")
	now, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(now), "local; stateful=true")
}

// TestEditedScenarioAgainstLongRunningServer: against one local server
// that outlives the runs (STRIPE_API_BASE=… -server local, as the README
// shows), recording a scenario, editing a parameter and recording it again
// both succeed: the derived idempotency keys differ where the requests
// differ, so the server does not answer idempotency_error. Re-recording
// the unchanged edit sends the same keys.
func TestEditedScenarioAgainstLongRunningServer(t *testing.T) {
	ls, err := localserver.New(localserver.Options{StripeMock: mock.URL(t)})
	require.NoError(t, err)
	l, err := ls.Listen("")
	require.NoError(t, err)
	defer l.Close()
	scen, dir := t.TempDir(), t.TempDir()
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	path := filepath.Join(scen, "lifecycle.yaml")
	local := cassette.Server{Kind: cassette.ServerLocal, Stateful: true, Local: true}
	record := func() string {
		t.Helper()
		var log bytes.Buffer
		sum, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: dir, BaseURL: l.URL, Server: local, Log: &log})
		require.NoError(t, err)
		require.Zero(t, sum.Failed(), "%s", log.String())
		b, err := os.ReadFile(filepath.Join(dir, "lifecycle.yaml"))
		require.NoError(t, err)
		return string(b)
	}
	keys := regexp.MustCompile(`checkoutvcr-lifecycle-\w+-[0-9a-f]{8}`)
	require.NoError(t, os.WriteFile(path, data, 0o644))
	first := record()
	require.NoError(t, os.WriteFile(path, []byte(strings.ReplaceAll(string(data), `"42"`, `"41"`)), 0o644))
	second := record()
	assert.Contains(t, second, "metadata[order]:\n                - \"41\"")
	assert.NotEqual(t, keys.FindAllString(first, -1), keys.FindAllString(second, -1), "the edited request has another key")
	assert.Equal(t, second, record(), "an unchanged scenario re-records byte for byte, keys included")
}

// eventLookups counts the expect_events entries of the scenarios in dir:
// each is one GET /v1/events interaction in a local-server cassette.
func eventLookups(t *testing.T, dir string) int {
	t.Helper()
	entries, err := scenario.Index(dir)
	require.NoError(t, err)
	n := 0
	for _, e := range entries {
		sc, err := scenario.ParseFile(e.File)
		require.NoError(t, err)
		for _, st := range sc.Steps {
			n += len(st.ExpectEvents)
		}
	}
	return n
}
