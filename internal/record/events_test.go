package record

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/localserver"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
	"github.com/checkoutvcr/checkoutvcr/internal/webhook"
	"github.com/checkoutvcr/checkoutvcr/webhooktest"
)

// The webhooks example's scenario and the cassette record made of it,
// which the example replays into its handler.
const (
	webhookScenarios = "../../examples/webhooks/testdata/scenarios"
	webhookCassettes = "../../examples/webhooks/testdata/cassettes"
)

// TestEventsRecordedAndVerified: the events a scenario expects are saved
// with its cassette (the committed example cassette is exactly what
// record writes), and verify checks each against the event contract, its
// data.object against the session contract and the expectation: clean as
// recorded, failing when an event is tampered with.
func TestEventsRecordedAndVerified(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: webhookScenarios, Cassettes: dir, Log: &log, Mock: sharedMock(t)})
	require.NoError(t, err)
	require.Zero(t, sum.Failed(), "%s", log.String())
	got, err := os.ReadFile(filepath.Join(dir, "webhooks.yaml"))
	require.NoError(t, err)
	committed, err := os.ReadFile(filepath.Join(webhookCassettes, "webhooks.yaml"))
	require.NoError(t, err)
	assert.Equal(t, string(committed), string(got), "re-record with: go run ./cmd/record -scenarios examples/webhooks/testdata/scenarios -cassettes examples/webhooks/testdata/cassettes")
	for _, typ := range []string{"completed", "async_payment_succeeded", "async_payment_failed", "expired"} {
		assert.Contains(t, string(got), "url: http://stripe-mock/v1/events?limit=100&type=checkout.session."+typ)
	}

	// The embedded contracts: one scenario is at basil, the other at dahlia.
	check := func(cassettes string) *report.Report {
		rep, err := verify.Run(context.Background(), verify.Options{Scenarios: webhookScenarios, Cassettes: cassettes})
		require.NoError(t, err)
		return rep
	}
	c := check(dir).Count()
	assert.Zero(t, c.Errors+c.Warnings+c.Notes, "%+v", check(dir))
	assert.Equal(t, 20, c.Interactions)

	tamper := func(old, new string) []report.Finding {
		t.Helper()
		bad := t.TempDir()
		require.Contains(t, string(got), old)
		require.NoError(t, os.WriteFile(filepath.Join(bad, "webhooks.yaml"), []byte(strings.Replace(string(got), old, new, 1)), 0o644))
		var fs []report.Finding
		for _, st := range check(bad).Scenarios[0].Steps {
			fs = append(fs, st.Findings...)
		}
		return fs
	}
	// The first pending_webhooks is the first event's.
	fs := tamper(`"pending_webhooks": 0,`, `"pending_webhooks": "0",`)
	require.NotEmpty(t, fs)
	assert.Equal(t, "wrong_type", fs[0].Kind)
	assert.Equal(t, "data[0].pending_webhooks", fs[0].Path)
	assert.Equal(t, report.Error, fs[0].Severity)

	// An event's data.object drifting is caught like a response's.
	i := strings.Index(string(got), "/v1/events?")
	j := i + strings.Index(string(got)[i:], `"payment_status": "paid"`)
	fs = tamper(string(got)[i:j+len(`"payment_status": "paid"`)], string(got)[i:j]+`"payment_status": "pending"`)
	var paths []string
	for _, f := range fs {
		paths = append(paths, f.Kind+" "+f.Path)
	}
	assert.Contains(t, paths, "not_in_enum data[0].data.object.payment_status")
	assert.Contains(t, paths, "expectation data.object.payment_status", "the expectation on the event fails too")

	// An event missing from the recorded list fails its expectation.
	fs = tamper(`"type": "checkout.session.expired"`, `"type": "checkout.session.expire"`)
	require.Len(t, fs, 1)
	assert.Equal(t, "expectation", fs[0].Kind)
	assert.Contains(t, fs[0].Message, "a checkout.session.expired event for cs_test_")
}

// TestEventsSkippedAgainstStripeMock: stripe-mock emits no events, so a
// recording against it skips expect_events visibly, in record's log and
// as verify notes, never silently.
func TestEventsSkippedAgainstStripeMock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: webhookScenarios, Cassettes: dir, Start: StartStripeMock, Mock: sharedMock(t), Log: &log})
	require.NoError(t, err)
	require.Zero(t, sum.Failed(), "%s", log.String())
	assert.Contains(t, log.String(), "skipped step expire (expect_events): expect_events needs the local server")
	assert.NotContains(t, string(must(os.ReadFile(filepath.Join(dir, "webhooks.yaml")))), "/v1/events")

	rep, err := verify.Run(context.Background(), verify.Options{Scenarios: webhookScenarios, Cassettes: dir})
	require.NoError(t, err)
	var notes []string
	for _, st := range rep.Scenarios[0].Steps {
		for _, f := range st.Findings {
			assert.Equal(t, report.Note, f.Severity, "%s: %s", st.ID, f.Message)
			notes = append(notes, st.ID+": "+f.Message)
		}
	}
	assert.Contains(t, strings.Join(notes, "\n"), "expire: expect_events (line 94: checkout.session.expired) skipped: stripe-mock emits no events")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestRecordDeliversWebhooks: with Options.Webhooks, a recording against
