package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

const apiVersion = "2026-08-26.dahlia"

// contractKinds are the contracts package's kinds that the fixture must
// cover (spelled out: report does not import contracts).
var contractKinds = []string{"missing_field", "wrong_type", "not_in_enum", "null_not_allowed", "unknown_field", "unexpected_status"}

// reportKinds are the kinds this package declares.
var reportKinds = []string{KindExpectation, KindSkippedStateful, KindNoInteraction, KindUnused, KindNoCassette, KindStepFailed, KindVersionSkew}

// fixture is a report holding every kind of finding, a finding repeated
// across steps and scenarios, a clean step and a scenario with no cassette.
func fixture() *Report {
	const sessions = "POST /v1/checkout/sessions"
	wrongTotal := func(i int) Finding {
		return Finding{Kind: "wrong_type", Severity: Error, Path: "amount_total", Want: "integer or null", Got: `string "2000"`, Interaction: i}
	}
	skew := Finding{Kind: KindVersionSkew, Severity: Warning, Interaction: -1,
		Message: "cassette was recorded with Stripe-Version 2025-01-27.acacia; the contracts are for " + apiVersion}
	return &Report{APIVersion: apiVersion, Scenarios: []Scenario{
		{
			Name: "lifecycle", File: "scenarios/lifecycle.yaml", Cassette: "cassettes/lifecycle.yaml",
			Server: "stripe-mock", StripeVersion: "2025-01-27.acacia", Interactions: 6,
			Steps: []Step{
				{ID: "create", Line: 9, Request: sessions, Status: 200, Findings: []Finding{
					wrongTotal(0),
					{Kind: "missing_field", Severity: Error, Path: "custom_fields", Want: "required by checkout.session", Got: "absent", Interaction: 0},
					{Kind: "unknown_field", Severity: Warning, Path: "allowed_payment_method_types", Want: "not listed in the contract", Got: `array ["card"]`, Interaction: 0},
					{Kind: KindSkippedStateful, Severity: Note, Interaction: 0,
						Message: "expect_stateful (line 29) skipped: stripe-mock keeps no state; record against Stripe test mode to check it"},
				}},
				{ID: "line_items", Line: 33, Request: "GET /v1/checkout/sessions/cs_test_a1/line_items?limit=10", Status: 200, Findings: []Finding{
					{Kind: "not_in_enum", Severity: Error, Path: "data[0].price.type", Want: `one of "one_time", "recurring"`, Got: `"metered"`, Interaction: 1},
					{Kind: "null_not_allowed", Severity: Error, Path: "data[0].currency", Want: "string", Got: "null", Interaction: 1},
				}},
				{ID: "update", Line: 51, Request: "POST /v1/checkout/sessions/cs_test_a1", Status: 200, Findings: []Finding{
					wrongTotal(2),
					{Kind: KindExpectation, Severity: Error, Path: "metadata.order", Want: `"43"`, Got: `"42"`, Interaction: 2,
						Message: "expect metadata.order: (-want +got)\n- \"43\"\n+ \"42\""},
				}},
				{ID: "expire", Line: 65, Request: "POST /v1/checkout/sessions/cs_test_a1/expire", Status: 500, Findings: []Finding{
					{Kind: "unexpected_status", Severity: Error, Want: "200, or 4xx/5xx with an error object", Got: "500 Internal Server Error", Interaction: 3},
				}},
				{ID: "retrieve", Line: 75, Request: "GET /v1/checkout/sessions/cs_test_a1", Findings: []Finding{
					{Kind: KindNoInteraction, Severity: Error, Interaction: -1,
						Message: "no recorded interaction for GET /v1/checkout/sessions/cs_test_a1; closest is interaction 4: path: recorded /v1/checkout/sessions/cs_test_a2, sent /v1/checkout/sessions/cs_test_a1"},
				}},
				{ID: "list", Line: 80, Request: "list", Findings: []Finding{
					{Kind: KindStepFailed, Severity: Error, Interaction: -1, Message: `${create.nope}: step "create" has no field "nope"`},
				}},
			},
			Findings: []Finding{
				{Kind: KindUnused, Severity: Error, Interaction: 5,
					Message: `recorded GET /v1/checkout/sessions?limit=3 was never replayed: the run stopped at step "list"`},
				skew,
			},
		},
		{
			Name: "refund", File: "scenarios/refund.yaml", Cassette: "cassettes/refund.yaml",
			Server: "stripe", StripeVersion: "2025-01-27.acacia", Interactions: 2,
			Steps: []Step{
				{ID: "create", Line: 5, Request: sessions, Status: 200, Findings: []Finding{wrongTotal(0)}},
				{ID: "retrieve", Line: 12, Request: "GET /v1/checkout/sessions/cs_test_b1", Status: 200},
			},
			Findings: []Finding{skew},
		},
		{
			Name: "subscription", File: "scenarios/subscription.yaml", Cassette: "cassettes/subscription.yaml",
			Findings: []Finding{
				{Kind: KindNoCassette, Severity: Error, Interaction: -1,
					Message: "no cassette at cassettes/subscription.yaml; record it with: make record RUN=subscription"},
			},
		},
	}}
}

