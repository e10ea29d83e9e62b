package report

import (
	"encoding/json"
	"io"

	jsonreport "github.com/checkoutvcr/checkoutvcr/report"
)

// The JSON schema's types are the public package
// github.com/checkoutvcr/checkoutvcr/report, so that programs in other
// modules can decode verify's JSON; these names are kept for this
// module's code.
type (
	// JSONReport is [jsonreport.Report], the top-level object [JSON] writes.
	JSONReport = jsonreport.Report
	// JSONRepeated is [jsonreport.Repeated].
	JSONRepeated = jsonreport.Repeated
	// JSONSummary is [jsonreport.Summary].
	JSONSummary = jsonreport.Summary
	// JSONScenario is [jsonreport.Scenario].
	JSONScenario = jsonreport.Scenario
	// JSONStep is [jsonreport.Step].
	JSONStep = jsonreport.Step
	// JSONFinding is [jsonreport.Finding].
	JSONFinding = jsonreport.Finding
)

// JSON writes r as one indented [JSONReport] object and a newline.
func JSON(w io.Writer, r *Report, opts Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(NewJSONReport(r, opts.Strict))
}

// NewJSONReport converts r to the JSON schema, with every list non-nil;
// strict decides whether warnings fail.
func NewJSONReport(r *Report, strict bool) JSONReport {
	r = view(r, strict)
	c := r.Count()
	out := JSONReport{
		APIVersion: r.APIVersion,
		Summary: JSONSummary{
			Scenarios: c.Scenarios, Steps: c.Steps, Interactions: c.Interactions,
			Errors: c.Errors, Warnings: c.Warnings, Notes: c.Notes, Skipped: c.Skipped,
			Passed: !r.Failed(strict),
		},
		Scenarios: make([]JSONScenario, 0, len(r.Scenarios)),
		Repeated:  []JSONRepeated{},
		Coverage:  r.Coverage,
	}
	for _, rp := range repeats(r) {
		out.Repeated = append(out.Repeated, JSONRepeated{Kind: rp.first.Kind, Path: rp.first.Path,
			Count: rp.n, Scenarios: rp.scenarios, Summary: rp.String()})
	}
	for _, sc := range r.Scenarios {
		js := JSONScenario{
			Name: sc.Name, File: sc.File, Cassette: sc.Cassette,
			Server: sc.Server, StripeVersion: sc.StripeVersion,
			Steps:    make([]JSONStep, 0, len(sc.Steps)),
			Findings: jsonFindings(sc.Findings),
		}
		for _, st := range sc.Steps {
			js.Steps = append(js.Steps, JSONStep{
				ID: st.ID, Line: st.Line, Request: st.Request,
				Status: positive(st.Status), StripeVersion: st.StripeVersion,
				Passed:   !fails(st.Findings, strict),
				Findings: jsonFindings(st.Findings),
			})
		}
		out.Scenarios = append(out.Scenarios, js)
	}
	return out
}

func jsonFindings(fs []Finding) []JSONFinding {
	out := make([]JSONFinding, 0, len(fs))
	for _, f := range fs {
		jf := JSONFinding{
			Kind: f.Kind, Severity: f.Severity.String(),
			Path: f.Path, Want: f.Want, Got: f.Got, Message: f.Message, Suggest: f.Suggest, Drift: f.Drift,
			Line: f.Line, CassetteLine: f.CassetteLine,
		}
		if f.Interaction >= 0 {
			jf.Interaction = new(f.Interaction)
		}
		out = append(out, jf)
	}
	return out
}

// positive returns &n, or nil when n is 0 (no status).
func positive(n int) *int {
	if n <= 0 {
		return nil
	}
	return new(n)
}
