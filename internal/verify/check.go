package verify

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/outcome"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
)

// checkStep checks one step's response against its operation's contract
// and the step's expectations.
//
// It is checked against the contracts of the version that answered it
// ([answeringVersion], [versions.forOp]), its findings classified by how
// that version resolved ([contracts.Resolution.Classify]). The error is
// for contracts that cannot be used.
func checkStep(sr scenario.StepResult, served *cassette.Served, vs *versions, rerecord string) (report.Step, error) {
	st := report.Step{ID: sr.Step.ID, Line: sr.Step.Pos.Line, Request: sr.Step.Op}
	interaction := -1
	if served != nil {
		interaction, st.Request = served.ID, served.Request
	}
	if sr.Response == nil {
		f := stepError(sr.Err)
		var miss *cassette.MissError
		if errors.As(sr.Err, &miss) {
			st.Request = miss.Request
		}
		st.Findings = append(st.Findings, f)
		return st, nil
	}
	resp := sr.Response
	st.Status = resp.StatusCode
	server := cassette.ServerOf(resp.Header)
	st.StripeVersion = answeringVersion(sr.Response.Header, served)
	fs, err := exchangeFindings(sr, served, interaction, vs, st.StripeVersion)
	if err != nil {
		return st, err
	}
	st.Findings = append(st.Findings, fs...)
	st.Findings = append(st.Findings, expectations(sr, server, interaction, rerecord)...)
	if f := outcome.Check(sr, server.Stateful); f != nil && !reported(st.Findings, f) {
		st.Findings = append(st.Findings, report.Finding{Kind: string(f.Kind), Severity: severity(string(f.Kind)),
			Interaction: interaction, Path: f.Path, Message: f.Message})
	}
	if sr.Err != nil {
		st.Findings = append(st.Findings, stepError(sr.Err))
	}
	return st, nil
}

// reported reports whether the contracts already said what the outcome
// rule (the one record applies before saving) found: a finding of its kind
// (a body that is not JSON is the contracts' invalid_json), or an error at
// the field the client cannot decode (amount_total a string is
// wrong_type). A case-variant duplicate key ("AMOUNT_TOTAL" beside
// "amount_total") is the contracts' client_decode at AMOUNT_TOTAL; the
// client's own failure at amount_total, if it failed, is reported too.
func reported(fs []report.Finding, out *outcome.Failure) bool {
	return slices.ContainsFunc(fs, func(f report.Finding) bool {
		return (f.Kind == string(out.Kind) && (out.Path == "" || f.Path == out.Path)) || (out.Path != "" && f.Path == out.Path && f.Severity == contracts.SeverityError)
	})
}

// skippedStep reports a step that was not sent (a pay step in a cassette
// that a server without control endpoints recorded) as skipped, by name;
// rerecord is the caller's command that re-records the scenario.
func skippedStep(sr scenario.StepResult, server cassette.Server, rerecord string) report.Step {
	return report.Step{ID: sr.Step.ID, Line: sr.Step.Pos.Line, Request: sr.Step.Op, Findings: []report.Finding{{
		Kind: report.KindSkippedStateful, Severity: severity(report.KindSkippedStateful), Interaction: -1,
		Message: fmt.Sprintf("step skipped: %s keeps no state and has no control endpoints; record against the local server (%s) to run it", cmp.Or(server.Kind, "the recording server"), rerecord)}}}
}

// expectations checks the step's expectations that apply to a recording
// by server ([scenario.StepResult.Applicable]), and says which it skipped
// and how to check them (rerecord, the caller's command).
func expectations(sr scenario.StepResult, server cassette.Server, interaction int, rerecord string) []report.Finding {
	apply, skipped := sr.Applicable(server.Stateful)
	var out []report.Finding
	for _, e := range apply {
		out = append(out, mismatches(e.Check(sr.Response.StatusCode, sr.JSON), e.Name, interaction)...)
	}
	if skipped != nil {
		out = append(out, report.Finding{Kind: report.KindSkippedStateful, Severity: severity(report.KindSkippedStateful), Interaction: interaction,
			Message: fmt.Sprintf("expect_stateful (line %d: %s) skipped: %s keeps no state; record against the local server (%s) or Stripe test mode to check it",
				skipped.Pos.Line, summarize(skipped.Names()), server.Kind, rerecord)})
	}
	return out
}

