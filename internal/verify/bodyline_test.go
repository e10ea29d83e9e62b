package verify

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/internal/report"
	jsonreport "github.com/checkoutvcr/checkoutvcr/report"
)

// TestFindingLineInBody: checking a cassette without scenarios, a finding
// about a field of a body written over lines of its own names the line the
// field is on (a changed value deep in a list), the object that lacks it
// (a removed field, in a list element and at the top), where a
// one-line body is; a finding about the request keeps the interaction's.
func TestFindingLineInBody(t *testing.T) {
	src, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	lines := strings.Split(string(src), "\n")
	after := lineAfter(t, lines)
	first := after(after(0, "- id: 0"), "body: |") + 1 // the session's "{"
	items := after(after(0, "- id: 1"), "body: |") + 1 // the line items' "{"
	element := after(items, `"data": [`) + 1           // data[0]'s "{"
	unit := after(element, `"unit_amount": 2000,`)     // data[0].price.unit_amount
	currency := after(element, `"currency": "usd",`)   // data[0].currency
	mode := after(first, `"mode": "payment",`)         // the session's mode
	require.Less(t, currency, after(element, `"price": {`), "data[0].currency is the item's, not its price's")

	lines[unit] = strings.Replace(lines[unit], "2000", `"2000"`, 1)
	lines = slices.Delete(lines, currency, currency+1) // above unit
	lines = slices.Delete(lines, mode, mode+1)         // above element and unit
	element, unit = element-1, unit-2
	p := filepath.Join(t.TempDir(), "lifecycle.yaml")
	require.NoError(t, os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644))
	rep, err := Cassettes(context.Background(), []string{p}, CassetteOptions{})
	require.NoError(t, err)

	got := findingLines(rep.Scenarios[0], func(f report.Finding) int { return f.Line })
	assert.Equal(t, map[string]int{
		"wrong_type data[0].price.unit_amount": unit + 1,
		"missing_field data[0].currency":       element + 1,
		"missing_field mode":                   first + 1,
	}, got)

	// The text report shows the field's line, not the interaction's.
	var out strings.Builder
	require.NoError(t, report.Text(&out, rep, report.Options{}))
	assert.Contains(t, out.String(), "data[0].price.unit_amount: ")
	assert.Regexp(t, `data\[0\]\.price\.unit_amount: .*lifecycle\.yaml:`+strconv.Itoa(unit+1)+`\n`, out.String())
	// And the JSON report, as the finding's line.
	out.Reset()
	require.NoError(t, report.JSON(&out, rep, report.Options{}))
	var doc jsonreport.Report
	require.NoError(t, json.Unmarshal([]byte(out.String()), &doc))
	var jsonLine int
	for _, st := range doc.Scenarios[0].Steps {
		for _, f := range st.Findings {
			if f.Path == "data[0].price.unit_amount" {
				jsonLine = f.Line
			}
		}
	}
	assert.Equal(t, unit+1, jsonLine)
}

// lineAfter returns a function that gives the index of the first of lines
// at or after index from that contains s, and fails t if none does.
func lineAfter(t *testing.T, lines []string) func(from int, s string) int {
	return func(from int, s string) int {
		t.Helper()
		for i := from; i < len(lines); i++ {
			if strings.Contains(lines[i], s) {
				return i
			}
		}
		t.Fatalf("no line after %d holds %q", from+1, s)
		return 0
	}
}

// findingLines returns line(f) for each finding f of sc's steps that has
// a path, by its kind and path ("missing_field mode").
func findingLines(sc report.Scenario, line func(report.Finding) int) map[string]int {
	got := map[string]int{}
	for _, st := range sc.Steps {
		for _, f := range st.Findings {
			if f.Path != "" {
				got[f.Kind+" "+f.Path] = line(f)
			}
		}
	}
	return got
}

// TestFindingLineOneLineBody: a body on one line gives its findings that
// line; a finding about the request form keeps the interaction's line.
func TestFindingLineOneLineBody(t *testing.T) {
	cassette := `version: 2
interactions:
    - id: 0
      request:
        body: mode=payment&sucess_url=https%3A%2F%2Fexample.com
        form:
          mode: [payment]
          sucess_url: [https://example.com]
        url: https://api.stripe.com/v1/checkout/sessions
        method: POST
      response:
        code: 200
        body: '{"id": "cs_test_1", "object": "checkout.session", "status": "opened"}'
`
	p := filepath.Join(t.TempDir(), "one.yaml")
	require.NoError(t, os.WriteFile(p, []byte(cassette), 0o644))
	rep, err := Cassettes(context.Background(), []string{p}, CassetteOptions{})
	require.NoError(t, err)
	st := rep.Scenarios[0].Steps[0]
	require.Equal(t, 3, st.Line)
	kinds := map[string]bool{}
	for _, f := range st.Findings {
		if f.Path == "" {
			continue
		}
		kinds[f.Kind] = true
		if strings.HasPrefix(f.Kind, "request_") {
			assert.Zero(t, f.Line, "%s %s: the request's findings keep the interaction's line", f.Kind, f.Path)
		} else {
			assert.Equal(t, 13, f.Line, "%s %s: the body's line", f.Kind, f.Path)
		}
	}
	assert.True(t, kinds["not_in_enum"] && kinds["missing_field"] && kinds["request_unknown_field"], "%v", kinds)
}

