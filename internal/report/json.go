package report

import (
	"encoding/json"
	"io"
)

// JSONReport is the top-level object [JSON] writes. Its fields and those
// of the types it holds are the schema in the package documentation;
// programs that read verify's JSON in Go can decode into it.
type JSONReport struct {
	// APIVersion is the contracts' Stripe API version.
	APIVersion string `json:"api_version"`
	// Summary tallies the report and says whether it passed.
	Summary JSONSummary `json:"summary"`
	// Scenarios are the verified scenarios, in name order; [] if none.
	Scenarios []JSONScenario `json:"scenarios"`
	// Repeated groups findings that say the same thing on several steps
	// or scenarios (they are also listed where they occur), so that one
	// cause reads as one line; [] if none.
	Repeated []JSONRepeated `json:"repeated"`
	// Coverage is present only with verify -coverage.
	Coverage *Coverage `json:"coverage,omitempty"`
}

// JSONRepeated is one finding a report holds more than once.
type JSONRepeated struct {
	// Kind is the repeated finding's kind, as in [JSONFinding].
	Kind string `json:"kind"`
	// Path is the repeated finding's JSON path, or "".
	Path string `json:"path"`
	// Count is how many times it occurs.
	Count int `json:"count"`
	// Scenarios is how many scenarios it occurs in.
	Scenarios int `json:"scenarios"`
	// Summary reads e.g. "`amount_total` wrong_type — 3 responses in 1 scenario".
	Summary string `json:"summary"`
}

// JSONSummary tallies a [JSONReport].
type JSONSummary struct {
	// Scenarios counts the verified scenarios.
	Scenarios int `json:"scenarios"`
	// Steps counts the steps that ran, over all scenarios.
	Steps int `json:"steps"`
	// Interactions counts the cassettes' interactions, replayed or not.
	Interactions int `json:"interactions"`
	// Errors counts findings of severity "error".
	Errors int `json:"errors"`
	// Warnings counts findings of severity "warning".
	Warnings int `json:"warnings"`
	// Skipped counts findings of severity "note" (skipped stateful
	// expectations).
	Skipped int `json:"skipped"`
	// Passed is false when there are errors, or warnings in strict mode.
	Passed bool `json:"passed"`
}

// JSONScenario is what verify found for one scenario.
type JSONScenario struct {
	// Name is the scenario's name.
	Name string `json:"name"`
	// File is the scenario file's path.
	File string `json:"file"`
	// Cassette is the path of the scenario's cassette.
	Cassette string `json:"cassette"`
	// Server is "stripe-mock" or "stripe", or "" when nothing was
	// replayed.
	Server string `json:"server"`
	// StripeVersion is the Stripe API version that answered the
	// cassette's responses (see [JSONStep].StripeVersion): the first that
	// differs from the contracts', else the last; "" when nothing was
	// replayed.
	StripeVersion string `json:"stripe_version"`
	// Steps holds a result per step that ran, in order; [] if none.
	Steps []JSONStep `json:"steps"`
	// Findings concern the scenario as a whole; [] if none.
	Findings []JSONFinding `json:"findings"`
}

// JSONStep is what verify found for one step.
type JSONStep struct {
	// ID is the step's id in its scenario.
	ID string `json:"id"`
	// Line is the step's line in the scenario file.
	Line int `json:"line"`
	// Request is e.g. "POST /v1/checkout/sessions"; the step's op when no
	// request was replayed.
	Request string `json:"request"`
	// Status is the replayed response's HTTP status, nil (null) if none.
	Status *int `json:"status"`
	// StripeVersion is the Stripe API version that answered the step's
	// interaction: the response's Stripe-Version, else the request's, else
	// "unknown"; "" when nothing was replayed.
	StripeVersion string `json:"stripe_version"`
	// Passed is false when one of Findings fails verify.
	Passed bool `json:"passed"`
	// Findings are what verify found about this step; [] if none.
	Findings []JSONFinding `json:"findings"`
}

// JSONFinding is one finding. Strings that do not apply are "".
type JSONFinding struct {
	// Kind is a contract violation kind or one of the Kind constants; see
	// [Finding].Kind.
	Kind string `json:"kind"`
	// Severity is "error", "warning" or "note".
	Severity string `json:"severity"`
	// Path is the JSON path in the response (prefixed "request " for a
	// request parameter), or "".
	Path string `json:"path"`
	// Want is what the contract or expectation says, or "".
	Want string `json:"want"`
	// Got is what came back, or "".
	Got string `json:"got"`
	// Message is a sentence, for kinds without a path, or "".
	Message string `json:"message"`
	// Interaction is the cassette interaction, nil (null) if none.
	Interaction *int `json:"interaction"`
	// Drift is, for a field finding in a response rendered at another API
	// version than the contracts', "removed or renamed since X" or "added
	// since X"; for a version_skew finding, "older", "newer" or "other";
	// "" otherwise.
	Drift string `json:"drift"`
}

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
	c := r.Count()
	out := JSONReport{
		APIVersion: r.APIVersion,
		Summary: JSONSummary{
			Scenarios: c.Scenarios, Steps: c.Steps, Interactions: c.Interactions,
			Errors: c.Errors, Warnings: c.Warnings, Skipped: c.Notes,
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
			Path: f.Path, Want: f.Want, Got: f.Got, Message: f.Message, Drift: f.Drift,
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
