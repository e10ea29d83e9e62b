package report

import (
	"fmt"
	"time"

	"github.com/checkoutvcr/checkoutvcr/contracts"
)

// Severity ranks a finding: [contracts.Severity], the severity of the one
// table of kinds ([contracts.Kinds]). Errors fail verify; warnings fail it
// only in strict mode; notes never do. The zero value is [Note].
type Severity = contracts.Severity

const (
	// Note is information, such as a skipped stateful expectation.
	Note = contracts.SeverityNote
	// Warning is a likely problem, such as a field the contract does not list.
	Warning = contracts.SeverityWarning
	// Error breaks the contract or an expectation.
	Error = contracts.SeverityError
)

// Kinds of findings besides the contract's own, for [Finding].Kind: the
// names of the scenario kinds of [contracts.Kinds].
const (
	// KindExpectation is [contracts.KindExpectation].
	KindExpectation = string(contracts.KindExpectation)
	// KindSkippedStateful is [contracts.KindSkippedStateful].
	KindSkippedStateful = string(contracts.KindSkippedStateful)
	// KindNoInteraction is [contracts.KindNoInteraction].
	KindNoInteraction = string(contracts.KindNoInteraction)
	// KindUnused is [contracts.KindUnused].
	KindUnused = string(contracts.KindUnused)
	// KindNoCassette is [contracts.KindNoCassette].
	KindNoCassette = string(contracts.KindNoCassette)
	// KindStepFailed is [contracts.KindStepFailed].
	KindStepFailed = string(contracts.KindStepFailed)
	// KindClientDecode is [contracts.KindClientDecode].
	KindClientDecode = string(contracts.KindClientDecode)
	// KindUnexpectedError is [contracts.KindUnexpectedError].
	KindUnexpectedError = string(contracts.KindUnexpectedError)
	// KindOrphanCassette is [contracts.KindOrphanCassette].
	KindOrphanCassette = string(contracts.KindOrphanCassette)
	// KindVersionSkew is [contracts.KindVersionSkew].
	KindVersionSkew = string(contracts.KindVersionSkew)
	// KindSecret is [contracts.KindSecret].
	KindSecret = string(contracts.KindSecret)
	// KindSkippedInteraction is [contracts.KindSkippedInteraction].
	KindSkippedInteraction = string(contracts.KindSkippedInteraction)
	// KindUpgradeChange is [contracts.KindUpgradeChange].
	KindUpgradeChange = string(contracts.KindUpgradeChange)
)

// Finding is one problem (or note) verify found.
type Finding struct {
	// Kind says what sort of problem it is: the name of one of
	// [contracts.Kinds] (a contract's kind, its request_ form for a request
	// parameter, or one of the Kind constants, such as [KindExpectation]).
	Kind string
	// Severity says whether it fails verify; see [Finding.Fails].
	Severity Severity
	// Path is the JSON path of the value concerned; "" if none.
	Path string
	// Want and Got are what the contract or expectation says and what came
	// back; "" when they do not apply.
	Want, Got string
	// Message is a complete sentence for kinds that have no path; "" means
	// [Finding.String] describes f from Path, Want and Got.
	Message string
	// Interaction is the cassette interaction id, or -1 if none (0 is the
	// first interaction, not none).
	Interaction int
	// Suggest is, for a request_unknown_field, the parameter the contract
	// lists that is closest to the unknown one ("success_url" for
	// "sucess_url"); "" if none is close.
	Suggest string
	// Drift says, for a field finding in a response rendered at another
	// Stripe API version than the contracts', what it means: "removed or
	// renamed since 2020-08-27" or "added since 2020-08-27"
	// ([contracts.Skew.Drift]); for the version_skew headline, the
	// direction ("older", "newer" or "other"). "" otherwise.
	Drift string
	// Line is the line of the step's file that Path (or, for a secret, the
	// secret) is written on, when verify knows it more closely than the
	// step's line: checking a cassette, whose lines the step's are; 0: the
	// step's line.
	Line int
	// CassetteLine is, in scenario mode, the line of the scenario's
	// cassette that Path (or, for a secret, the secret) is written on, as
	// Line is when checking a cassette without scenarios; 0 if none.
	CassetteLine int
}