// the local server drives a webhook handler: every event, signed, in the
// order emitted, before the next step; the cassette is the same as
// without delivery.
func TestRecordDeliversWebhooks(t *testing.T) {
	t.Parallel()
	const secret = "whsec_record_test"
	var mu sync.Mutex
	got := map[string][]string{} // path → event types delivered
	versions := map[string]int{} // path and api_version → deliveries
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if err := webhooktest.Verify(b, r.Header.Get(webhooktest.SignatureHeader), secret, 0, time.Now()); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ev, err := webhooktest.ParseEvent(b)
		require.NoError(t, err)
		var env struct {
			APIVersion string `json:"api_version"`
		}
		require.NoError(t, json.Unmarshal(b, &env))
		mu.Lock()
		got[r.URL.Path] = append(got[r.URL.Path], ev.Type)
		versions[r.URL.Path+" "+env.APIVersion]++
		mu.Unlock()
	}))
	defer hook.Close()
	dir := t.TempDir()
	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: webhookScenarios, Cassettes: dir, Log: &log, Mock: sharedMock(t),
		Webhooks: webhook.Options{Endpoints: []webhook.Endpoint{{URL: hook.URL, Secret: secret}, {URL: hook.URL + "/basil", Secret: secret, APIVersion: "2025-08-27.basil"}}}})
	require.NoError(t, err)
	require.Zero(t, sum.Failed(), "%s", log.String())
	mu.Lock()
	all := []string{"checkout.session.completed", "checkout.session.completed", "checkout.session.async_payment_succeeded",
		"checkout.session.completed", "checkout.session.async_payment_failed", "checkout.session.expired",
		"checkout.session.completed", "checkout.session.expired"} // webhooks, then webhooks_dahlia
	assert.Equal(t, map[string][]string{"/": all, "/basil": all}, got)
	assert.Equal(t, map[string]int{"/ " + localserver.NewestVersion(): 8, "/basil 2025-08-27.basil": 8}, versions, "each endpoint at its version")
	mu.Unlock()
	assert.NotContains(t, log.String(), "not delivered")
	assert.Equal(t, string(must(os.ReadFile(filepath.Join(webhookCassettes, "webhooks.yaml")))),
		string(must(os.ReadFile(filepath.Join(dir, "webhooks.yaml")))), "delivery changes no cassette byte")

	// An endpoint that refuses everything is logged, and fails nothing.
	_, err = Run(context.Background(), Options{Scenarios: webhookScenarios, Cassettes: t.TempDir(), Log: &log, Mock: sharedMock(t),
		Webhooks: webhook.Options{Endpoints: []webhook.Endpoint{{URL: hook.URL, Secret: "whsec_wrong"}}, Attempts: 2, Backoff: time.Millisecond}})
	require.NoError(t, err)
	assert.Contains(t, log.String(), "webhook checkout.session.completed evt_")
	assert.Contains(t, log.String(), "not delivered after 2 attempt(s): endpoint answered 400")
}

// TestRecordWebhookBounds: a step waits for its deliveries, so record
// bounds them itself (2 tries, 200 ms apart, 3 s each) where the options
// leave them, rather than the webhook package's 4 tries 1 s, 2 s, 4 s
// apart; bounds the caller sets are kept.
func TestRecordWebhookBounds(t *testing.T) {
	got := recordWebhooks(webhook.Options{})
	assert.Equal(t, WebhookAttempts, got.Attempts)
	assert.Equal(t, 2, got.Attempts)
	assert.Equal(t, WebhookBackoff, got.Backoff)
	assert.Equal(t, 200*time.Millisecond, got.Backoff)
	require.NotNil(t, got.Client)
	assert.Equal(t, WebhookTimeout, got.Client.Timeout)
	assert.NotNil(t, got.Client.CheckRedirect, "a redirect is not followed")

	own := &http.Client{}
	got = recordWebhooks(webhook.Options{Attempts: 5, Backoff: time.Millisecond, Client: own})
	assert.Equal(t, 5, got.Attempts)
	assert.Equal(t, time.Millisecond, got.Backoff)
	assert.Same(t, own, got.Client)
}