// TestFieldLinesSkipsTheRequest: a finding whose path names the request
// ("request …", as an upgrade_change about a parameter has) keeps the
// interaction's line, even where the body has a field of that name.
func TestFieldLinesSkipsTheRequest(t *testing.T) {
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte("response:\n  body: |\n    {\n      \"mode\": \"payment\"\n    }\n"), &doc))
	st := report.Step{Findings: []report.Finding{
		{Kind: report.KindUpgradeChange, Path: "request mode"},
		{Kind: report.KindUpgradeChange, Path: "mode"},
	}}
	fieldLines(doc.Content[0], &st)
	assert.Zero(t, st.Findings[0].Line)
	assert.Equal(t, 4, st.Findings[1].Line)
}

// TestScenarioFindingCassetteLine: in scenario mode (make verify) a
// finding about a field of a recorded response, a contract's or a step
// expectation's, names the cassette line of the value as well as the
// step's line: in the finding, in the text report and in the JSON
// report. An event's contract finding gets the line inside the events
// lookup; an expect_events mismatch, whose path starts at the event, and
// the request's findings get none.
func TestScenarioFindingCassetteLine(t *testing.T) {
	scen, cass := t.TempDir(), t.TempDir()
	data, err := os.ReadFile("../../scenarios/basil.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(scen, "basil.yaml"), data, 0o644))
	src, err := os.ReadFile("../../cassettes/basil.yaml")
	require.NoError(t, err)
	lines := strings.Split(string(src), "\n")
	after := lineAfter(t, lines)
	status := after(after(0, "- id: 0"), `"status": "open",`)           // the created session's status
	paid := after(after(0, "/v1/events?"), `"payment_status": "paid",`) // the event's data.object
	lines[status] = strings.Replace(lines[status], `"open"`, `"opened"`, 1)
	lines[paid] = strings.Replace(lines[paid], `"paid"`, `"paidx"`, 1)
	tape := filepath.Join(cass, "basil.yaml")
	require.NoError(t, os.WriteFile(tape, []byte(strings.Join(lines, "\n")), 0o644))

	rep, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cass})
	require.NoError(t, err)
	for k, line := range findingLines(rep.Scenarios[0], func(f report.Finding) int { return f.Line }) {
		assert.Zero(t, line, "%s: the step's line is the scenario's", k)
	}
	got := findingLines(rep.Scenarios[0], func(f report.Finding) int { return f.CassetteLine })
	assert.Equal(t, map[string]int{
		"not_in_enum status":                             status + 1,
		"expectation status":                             status + 1,
		"not_in_enum data[0].data.object.payment_status": paid + 1,
		"expectation data.object.payment_status":         paid + 1,
	}, got)

	var out strings.Builder
	require.NoError(t, report.Text(&out, rep, report.Options{}))
	assert.Regexp(t, `status: want .*"opened" .*\(interaction 0\)  .*basil\.yaml:18 \(recorded at `+
		regexp.QuoteMeta(tape)+`:`+strconv.Itoa(status+1)+`\)\n`, out.String())
	out.Reset()
	require.NoError(t, report.JSON(&out, rep, report.Options{}))
	var doc jsonreport.Report
	require.NoError(t, json.Unmarshal([]byte(out.String()), &doc))
	assert.Equal(t, status+1, doc.Scenarios[0].Steps[0].Findings[0].CassetteLine, "%+v", doc.Scenarios[0].Steps[0].Findings)
}

// TestBodyPath: the pseudo-paths of a status or event expectation, and
// the request's findings, name no field of a response body.
func TestBodyPath(t *testing.T) {
	for _, c := range []struct {
		f    report.Finding
		want bool
	}{
		{report.Finding{Kind: "not_in_enum", Path: "status"}, true},
		{report.Finding{Kind: report.KindExpectation, Path: "the response"}, true},
		{report.Finding{Kind: report.KindExpectation, Path: "(status)"}, false},
		{report.Finding{Kind: report.KindExpectation, Path: "(event)"}, false},
		{report.Finding{Kind: "request_unknown_field", Path: "request sucess_url"}, false},
		{report.Finding{Kind: report.KindSecret, Message: "…"}, false},
	} {
		assert.Equal(t, c.want, bodyPath(c.f), "%+v", c.f)
	}
}
