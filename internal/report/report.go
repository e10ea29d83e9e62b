package report

import "fmt"

// Severity ranks a finding. Errors fail verify; warnings fail it only in
// strict mode; notes never do.
type Severity int

const (
	// Note is information, such as a skipped stateful expectation.
	Note Severity = iota
	// Warning is a likely problem, such as a field the contract does not list.
	Warning
	// Error breaks the contract or an expectation.
	Error
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

// Kinds of findings besides the contract's own (contracts.Kind values).
const (
	KindExpectation     = "expectation"      // a step's expect did not hold
	KindSkippedStateful = "skipped_stateful" // expect_stateful on a stripe-mock cassette
	KindNoInteraction   = "no_interaction"   // a request the cassette has no answer for
	KindUnused          = "unused_interaction"
	KindNoCassette      = "no_cassette"
	KindStepFailed      = "step_failed" // a template or transport problem
	KindVersionSkew     = "version_skew"
)

// Finding is one problem (or note) verify found.
type Finding struct {
	Kind     string
	Severity Severity
	// Path is the JSON path of the value concerned, if any.
	Path string
	// Want is what the contract or expectation says; Got is what came back.
	Want, Got string
	// Message is a complete sentence for kinds that have no path.
	Message string
	// Interaction is the cassette interaction id, or -1.
	Interaction int
}

// Fails reports whether f fails verify: an error, or in strict mode a
// warning. Notes never fail.
func (f Finding) Fails(strict bool) bool {
	return f.Severity == Error || (strict && f.Severity == Warning)
}

// String describes f in a line (or, for expectations, a few), ending
// with its interaction when it has one.
func (f Finding) String() string {
	return f.describe() + f.interaction()
}

// describe is String without the interaction.
func (f Finding) describe() string {
	if f.Message != "" {
		return f.Message
	}
	return f.pathText()
}

// pathText says what is wrong at f.Path, from Want and Got.
func (f Finding) pathText() string {
	switch {
	case f.Kind == "unknown_field" || f.Kind == "request_unknown_field":
		return fmt.Sprintf("%s: not in the contract, got %s", f.Path, f.Got)
	case f.Kind == "missing_field" || f.Kind == "request_missing_field":
		return fmt.Sprintf("%s: missing, %s", f.Path, f.Want)
	case f.Path != "":
		return fmt.Sprintf("%s: want %s, got %s", f.Path, f.Want, f.Got)
	}
	return fmt.Sprintf("want %s, got %s", f.Want, f.Got)
}

func (f Finding) interaction() string {
	if f.Interaction < 0 {
		return ""
	}
	return fmt.Sprintf(" (interaction %d)", f.Interaction)
}

// Step is what verify found for one step.
type Step struct {
	ID   string
	Line int
	// Request is e.g. "POST /v1/checkout/sessions"; Status is the replayed
	// response's code, 0 if none.
	Request  string
	Status   int
	Findings []Finding
}

// Scenario is what verify found for one scenario.
type Scenario struct {
	Name, File, Cassette string
	// Server is which server recorded the cassette ("stripe-mock" or
	// "stripe"); StripeVersion the API version its requests sent.
	Server, StripeVersion string
	Interactions          int
	Steps                 []Step
	// Findings concern the scenario as a whole (unused interactions, a
	// missing cassette).
	Findings []Finding
}

// Report is the outcome of a verify run.
type Report struct {
	// APIVersion is the contracts' Stripe API version.
	APIVersion string
	Scenarios  []Scenario
	// Coverage is set when verify was asked for coverage.
	Coverage *Coverage
}

// Counts tallies findings by severity. Notes are the skipped
// expectations that the text and JSON summaries call "skipped".
type Counts struct {
	Scenarios, Steps, Interactions int
	Errors, Warnings, Notes        int
}

// Count tallies r.
func (r *Report) Count() Counts {
	var c Counts
	for _, sc := range r.Scenarios {
		c.Scenarios++
		c.Interactions += sc.Interactions
		c.add(sc.Findings)
		for _, st := range sc.Steps {
			c.Steps++
			c.add(st.Findings)
		}
	}
	return c
}

func (c *Counts) add(fs []Finding) {
	for _, f := range fs {
		switch f.Severity {
		case Error:
			c.Errors++
		case Warning:
			c.Warnings++
		default:
			c.Notes++
		}
	}
}

// Failed reports whether r should fail verify: any error, or in strict
// mode any warning.
func (r *Report) Failed(strict bool) bool {
	c := r.Count()
	return c.Errors > 0 || (strict && c.Warnings > 0)
}