// FromContracts converts a finding of [contracts.Set.CheckExchange] into
// a report finding: the one conversion, so that record (checking a
// request before it is sent) and verify word a finding the same way. A
// request parameter's path is prefixed "request ".
func FromContracts(f contracts.Finding) Finding {
	rf := Finding{Kind: string(f.Kind), Severity: f.Severity, Interaction: f.Interaction,
		Path: f.Path, Want: f.Want, Got: f.Got, Message: f.Message, Suggest: f.Suggest, Drift: f.Drift}
	if f.Request && f.Message == "" {
		rf.Path = "request " + rf.Path
	}
	return rf
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
	case f.Drift != "" && f.Kind == "unknown_field":
		return fmt.Sprintf("%s: %s (not in the contract), got %s", f.Path, f.Drift, f.Got)
	case f.Drift != "" && f.Kind == "missing_field":
		return fmt.Sprintf("%s: %s (absent from this response), %s", f.Path, f.Drift, f.Want)
	case f.Kind == "unknown_field" || f.Kind == "request_unknown_field":
		text := fmt.Sprintf("%s: not in the contract, got %s", f.Path, f.Got)
		if f.Suggest != "" {
			text += fmt.Sprintf(" (did you mean %s?)", f.Suggest)
		}
		return text
	case f.Kind == "missing_field" || f.Kind == "request_missing_field":
		return fmt.Sprintf("%s: missing, %s", f.Path, f.Want)
	case f.Path != "" && f.Drift != "":
		return fmt.Sprintf("%s: want %s, got %s (%s)", f.Path, f.Want, f.Got, f.Drift)
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

// Where is the place f is about, in a step at line of file: "file:N"
// with f's own line when it has one, else the step's; just file when
// neither is known. When f has a line in cassette, the scenario's
// cassette, it follows: "file:N (recorded at cassette:M)".
func (f Finding) Where(file string, line int, cassette string) string {
	if f.Line > 0 {
		line = f.Line
	}
	at := file
	if line > 0 {
		at = fmt.Sprintf("%s:%d", file, line)
	}
	if f.CassetteLine > 0 && cassette != "" {
		at += fmt.Sprintf(" (recorded at %s:%d)", cassette, f.CassetteLine)
	}
	return at
}

// Step is what verify found for one step.
type Step struct {
	// ID is the step's id in its scenario.
	ID string
	// Line is the step's line in the scenario file; 0 if unknown.
	Line int
	// Request is e.g. "POST /v1/checkout/sessions"; the step's op when no
	// request was replayed.
	Request string
	// Status is the replayed response's HTTP status code; 0 if none.
	Status int
	// StripeVersion is the Stripe API version that answered: the recorded
	// response's Stripe-Version, else the request's, else "unknown"
	// ([contracts.AnsweringVersion]); "" when no response was replayed.
	StripeVersion string
	// Findings are what verify found about this step; nil means none.
	Findings []Finding
	// Duration is how long replaying and checking the step took; 0 if
	// not measured. JUnit reports it as the test case's time.
	Duration time.Duration
}

// Scenario is what verify found for one scenario.
type Scenario struct {
	// Name, File and Cassette are the scenario's name, its file and the
	// path of its cassette.
	Name, File, Cassette string
	// Server is the kind of server that recorded the cassette, from its
	// stamp ("stripe-mock", "stripe", "local" or "custom"). StripeVersion
	// is the API version that answered ([Step].StripeVersion): the first
	// step's that differs from the contracts', else the last step's. Both
	// are "" when nothing was replayed.
	Server, StripeVersion string
	// Interactions counts the cassette's interactions, replayed or not.
	Interactions int
	// Steps holds a result per step that ran, in order.
	Steps []Step
	// Findings concern the scenario as a whole (unused interactions, a
	// missing cassette).
	Findings []Finding
	// Duration is how long verifying the scenario took; 0 if not
	// measured. JUnit reports it as the test suite's time.
	Duration time.Duration
}

// Report is the outcome of a verify run.
type Report struct {
	// APIVersion is the contracts' Stripe API version.
	APIVersion string
	// Scenarios are the verified scenarios, in name order.
	Scenarios []Scenario
	// Coverage is set when verify was asked for coverage; nil otherwise.
	Coverage *Coverage
}

// Counts tallies a [Report]: what it covers, and its findings by
// severity.
type Counts struct {
	// Scenarios, Steps and Interactions count what the report covers.
	Scenarios, Steps, Interactions int
	// Errors, Warnings and Notes count findings of each [Severity].
	Errors, Warnings, Notes int
	// Skipped counts the notes that say something was not checked
	// ([KindSkippedStateful], [KindSkippedInteraction]); the other
	// notes (a field's version drift, an upgrade change) are not skips.
	Skipped int
}

// Count tallies r's scenarios, steps, interactions and findings.
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
		if f.Kind == KindSkippedStateful || f.Kind == KindSkippedInteraction {
			c.Skipped++
		}
	}
}

// Failed reports whether r should fail verify: any error, or in strict
// mode any warning.
func (r *Report) Failed(strict bool) bool {
	c := r.Count()
	return c.Errors > 0 || (strict && c.Warnings > 0)
}

// ErrorReport is the report of a run that could not verify anything
// (verify's exit status 2: bad flags, unreadable inputs): one scenario,
// "verify", with one step, "(run)", whose one error finding says why. CI
// then finds a report file, with a failing test case, on every exit.
func ErrorReport(apiVersion string, err error) *Report {
	return &Report{APIVersion: apiVersion, Scenarios: []Scenario{{
		Name: "verify",
		Steps: []Step{{ID: "(run)", Findings: []Finding{{
			Kind: KindStepFailed, Severity: Error, Interaction: -1,
			Message: "verify could not run: " + err.Error(),
		}}}},
	}}}
}

// Strict returns r as verify -strict reads it: a copy in which every
// warning is an error. Text, JSON and JUnit print, type and count it so
// (Options.Strict), so that the findings, the summary's counts and the
// exit code agree; without -strict a warning stays a warning everywhere.
func (r *Report) Strict() *Report {
	out := *r
	out.Scenarios = make([]Scenario, len(r.Scenarios))
	for i, sc := range r.Scenarios {
		sc.Findings = promote(sc.Findings)
		steps := make([]Step, len(sc.Steps))
		for j, st := range sc.Steps {
			st.Findings = promote(st.Findings)
			steps[j] = st
		}
		sc.Steps = steps
		out.Scenarios[i] = sc
	}
	return &out
}

// promote returns fs with every warning made an error.
func promote(fs []Finding) []Finding {
	if fs == nil {
		return nil
	}
	out := make([]Finding, len(fs))
	for i, f := range fs {
		if f.Severity == Warning {
			f.Severity = Error
		}
		out[i] = f
	}
	return out
}

// view is r as opts ask for it: [Report.Strict] in strict mode.
func view(r *Report, strict bool) *Report {
	if strict {
		return r.Strict()
	}
	return r
}