func mismatches(ms []scenario.Mismatch, which string, interaction int) []report.Finding {
	out := make([]report.Finding, 0, len(ms))
	for _, m := range ms {
		out = append(out, report.Finding{Kind: report.KindExpectation, Severity: severity(report.KindExpectation), Interaction: interaction,
			Path: m.Path, Want: m.Want, Got: m.Got, Message: fmt.Sprintf("%s %s: (-want +got)\n- %s\n+ %s", which, m.Path, m.Want, m.Got)})
	}
	return out
}

func stepError(err error) report.Finding {
	f := report.Finding{Kind: report.KindStepFailed, Severity: severity(report.KindStepFailed), Interaction: -1, Message: err.Error()}
	var serr *scenario.Error
	if errors.As(err, &serr) {
		f.Message = serr.Msg // the report adds the file and line itself
	}
	var miss *cassette.MissError
	if errors.As(err, &miss) {
		f.Kind = report.KindNoInteraction
		f.Message = miss.Error()
	}
	return f
}

// exchangeFindings checks the step's exchange against its operation's
// contract ([contracts.Set.CheckExchange]): the recorded request's
// parameters, unless the step expects Stripe to reject them or nothing was
// replayed, and the response. The runner has decoded the body already; a
// body that is not JSON is left to the contracts, which report it. The
// error is for contracts that cannot be used (a file missing or broken
// in a -contracts folder): a configuration problem, not a finding.
//
// version is the answering version, whose contracts check the exchange
// ([versions.forOp]).
func exchangeFindings(sr scenario.StepResult, served *cassette.Served, interaction int, vs *versions, version string) ([]report.Finding, error) {
	resp := sr.Response
	ex := contracts.Exchange{Status: resp.StatusCode, Header: resp.Header, Body: resp.Body, JSON: sr.JSON, Interaction: interaction}
	if served != nil {
		ex.Method, ex.Path, ex.Query, ex.File, ex.Line = served.Method, served.Path, served.Query, served.File, served.Line
		if served.Method != http.MethodGet {
			ex.Form = served.Params
		}
	}
	op, skipRequest := sr.Step.ContractOp(), served == nil || sr.Step.ExpectsRejection()
	if scenario.IsControl(op) {
		// Not a Stripe operation: pay answers the session, as retrieve
		// does; its request has no contract.
		op, skipRequest = "retrieve", true
	}
	fs, err := vs.checkExchange(version, ex, contracts.ExchangeOptions{Op: op, SkipRequest: skipRequest})
	if err != nil {
		return nil, fmt.Errorf("the contracts cannot be used: %w", err)
	}
	out := make([]report.Finding, 0, len(fs))
	for _, f := range fs {
		if f.Kind == contracts.KindStepFailed { // a contract file missing or broken
			return nil, fmt.Errorf("the contracts cannot be used: %s", f.Message)
		}
		out = append(out, report.FromContracts(f))
	}
	return out, nil
}

// summarize names what an expectation checks in a few words: the distinct
// top-level fields of its paths ("metadata", "status"), at most five.
func summarize(paths []string) string {
	var tops []string
	for _, p := range paths {
		top, _, _ := strings.Cut(p, ".")
		top, _, _ = strings.Cut(top, "[")
		if p == "error.type" || strings.HasPrefix(p, "error.") {
			top = p
		}
		if !slices.Contains(tops, top) {
			tops = append(tops, top)
		}
	}
	if len(tops) > 5 {
		return strings.Join(tops[:5], ", ") + fmt.Sprintf(" and %d more", len(tops)-5)
	}
	return strings.Join(tops, ", ")
}

// severity is kind's default severity, from the one table of kinds
// ([contracts.Kinds]).
func severity(kind string) report.Severity { return contracts.Kind(kind).Severity() }

// answeringVersion is the Stripe API version the step's response was
// rendered at ([contracts.AnsweringVersion]): the recorded response's
// Stripe-Version, else the recorded request's, else "unknown".
func answeringVersion(resp http.Header, served *cassette.Served) string {
	req := http.Header{}
	if served != nil && served.StripeVersion != "" {
		req.Set("Stripe-Version", served.StripeVersion)
	}
	return contracts.AnsweringVersion(resp, req)
}
