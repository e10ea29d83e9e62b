package verify

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	vcassette "github.com/checkoutvcr/checkoutvcr/internal/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// asIfFromStripe turns a stripe-mock recording of the lifecycle scenario
// (testdata/stripemock, as committed before record defaulted to the local
// server) into one that looks recorded against Stripe. It
// changes only the server headers (Stripe-Mock-Version is removed) and the
// state-dependent fields a stateful server would return: the metadata
// sent, the line item's quantity and amount, the same session id on every
// step, status expired after expire, and a 400 for the second expire.
// finalStatus lets a test break one of them.
func asIfFromStripe(t *testing.T, finalStatus string) string {
	t.Helper()
	dir := t.TempDir()
	c, err := cassette.Load("testdata/stripemock/lifecycle")
	require.NoError(t, err)
	require.Len(t, c.Interactions, 5, "the lifecycle scenario changed; update this test")
	var id string
	edit := func(i int, f func(body map[string]any)) {
		in := c.Interactions[i]
		var body map[string]any
		require.NoError(t, json.Unmarshal([]byte(in.Response.Body), &body))
		f(body)
		b, err := json.Marshal(body)
		require.NoError(t, err)
		in.Response.Body = string(b)
	}
	edit(0, func(b map[string]any) { id = b["id"].(string); b["metadata"] = map[string]any{"order": "42"} })
	edit(1, func(b map[string]any) {
		item := b["data"].([]any)[0].(map[string]any)
		item["quantity"], item["amount_subtotal"] = 2, 4000
	})
	edit(2, func(b map[string]any) { b["id"], b["metadata"] = id, map[string]any{"order": "43"} })
	edit(3, func(b map[string]any) { b["id"], b["status"] = id, finalStatus })
	last := c.Interactions[4]
	last.Response.Code, last.Response.Status = 400, "400 Bad Request"
	last.Response.Body = `{"error":{"type":"invalid_request_error","message":"Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of ` + "`expired`" + `."}}`
	for _, in := range c.Interactions {
		in.Response.Headers.Del("Stripe-Mock-Version")
		in.Response.Headers.Set(vcassette.ServerHeader, "stripe; stateful=true; local=false")
		in.Response.Headers.Del("Content-Length")
		in.Response.ContentLength = -1
	}
	c.File = filepath.Join(dir, "lifecycle.yaml")
	require.NoError(t, c.Save())
	data, err := os.ReadFile(c.File)
	require.NoError(t, err)
	require.NotContains(t, string(data), "Stripe-Mock-Version")
	return dir
}

func lifecycleReport(t *testing.T, cassettes string) *report.Report {
	t.Helper()
	rep, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: cassettes, Run: regexp.MustCompile("^lifecycle$")})
	require.NoError(t, err)
	return rep
}

func TestStatefulExpectationsSkippedForStripeMock(t *testing.T) {
	rep := lifecycleReport(t, "testdata/stripemock")
	sc := rep.Scenarios[0]
	assert.Equal(t, "stripe-mock", sc.Server)
	c := rep.Count()
	assert.Zero(t, c.Errors)
	assert.Equal(t, 5, c.Notes, "each step's expect_stateful is reported as skipped, none silently passed")
	for _, st := range sc.Steps {
		require.Len(t, st.Findings, 1, st.ID)
		assert.Equal(t, report.KindSkippedStateful, st.Findings[0].Kind)
		assert.Contains(t, st.Findings[0].Message, "skipped")
	}
}

func TestStatefulExpectationsCheckedForStripe(t *testing.T) {
	rep := lifecycleReport(t, asIfFromStripe(t, "expired"))
	assert.Equal(t, "stripe", rep.Scenarios[0].Server)
	c := rep.Count()
	assert.Zero(t, c.Errors, "%+v", rep.Scenarios[0].Steps)
	assert.Zero(t, c.Notes, "nothing is skipped for a Stripe recording")
}

func TestStatefulExpectationFailsForStripe(t *testing.T) {
	rep := lifecycleReport(t, asIfFromStripe(t, "open"))
	var got []string
	for _, st := range rep.Scenarios[0].Steps {
		for _, f := range st.Findings {
			got = append(got, st.ID+": "+f.Kind+" "+f.Path+" want "+f.Want+" got "+f.Got)
		}
	}
	assert.Equal(t, []string{`expire: expectation status want "expired" got "open"`}, got)
	assert.True(t, strings.Contains(rep.Scenarios[0].Steps[3].Findings[0].Message, "expect_stateful status: (-want +got)"))
}

// restamp copies the committed lifecycle cassette into a temp folder,
// letting edit change each interaction's response headers.
func restamp(t *testing.T, edit func(h http.Header)) string {
	t.Helper()
	dir := t.TempDir()
	c, err := cassette.Load("testdata/stripemock/lifecycle")
	require.NoError(t, err)
	for _, in := range c.Interactions {
		edit(in.Response.Headers)
	}
	c.File = filepath.Join(dir, "lifecycle.yaml")
	require.NoError(t, c.Save())
	return dir
}

// TestStampNotHeadersDecidesStateful: the cassette's stamp, not
// stripe-mock's header, decides whether expect_stateful applies.
func TestStampNotHeadersDecidesStateful(t *testing.T) {
	t.Run("stripe-mock cassette without its stripe-mock headers: still skipped", func(t *testing.T) {
		rep := lifecycleReport(t, restamp(t, func(h http.Header) { h.Del("Stripe-Mock-Version") }))
		c := rep.Count()
		assert.Zero(t, c.Errors)
		assert.Equal(t, 5, c.Notes, "each expect_stateful is skipped")
		assert.Equal(t, "stripe-mock", rep.Scenarios[0].Server)
	})
	t.Run("stateful server forwarding stripe-mock headers: checked", func(t *testing.T) {
		rep := lifecycleReport(t, restamp(t, func(h http.Header) {
			require.NotEmpty(t, h.Get("Stripe-Mock-Version"))
			h.Set(vcassette.ServerHeader, "local; stateful=true; local=true")
		}))
		c := rep.Count()
		assert.Zero(t, c.Notes, "nothing skipped")
		assert.Positive(t, c.Errors, "stripe-mock's stateless answers fail the stateful expectations")
		assert.Equal(t, "local", rep.Scenarios[0].Server)
	})
	t.Run("legacy cassette without a stamp: guessed from Stripe-Mock-Version", func(t *testing.T) {
		rep := lifecycleReport(t, restamp(t, func(h http.Header) { h.Del(vcassette.ServerHeader) }))
		assert.Equal(t, 5, rep.Count().Notes)
		assert.Equal(t, "stripe-mock", rep.Scenarios[0].Server)
	})
}