// passing is a report with nothing but notes and a warning.
func passing() *Report {
	return &Report{APIVersion: apiVersion, Scenarios: []Scenario{{
		Name: "lifecycle", File: "scenarios/lifecycle.yaml", Cassette: "cassettes/lifecycle.yaml",
		Server: "stripe-mock", StripeVersion: apiVersion, Interactions: 2,
		Steps: []Step{
			{ID: "create", Line: 9, Request: "POST /v1/checkout/sessions", Status: 200, Findings: []Finding{
				{Kind: "unknown_field", Severity: Warning, Path: "wallet_options", Want: "not listed in the contract", Got: "object", Interaction: 0},
			}},
			{ID: "expire", Line: 65, Request: "POST /v1/checkout/sessions/cs_test_a1/expire", Status: 200, Findings: []Finding{
				{Kind: KindSkippedStateful, Severity: Note, Interaction: 1,
					Message: "expect_stateful (line 72) skipped: stripe-mock keeps no state; record against Stripe test mode to check it"},
			}},
		},
	}}}
}

func TestFixtureCoversEveryKind(t *testing.T) {
	var got []string
	for _, sc := range fixture().Scenarios {
		for _, st := range sc.Steps {
			for _, f := range st.Findings {
				got = append(got, f.Kind)
			}
		}
		for _, f := range sc.Findings {
			got = append(got, f.Kind)
		}
	}
	for _, k := range slices.Concat(contractKinds, reportKinds) {
		assert.Contains(t, got, k)
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		rep  *Report
		opts Options
	}{
		{"text", fixture(), Options{Format: FormatText}},
		{"text_strict", passing(), Options{Format: FormatText, Strict: true}},
		{"text_pass", passing(), Options{}},
		{"json", fixture(), Options{Format: FormatJSON}},
		{"json_pass", passing(), Options{Format: FormatJSON}},
		{"junit", fixture(), Options{Format: FormatJUnit}},
		{"junit_strict", passing(), Options{Format: FormatJUnit, Strict: true}},
		{"json_strict", passing(), Options{Format: FormatJSON, Strict: true}},
		{"junit_pass", passing(), Options{Format: FormatJUnit}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, Write(&buf, tt.rep, tt.opts))
			golden(t, tt.name, buf.String())
		})
	}
}

// golden compares got with testdata/<name>.golden, or rewrites it with
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./internal/report -update to create it")
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s\nrun go test ./internal/report -update if the change is intended", path, diff)
	}
}

func TestOutputIsDeterministic(t *testing.T) {
	for _, f := range Formats {
		var first bytes.Buffer
		require.NoError(t, Write(&first, fixture(), Options{Format: f}))
		for range 20 {
			var again bytes.Buffer
			require.NoError(t, Write(&again, fixture(), Options{Format: f}))
			require.Equal(t, first.String(), again.String(), f)
		}
	}
}

