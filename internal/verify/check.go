package verify

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
)

// checkStep checks one step's response against its operation's contract
// and the step's expectations.
func checkStep(sr scenario.StepResult, served *cassette.Served, set *contracts.Set) report.Step {
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
		return st
	}
	resp := sr.Response
	st.Status = resp.StatusCode
	if served != nil && !expectsRejection(sr.Step) {
		st.Findings = append(st.Findings, requestFindings(set, sr.Step.Op, served)...)
	}
	// The runner has decoded the body already; a body that is not JSON is
	// left to CheckResponse, which reports it.
	var vs []contracts.Violation
	var err error
	if sr.JSON != nil {
		vs, err = set.CheckValue(sr.Step.Op, resp.StatusCode, sr.JSON)
	} else {
		vs, err = set.CheckResponse(sr.Step.Op, resp.StatusCode, resp.Body)
	}
	if err != nil {
		st.Findings = append(st.Findings, report.Finding{Kind: report.KindStepFailed, Severity: report.Error, Interaction: interaction, Message: err.Error()})
	}
	for _, v := range vs {
		st.Findings = append(st.Findings, contractFinding(v, interaction))
	}
	st.Findings = append(st.Findings, expectations(sr, cassette.ServerOf(resp.Header), interaction)...)
	if sr.Err != nil {
		st.Findings = append(st.Findings, stepError(sr.Err))
	}
	return st
}

// expectations checks the step's expectations that apply to a recording
// by server ([scenario.StepResult.Applicable]), and says which it skipped.
func expectations(sr scenario.StepResult, server cassette.Server, interaction int) []report.Finding {
	apply, skipped := sr.Applicable(server.Stateful)
	var out []report.Finding
	for _, e := range apply {
		out = append(out, mismatches(e.Check(sr.Response.StatusCode, sr.JSON), e.Name, interaction)...)
	}
	if skipped != nil {
		out = append(out, report.Finding{Kind: report.KindSkippedStateful, Severity: report.Note, Interaction: interaction,
			Message: fmt.Sprintf("expect_stateful (line %d: %s) skipped: %s keeps no state; record against Stripe test mode to check it",
				skipped.Pos.Line, summarize(skipped.Names()), server.Kind)})
	}
	return out
}

func mismatches(ms []scenario.Mismatch, which string, interaction int) []report.Finding {
	out := make([]report.Finding, 0, len(ms))
	for _, m := range ms {
		out = append(out, report.Finding{Kind: report.KindExpectation, Severity: report.Error, Interaction: interaction,
			Path: m.Path, Want: m.Want, Got: m.Got, Message: fmt.Sprintf("%s %s: (-want +got)\n- %s\n+ %s", which, m.Path, m.Want, m.Got)})
	}
	return out
}

func contractFinding(v contracts.Violation, interaction int) report.Finding {
	return report.Finding{Kind: string(v.Kind), Severity: v.Kind.Severity(), Interaction: interaction,
		Path: v.Path, Want: v.Want, Got: v.Got}
}

func stepError(err error) report.Finding {
	f := report.Finding{Kind: report.KindStepFailed, Severity: report.Error, Interaction: -1, Message: err.Error()}
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

// requestFindings checks the recorded request's parameters against the
// contract: a parameter Stripe does not accept, or of the wrong shape, is
// an error, because Stripe would reject the request.
func requestFindings(set *contracts.Set, op string, served *cassette.Served) []report.Finding {
	vs, err := set.CheckRequest(op, served.Params)
	if err != nil {
		return []report.Finding{{Kind: report.KindStepFailed, Severity: report.Error, Interaction: served.ID, Message: err.Error()}}
	}
	out := make([]report.Finding, 0, len(vs))
	for _, v := range vs {
		f := contractFinding(v, served.ID)
		k := v.Kind.Request()
		f.Kind, f.Severity = string(k), k.Severity()
		f.Path = "request " + f.Path
		out = append(out, f)
	}
	return out
}

// expectsRejection reports whether a step states that Stripe rejects its
// request (an error status or error object); its request is then meant to
// break the contract and is not checked.
func expectsRejection(st *scenario.Step) bool {
	for _, e := range []*scenario.Expect{st.Expect, st.ExpectStateful} {
		if e != nil && (e.Status >= 400 || e.Error != nil) {
			return true
		}
	}
	return false
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
