package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// serverHeader starts the headers of every response the committed
// cassettes hold (record stamps each one).
const serverHeader = "            Checkoutvcr-Server:\n"

// skewedListSessions copies the committed list_sessions cassette (create,
// then two list pages: the first holds the session, the second, past it,
// is empty) with two documented transformations: answered adds a
// Stripe-Version response header to every response, as Stripe sends (the
// requests keep theirs, the contracts' version); and every session loses
// its "ui_mode" member, a field the 2020-08-27 API did not have. It
// returns the cassettes folder.
func skewedListSessions(t *testing.T, answered string) string {
	t.Helper()
	tape, err := os.ReadFile("../../cassettes/list_sessions.yaml")
	require.NoError(t, err)
	text := string(tape)
	require.Len(t, uiModeLine.FindAllString(text, -1), 2)
	text = uiModeLine.ReplaceAllString(text, "")
	if answered != "" {
		// The local server's own Stripe-Version header goes; answered
		// takes its place.
		text = localVersion.ReplaceAllString(text, "$1")
		require.Equal(t, 3, strings.Count(text, serverHeader))
		text = strings.ReplaceAll(text, serverHeader, "            Stripe-Version:\n                - "+answered+"\n"+serverHeader)
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "list_sessions.yaml"), []byte(text), 0o644))
	return dir
}

// localVersion is the Stripe-Version response header the local server
// sent, after Request-Id.
var localVersion = regexp.MustCompile(`(?m)(^            Request-Id:\n +- [^\n]+\n)            Stripe-Version:\n +- [^\n]+\n`)

// uiModeLine is a session's ui_mode member in a recorded body (indented
// JSON, one member a line, never the last).
var uiModeLine = regexp.MustCompile(`(?m)^ +"ui_mode": "[a-z_]+",\n`)

func runListSessions(t *testing.T, cassettes string) *report.Report {
	t.Helper()
	rep, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: cassettes,
		Run: regexp.MustCompile("^list_sessions$"), RerecordHint: func(s string) string { return "make record RUN=" + s }})
	require.NoError(t, err)
	require.Len(t, rep.Scenarios, 1)
	return rep
}

// fieldFindings are the missing_field findings of sc's steps.
func fieldFindings(sc report.Scenario) []report.Finding {
	var out []report.Finding
	for _, st := range sc.Steps {
		for _, f := range st.Findings {
			if f.Kind == "missing_field" {
				out = append(out, f)
			}
		}
	}
	return out
}

// TestSkewIsTheHeadlineAndFindingsItsEvidence: responses whose
// Stripe-Version header says 2020-08-27 are checked as 2020-08-27
// responses, though the requests sent the newest version: no contract
// covers 2020-08-27, so they are checked against the nearest,
// 2022-11-15; one version_skew error leads the scenario, and each field
// 2022-11-15 always sends that the (dahlia) bodies lack is a note saying
// it was added since 2020-08-27. The run fails once, not once per field.
func TestSkewIsTheHeadlineAndFindingsItsEvidence(t *testing.T) {
	rep := runListSessions(t, skewedListSessions(t, "2020-08-27"))
	sc := rep.Scenarios[0]
	assert.Equal(t, "2020-08-27", sc.StripeVersion)
	for _, st := range sc.Steps {
		assert.Equal(t, "2020-08-27", st.StripeVersion, "step %s: the response's header, not the request's", st.ID)
	}
	require.NotEmpty(t, sc.Findings)
	head := sc.Findings[0]
	assert.Equal(t, report.KindVersionSkew, head.Kind)
	assert.Equal(t, report.Error, head.Severity)
	assert.Equal(t, "older", head.Drift)
	assert.Equal(t, "3 responses were rendered at Stripe API 2020-08-27, older than every version the contracts cover (2022-11-15 to 2026-08-26.dahlia), "+
		"and checked against the nearest, 2022-11-15; field findings below are what changed between the two, not separate bugs. "+
		"What to do: upgrade the version your account or app pins (the newest is 2026-08-26.dahlia) and re-record it (make record RUN=list_sessions).", head.Message)

	fields := fieldFindings(sc)
	require.Len(t, fields, 2)
	var paths []string
	for _, f := range fields {
		paths = append(paths, f.Path)
		assert.Equal(t, report.Note, f.Severity, f.Path)
		assert.Equal(t, "added since 2020-08-27", f.Drift, f.Path)
	}
	assert.Equal(t, []string{"shipping_details", "data[0].shipping_details"}, paths)
	c := rep.Count()
	assert.Equal(t, 1, c.Errors, "a stale cassette fails once")
	assert.True(t, rep.Failed(false))

	var text bytes.Buffer
	require.NoError(t, report.Text(&text, rep, report.Options{}))
	lines := strings.Split(text.String(), "\n")
	assert.True(t, strings.HasPrefix(lines[1], "    error [version_skew] 3 responses were rendered at Stripe API 2020-08-27"), "the headline comes first:\n%s", text.String())
	assert.Contains(t, text.String(), "note [missing_field] shipping_details: added since 2020-08-27 (absent from this response), required by checkout.session (interaction 0)")
	assert.Contains(t, text.String(), "note [missing_field] data[0].shipping_details: same as above (interaction 1)")
	assert.Contains(t, text.String(), "`shipping_details` missing_field (added since 2020-08-27) — 2 responses in 1 scenario",
		"data[0].shipping_details counts with shipping_details")
}