func TestTextGroupsRepeatedFindings(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Text(&buf, fixture(), Options{}))
	out := buf.String()
	assert.Equal(t, 1, strings.Count(out, `amount_total: want integer or null, got string "2000"`), "printed in full once")
	assert.Contains(t, out, "error [wrong_type] amount_total: same as above (interaction 2)  scenarios/lifecycle.yaml:51")
	assert.Contains(t, out, "error [wrong_type] amount_total: same as above (interaction 0)  scenarios/refund.yaml:5")
	assert.Contains(t, out, "warning [version_skew] same as above  scenarios/refund.yaml")
	assert.Contains(t, out, "Repeated findings")
	assert.Contains(t, out, "`amount_total` wrong_type — 3 responses in 2 scenarios")
	assert.Contains(t, out, "version_skew: cassette was recorded with Stripe-Version 2025-01-27.acacia; the contracts are for "+apiVersion+" — 2 scenarios")
	assert.True(t, strings.HasSuffix(out, "\nFAIL: 3 scenarios, 8 steps, 8 interactions; 12 errors, 3 warnings, 1 note (1 skipped) (contracts: Stripe API "+apiVersion+"; also answered at 2025-01-27.acacia, each checked against the contracts nearest its version)\n"), out)

	buf.Reset()
	require.NoError(t, Text(&buf, passing(), Options{}))
	assert.NotContains(t, buf.String(), "Repeated findings", "nothing repeats")

	// Equal notes in two scenarios name lines of different files.
	twice := passing()
	twice.Scenarios = append(twice.Scenarios, twice.Scenarios[0])
	twice.Scenarios[1].Name, twice.Scenarios[1].File = "again", "scenarios/again.yaml"
	buf.Reset()
	require.NoError(t, Text(&buf, twice, Options{}))
	assert.Equal(t, 2, strings.Count(buf.String(), "note [skipped_stateful] expect_stateful (line 72) skipped"), "notes are not grouped")
	assert.Contains(t, buf.String(), "warning [unknown_field] wallet_options: same as above (interaction 0)  scenarios/again.yaml:9")
	assert.Contains(t, buf.String(), "`wallet_options` unknown_field — 2 responses in 2 scenarios")
}

func TestTextColor(t *testing.T) {
	var plain, color bytes.Buffer
	require.NoError(t, Text(&plain, fixture(), Options{}))
	require.NoError(t, Text(&color, fixture(), Options{Color: true}))
	assert.NotContains(t, plain.String(), "\x1b[")
	assert.Contains(t, color.String(), "\x1b[31m✗\x1b[0m create")
	assert.Contains(t, color.String(), "\x1b[31mFAIL\x1b[0m: ")
	assert.Contains(t, color.String(), "\x1b[33mwarning\x1b[0m [unknown_field]")
}

func TestJSONSchema(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, JSON(&buf, fixture(), Options{}))

	// Every documented key is present, and no other, at every level.
	var raw map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &raw))
	assert.ElementsMatch(t, []string{"api_version", "summary", "scenarios", "repeated"}, keys(raw))
	for _, rp := range raw["repeated"].([]any) {
		assert.ElementsMatch(t, []string{"kind", "path", "count", "scenarios", "summary"}, keys(rp))
	}
	assert.ElementsMatch(t, []string{"scenarios", "steps", "interactions", "errors", "warnings", "notes", "skipped", "passed"}, keys(raw["summary"]))
	for _, sc := range raw["scenarios"].([]any) {
		assert.ElementsMatch(t, []string{"name", "file", "cassette", "server", "stripe_version", "steps", "findings"}, keys(sc))
		steps := sc.(map[string]any)["steps"].([]any)
		findings := sc.(map[string]any)["findings"].([]any)
		for _, st := range steps {
			assert.ElementsMatch(t, []string{"id", "line", "request", "status", "stripe_version", "passed", "findings"}, keys(st))
			findings = append(findings, st.(map[string]any)["findings"].([]any)...)
		}
		for _, f := range findings {
			assert.ElementsMatch(t, []string{"kind", "severity", "path", "want", "got", "message", "interaction", "drift"}, keys(f))
		}
	}

	var got JSONReport
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	assert.Equal(t, JSONSummary{Scenarios: 3, Steps: 8, Interactions: 8, Errors: 12, Warnings: 3, Notes: 1, Skipped: 1, Passed: false}, got.Summary)
	assert.Equal(t, apiVersion, got.APIVersion)
	sub := got.Scenarios[2]
	assert.NotNil(t, sub.Steps, "empty lists are [], not null")
	assert.Empty(t, sub.Steps)
	retrieve := got.Scenarios[0].Steps[4]
	assert.Nil(t, retrieve.Status, "no response: null status")
	assert.Nil(t, retrieve.Findings[0].Interaction, "no interaction: null")
	assert.False(t, retrieve.Passed)
	assert.True(t, got.Scenarios[1].Steps[1].Passed)
	assert.Equal(t, 200, *got.Scenarios[1].Steps[1].Status)
}

func TestJSONPassedFollowsStrict(t *testing.T) {
	assert.True(t, NewJSONReport(passing(), false).Summary.Passed)
	assert.True(t, NewJSONReport(passing(), false).Scenarios[0].Steps[0].Passed)
	strict := NewJSONReport(passing(), true)
	assert.False(t, strict.Summary.Passed)
	assert.False(t, strict.Scenarios[0].Steps[0].Passed)
	assert.Equal(t, "error", strict.Scenarios[0].Steps[0].Findings[0].Severity, "with -strict a warning is an error")
	assert.Equal(t, 1, strict.Summary.Errors, "and is counted as one")
	assert.Zero(t, strict.Summary.Warnings)
	assert.Equal(t, "warning", NewJSONReport(passing(), false).Scenarios[0].Steps[0].Findings[0].Severity, "without -strict it stays a warning")
}

func keys(v any) []string {
	var out []string
	for k := range v.(map[string]any) {
		out = append(out, k)
	}
	return out
}

// The JUnit types a CI viewer reads, declared apart from the writer's.
type (
	xmlSuites struct {
		XMLName  xml.Name   `xml:"testsuites"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Skipped  int        `xml:"skipped,attr"`
		Suites   []xmlSuite `xml:"testsuite"`
	}
	xmlSuite struct {
		Name     string    `xml:"name,attr"`
		Tests    int       `xml:"tests,attr"`
		Failures int       `xml:"failures,attr"`
		Skipped  int       `xml:"skipped,attr"`
		Cases    []xmlCase `xml:"testcase"`
	}
	xmlCase struct {
		Classname string `xml:"classname,attr"`
		Name      string `xml:"name,attr"`
		File      string `xml:"file,attr"`
		Line      int    `xml:"line,attr"`
		Failures  []struct {
			Message string `xml:"message,attr"`
			Type    string `xml:"type,attr"`
			Text    string `xml:",chardata"`
		} `xml:"failure"`
		Skipped []struct {
			Message string `xml:"message,attr"`
		} `xml:"skipped"`
		SystemOut string `xml:"system-out"`
	}
)

func parseJUnit(t *testing.T, r *Report, strict bool) xmlSuites {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, JUnit(&buf, r, Options{Strict: strict}))
	require.True(t, strings.HasPrefix(buf.String(), `<?xml version="1.0" encoding="UTF-8"?>`))
	var got xmlSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &got))
	return got
}

func TestJUnitParsesBack(t *testing.T) {
	got := parseJUnit(t, fixture(), false)
	type counts struct {
		name                     string
		tests, failures, skipped int
		cases                    []string
	}
	var suites []counts
	for _, s := range got.Suites {
		c := counts{name: s.Name, tests: s.Tests, failures: s.Failures, skipped: s.Skipped}
		var failures, skipped int
		for _, tc := range s.Cases {
			c.cases = append(c.cases, tc.Name)
			assert.Equal(t, s.Name, tc.Classname)
			assert.LessOrEqual(t, len(tc.Failures), 1, "one <failure> per test case")
			assert.False(t, len(tc.Failures) > 0 && len(tc.Skipped) > 0, "%s: failed and skipped", tc.Name)
			failures += len(tc.Failures)
			skipped += len(tc.Skipped)
		}
		assert.Equal(t, len(s.Cases), s.Tests, s.Name)
		assert.Equal(t, failures, s.Failures, s.Name)
		assert.Equal(t, skipped, s.Skipped, s.Name)
		suites = append(suites, c)
	}
	want := []counts{
		{"lifecycle", 9, 7, 1, []string{"(stripe version)", "create", "create (expect_stateful)", "line_items", "update", "expire", "retrieve", "list", "(cassette)"}},
		{"refund", 3, 1, 0, []string{"(stripe version)", "create", "retrieve"}},
		{"subscription", 1, 1, 0, []string{"(cassette)"}},
	}
	if diff := cmp.Diff(want, suites, cmp.AllowUnexported(counts{})); diff != "" {
		t.Errorf("suites (-want +got):\n%s", diff)
	}
	assert.Equal(t, 13, got.Tests)
	assert.Equal(t, 9, got.Failures)
	assert.Equal(t, 1, got.Skipped, "the skipped stateful expectation is <skipped>")

	assert.Contains(t, got.Suites[0].Cases[0].SystemOut, "warning [version_skew]", "the skew is the first test case")
	create := got.Suites[0].Cases[1]
	assert.Equal(t, "scenarios/lifecycle.yaml", create.File)
	assert.Equal(t, 9, create.Line)
	assert.Equal(t, "wrong_type", create.Failures[0].Type)
	assert.Equal(t, `amount_total: want integer or null, got string "2000" (interaction 0) (and 1 more)`, create.Failures[0].Message)
	assert.Contains(t, create.Failures[0].Text, "error [missing_field] custom_fields: missing, required by checkout.session (interaction 0)  scenarios/lifecycle.yaml:9")
	assert.Contains(t, create.SystemOut, "warning [unknown_field] allowed_payment_method_types")
	assert.Contains(t, create.SystemOut, "note [skipped_stateful]", "a failing step keeps its notes")

	update := got.Suites[0].Cases[4]
	assert.Equal(t, `amount_total: want integer or null, got string "2000" (interaction 2) (and 1 more)`, update.Failures[0].Message)
	assert.Contains(t, update.Failures[0].Text, "error [expectation] expect metadata.order: (-want +got)\n  - \"43\"\n  + \"42\" (interaction 2)  scenarios/lifecycle.yaml:51\n")

	cassette := got.Suites[0].Cases[8]
	assert.Equal(t, "cassettes/lifecycle.yaml", cassette.File)
	assert.Equal(t, KindUnused, cassette.Failures[0].Type)
	assert.NotContains(t, cassette.SystemOut, "version_skew")
}

// TestJUnitNotesAndStrict: a step whose stateful expectation was skipped
// still passes (its contract and expectations were checked), with the note
// in its output, and the expectation is a <skipped> test case of its own;
// warnings fail only in strict mode.
func TestJUnitNotesAndStrict(t *testing.T) {
	got := parseJUnit(t, passing(), false)
	s := got.Suites[0]
	assert.Equal(t, [3]int{3, 0, 1}, [3]int{s.Tests, s.Failures, s.Skipped})
	require.Len(t, s.Cases, 3)
	assert.Equal(t, s.Cases[1].Name+" (expect_stateful)", s.Cases[2].Name)
	require.Len(t, s.Cases[2].Skipped, 1)
	assert.Empty(t, s.Cases[0].Failures, "a warning does not fail")
	assert.Contains(t, s.Cases[0].SystemOut, "warning [unknown_field] wallet_options")
	assert.Empty(t, s.Cases[1].Skipped, "checks that ran are not shown as not run")
	assert.Empty(t, s.Cases[1].Failures)
	assert.Contains(t, s.Cases[1].SystemOut, "expect_stateful (line 72) skipped")

	got = parseJUnit(t, passing(), true)
	s = got.Suites[0]
	assert.Equal(t, [3]int{3, 1, 1}, [3]int{s.Tests, s.Failures, s.Skipped})
	require.Len(t, s.Cases[0].Failures, 1)
	assert.Equal(t, "unknown_field", s.Cases[0].Failures[0].Type)
	assert.Contains(t, s.Cases[0].Failures[0].Text, "error [unknown_field] wallet_options")
}

// TestJUnitClientDecodeSaysWhatFailed: a client_decode finding has a
// path but no want or got (its message names the value and the Go type);
// its <failure> message says what the client could not decode, as the
// text report does, not "want , got ".
func TestJUnitClientDecodeSaysWhatFailed(t *testing.T) {
	f := Finding{Kind: KindClientDecode, Severity: Error, Interaction: 0, Path: "amount_total",
		Message: "the client cannot decode amount_total: number 2000.0 does not fit its Go type int64"}
	r := &Report{APIVersion: "2026-08-26.dahlia", Scenarios: []Scenario{{Name: "s", File: "scenarios/s.yaml", Cassette: "cassettes/s.yaml",
		Steps: []Step{{ID: "create", Line: 9, Request: "POST /v1/checkout/sessions", Status: 200, Findings: []Finding{f}}}}}}
	got := parseJUnit(t, r, false)
	require.Len(t, got.Suites, 1)
	var types, messages []string
	for _, c := range got.Suites[0].Cases {
		for _, f := range c.Failures {
			types, messages = append(types, f.Type), append(messages, f.Message)
		}
	}
	require.Len(t, messages, 1)
	assert.Equal(t, "client_decode", types[0])
	assert.Equal(t, "the client cannot decode amount_total: number 2000.0 does not fit its Go type int64 (interaction 0)", messages[0])
	var text bytes.Buffer
	require.NoError(t, Write(&text, r, Options{Format: FormatText}))
	assert.Contains(t, text.String(), messages[0], "JUnit says what the text report says")
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		got, err := ParseFormat(string(f))
		require.NoError(t, err)
		assert.Equal(t, f, got)
	}
	_, err := ParseFormat("xml")
	assert.EqualError(t, err, `unknown format "xml" (want text, json, junit)`)
	assert.Error(t, Write(&bytes.Buffer{}, passing(), Options{Format: "xml"}))
}

// TestFormatsAgreeOnCountsAndVerdict: for each report, with and without
// -strict, the text, JSON and JUnit formats print the same number of
// error and warning findings, their summaries count exactly those, and
// their verdicts agree with Report.Failed, which decides the exit code.
func TestFormatsAgreeOnCountsAndVerdict(t *testing.T) {
	sevLine := regexp.MustCompile(`(?m)(?:^|>)\s*(error|warning) \[`)
	count := func(text string) (errs, warns int) {
		for _, m := range sevLine.FindAllStringSubmatch(text, -1) {
			if m[1] == "error" {
				errs++
			} else {
				warns++
			}
		}
		return errs, warns
	}
	for name, rep := range map[string]*Report{"fixture": fixture(), "passing": passing()} {
		for _, strict := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s strict=%v", name, strict), func(t *testing.T) {
				var text, js, junit bytes.Buffer
				require.NoError(t, Write(&text, rep, Options{Format: FormatText, Strict: strict}))
				require.NoError(t, Write(&js, rep, Options{Format: FormatJSON, Strict: strict}))
				require.NoError(t, Write(&junit, rep, Options{Format: FormatJUnit, Strict: strict}))
				var doc JSONReport
				require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
				jsonErrs, jsonWarns := 0, 0
				for _, sc := range doc.Scenarios {
					all := slices.Clone(sc.Findings)
					for _, st := range sc.Steps {
						all = append(all, st.Findings...)
					}
					for _, f := range all {
						switch f.Severity {
						case "error":
							jsonErrs++
						case "warning":
							jsonWarns++
						}
					}
				}
				assert.Equal(t, doc.Summary.Errors, jsonErrs, "JSON summary counts its error findings")
				assert.Equal(t, doc.Summary.Warnings, jsonWarns, "JSON summary counts its warning findings")
				textErrs, textWarns := count(text.String())
				assert.Equal(t, jsonErrs, textErrs, "text prints as many errors as JSON")
				assert.Equal(t, jsonWarns, textWarns, "text prints as many warnings as JSON")
				assert.Contains(t, text.String(), fmt.Sprintf("; %s, %s,", plural(jsonErrs, "error"), plural(jsonWarns, "warning")), "text summary counts")
				junitErrs, junitWarns := count(html.UnescapeString(junit.String()))
				assert.Equal(t, jsonErrs, junitErrs, "JUnit lists as many errors as JSON")
				assert.Equal(t, jsonWarns, junitWarns, "JUnit lists as many warnings as JSON")
				failed := rep.Failed(strict)
				assert.Equal(t, !failed, doc.Summary.Passed)
				assert.Equal(t, failed, strings.Contains(text.String(), "\nFAIL: "))
				assert.Equal(t, failed, strings.Contains(junit.String(), "<failure "))
				if strict {
					assert.Zero(t, jsonWarns, "with -strict no finding is a mere warning")
				}
			})
		}
	}
}

// TestGroupingCountsListItemsAndKeepsDriftApart: data[0].ui_mode in a
// list response is the same field as a session's ui_mode; the same
// finding explained by a version skew (it has a drift) is another line.
func TestGroupingCountsListItemsAndKeepsDriftApart(t *testing.T) {
	missing := func(path, drift string, sev Severity, i int) Finding {
		return Finding{Kind: "missing_field", Severity: sev, Path: path, Want: "required by checkout.session", Got: "absent", Interaction: i, Drift: drift}
	}
	r := &Report{APIVersion: apiVersion, Scenarios: []Scenario{
		{Name: "current", File: "scenarios/current.yaml", Steps: []Step{
			{ID: "create", Line: 3, Status: 200, Findings: []Finding{missing("ui_mode", "", Error, 0)}},
			{ID: "list", Line: 9, Status: 200, Findings: []Finding{missing("data[0].ui_mode", "", Error, 1)}},
		}},
		{Name: "stale", File: "scenarios/stale.yaml", Steps: []Step{
			{ID: "create", Line: 3, Status: 200, Findings: []Finding{missing("ui_mode", "added since 2020-08-27", Note, 0)}},
			{ID: "list", Line: 9, Status: 200, Findings: []Finding{missing("data[2].ui_mode", "added since 2020-08-27", Note, 1)}},
		}},
	}}
	var summaries []string
	for _, rp := range repeats(r) {
		summaries = append(summaries, rp.String())
	}
	assert.Equal(t, []string{
		"`ui_mode` missing_field — 2 responses in 1 scenario",
		"`ui_mode` missing_field (added since 2020-08-27) — 2 responses in 1 scenario",
	}, summaries)
	var buf bytes.Buffer
	require.NoError(t, Text(&buf, r, Options{}))
	assert.Contains(t, buf.String(), "error [missing_field] data[0].ui_mode: same as above (interaction 1)")
	assert.Contains(t, buf.String(), "note [missing_field] ui_mode: added since 2020-08-27 (absent from this response), required by checkout.session (interaction 0)",
		"not \"same as above\": the stale line is not the current one")
	assert.Contains(t, buf.String(), "note [missing_field] data[2].ui_mode: same as above (interaction 1)")
}

// Notes are notes: a drift note in a stale cassette is not a skipped
// check (issue 25), in the text summary and the JSON's; JUnit marks
// only skipped checks <skipped>.
func TestNotesAreNotSkips(t *testing.T) {
	rep := &Report{APIVersion: apiVersion, Scenarios: []Scenario{{Name: "stale", File: "scenarios/stale.yaml", Steps: []Step{
		{ID: "create", Line: 5, Request: "POST /v1/checkout/sessions", Status: 200, Findings: []Finding{
			{Kind: "missing_field", Severity: Note, Path: "ui_mode", Drift: "added since 2020-08-27", Interaction: 0},
			{Kind: "unknown_field", Severity: Note, Path: "shipping", Drift: "removed or renamed since 2020-08-27", Interaction: 0},
		}},
	}}}}
	var buf bytes.Buffer
	require.NoError(t, Text(&buf, rep, Options{}))
	assert.Contains(t, buf.String(), "PASS: 1 scenario, 1 step, 0 interactions; 0 errors, 0 warnings, 2 notes (0 skipped)")
	buf.Reset()
	require.NoError(t, JSON(&buf, rep, Options{}))
	var got JSONReport
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	assert.Equal(t, 2, got.Summary.Notes)
	assert.Equal(t, 0, got.Summary.Skipped)
	buf.Reset()
	require.NoError(t, JUnit(&buf, rep, Options{}))
	assert.Contains(t, buf.String(), `skipped="0"`)
	assert.NotContains(t, buf.String(), "<skipped")
}

// TestSummaryNamesEveryAnsweringVersion: each exchange is checked at the
// version that answered it, so a suite answered at basil and dahlia says
// so in its summary, not only the newest contracts' version; a suite at
// the contracts' version alone (or unknown) keeps the short form.
func TestSummaryNamesEveryAnsweringVersion(t *testing.T) {
	const newest = "2026-08-26.dahlia"
	for _, tc := range []struct {
		name     string
		versions []string
		want     string
	}{
		{"newest only", []string{newest, newest}, "(contracts: Stripe API 2026-08-26.dahlia)"},
		{"nothing replayed or unknown", []string{"", "unknown"}, "(contracts: Stripe API 2026-08-26.dahlia)"},
		{"older versions, once each, oldest first", []string{newest, "2025-08-27.basil", "2020-08-27", "2025-08-27.basil"},
			"(contracts: Stripe API 2026-08-26.dahlia; also answered at 2020-08-27, 2025-08-27.basil, each checked against the contracts nearest its version)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Report{APIVersion: newest}
			for i, v := range tc.versions {
				r.Scenarios = append(r.Scenarios, Scenario{Name: fmt.Sprint("s", i), StripeVersion: v})
			}
			assert.True(t, strings.HasSuffix(Summary(r, false), tc.want), Summary(r, false))
		})
	}
}

// TestFindingOwnLine: a finding that knows its own line (verify FILE's,
// in a cassette) is printed at it in the text report and in JUnit's
// failure text, and a JUnit case whose first failure has one is at that
// line; findings without keep the step's.
func TestFindingOwnLine(t *testing.T) {
	at := Finding{Kind: "not_in_enum", Severity: Error, Interaction: 0, Path: "status", Want: "one of open", Got: `"opened"`, Line: 154}
	warn := Finding{Kind: "unknown_field", Severity: Warning, Interaction: 0, Path: "extra", Want: "not listed"}
	r := &Report{APIVersion: "2026-08-26.dahlia", Scenarios: []Scenario{{Name: "c", File: "c.yaml", Cassette: "c.yaml",
		Steps: []Step{
			{ID: "create", Line: 4, Request: "POST /v1/checkout/sessions", Status: 200, Findings: []Finding{at, warn}},
			{ID: "retrieve", Line: 90, Request: "GET /v1/checkout/sessions/cs_1", Status: 200, Findings: []Finding{warn}},
		}}}}
	var text bytes.Buffer
	require.NoError(t, Write(&text, r, Options{Format: FormatText}))
	assert.Regexp(t, `\[not_in_enum\] status: .*  c\.yaml:154\n`, text.String())
	assert.Regexp(t, `\[unknown_field\] extra: .*  c\.yaml:4\n`, text.String())

	got := parseJUnit(t, r, false)
	cases := got.Suites[0].Cases
	require.Len(t, cases, 2)
	assert.Equal(t, 154, cases[0].Line, "a CI annotates the first failure")
	assert.Contains(t, cases[0].Failures[0].Text, "c.yaml:154")
	assert.Contains(t, cases[0].SystemOut, "[unknown_field] extra: ")
	assert.Contains(t, cases[0].SystemOut, "(interaction 0)  c.yaml:4\n")
	assert.Equal(t, 90, cases[1].Line, "no failure: the step's line")
}

// TestFindingCassetteLine: in scenario mode a finding with a line in the
// scenario's cassette is at the step's line, followed by the cassette's
// line, in the text report and in JUnit (whose case stays at the step's
// line: the case is the scenario's), and carries it in the JSON report;
// a finding without one is at the step's line alone.
func TestFindingCassetteLine(t *testing.T) {
	at := Finding{Kind: "not_in_enum", Severity: Error, Interaction: 0, Path: "status", Want: "one of open", Got: `"opened"`, CassetteLine: 154}
	warn := Finding{Kind: "unknown_field", Severity: Warning, Interaction: 0, Path: "extra", Want: "not listed"}
	r := &Report{APIVersion: "2026-08-26.dahlia", Scenarios: []Scenario{{Name: "s", File: "scenarios/s.yaml", Cassette: "cassettes/s.yaml",
		Steps: []Step{{ID: "create", Line: 4, Request: "POST /v1/checkout/sessions", Status: 200, Findings: []Finding{at, warn}}}}}}
	var text bytes.Buffer
	require.NoError(t, Write(&text, r, Options{Format: FormatText}))
	assert.Regexp(t, `\[not_in_enum\] status: .*  scenarios/s\.yaml:4 \(recorded at cassettes/s\.yaml:154\)\n`, text.String())
	assert.Regexp(t, `\[unknown_field\] extra: .*  scenarios/s\.yaml:4\n`, text.String())

	got := parseJUnit(t, r, false)
	c := got.Suites[0].Cases[0]
	assert.Equal(t, 4, c.Line)
	assert.Contains(t, c.Failures[0].Text, "scenarios/s.yaml:4 (recorded at cassettes/s.yaml:154)\n")

	var js bytes.Buffer
	require.NoError(t, Write(&js, r, Options{Format: FormatJSON}))
	assert.Contains(t, js.String(), `"cassette_line": 154`)
	assert.Equal(t, 1, strings.Count(js.String(), `"cassette_line"`), "absent where there is none")
}