// TestSameVersionKeepsErrors: the same bodies, answered at the contracts'
// version (no response header; the requests sent 2026-08-26.dahlia), are
// two missing_field errors and no skew.
func TestSameVersionKeepsErrors(t *testing.T) {
	rep := runListSessions(t, skewedListSessions(t, ""))
	sc := rep.Scenarios[0]
	assert.Equal(t, "2026-08-26.dahlia", sc.StripeVersion)
	for _, f := range sc.Findings {
		assert.NotEqual(t, report.KindVersionSkew, f.Kind)
	}
	fields := fieldFindings(sc)
	require.Len(t, fields, 2)
	for _, f := range fields {
		assert.Equal(t, report.Error, f.Severity)
		assert.Empty(t, f.Drift)
	}
	assert.Equal(t, 2, rep.Count().Errors)
}

// TestReportsCarryTheAnsweringVersionPerInteraction: JSON has it on each
// step, JUnit as each test case's stripe_version property.
func TestReportsCarryTheAnsweringVersionPerInteraction(t *testing.T) {
	rep := runListSessions(t, skewedListSessions(t, "2026-09-30.endive"))
	var buf bytes.Buffer
	require.NoError(t, report.JSON(&buf, rep, report.Options{}))
	var js report.JSONReport
	require.NoError(t, json.Unmarshal(buf.Bytes(), &js))
	sc := js.Scenarios[0]
	assert.Equal(t, "2026-09-30.endive", sc.StripeVersion)
	for _, st := range sc.Steps {
		assert.Equal(t, "2026-09-30.endive", st.StripeVersion, st.ID)
	}
	assert.Equal(t, "newer", sc.Findings[0].Drift)
	for _, st := range sc.Steps {
		for _, f := range st.Findings {
			if f.Kind == "missing_field" {
				assert.Equal(t, "removed or renamed since 2026-08-26.dahlia", f.Drift, "a field a newer response lacks")
			}
		}
	}

	buf.Reset()
	require.NoError(t, report.JUnit(&buf, rep, report.Options{}))
	var junit struct {
		Suites []struct {
			Cases []struct {
				Name       string `xml:"name,attr"`
				Properties []struct {
					Name  string `xml:"name,attr"`
					Value string `xml:"value,attr"`
				} `xml:"properties>property"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &junit))
	cases := junit.Suites[0].Cases
	require.Len(t, cases, 4)
	assert.Equal(t, "(stripe version)", cases[0].Name)
	for _, c := range cases {
		require.Len(t, c.Properties, 1, c.Name)
		assert.Equal(t, "stripe_version", c.Properties[0].Name)
		assert.Equal(t, "2026-09-30.endive", c.Properties[0].Value)
	}
}
