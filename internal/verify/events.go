package verify

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
)

// eventFindings checks the events a step's expect_events looked up: the
// recorded GET /v1/events exchange against the events operation's
// contract (each event against the event schema), each event's
// data.object against the session contract (so drift in an event's
// payload is caught like drift in a response), and the expectation.
// The lookup is checked at the version that answered it, each event's
// data.object at the event's api_version ([versions.forOp]).
func eventFindings(er scenario.EventResult, served *cassette.Served, vs *versions) []report.Finding {
	interaction := -1
	resp := er.Response
	ex := contracts.Exchange{Status: resp.StatusCode, Header: resp.Header, Body: resp.Body, JSON: er.JSON, Method: http.MethodGet, Path: scenario.EventsPath}
	if served != nil {
		interaction = served.ID
		ex.Method, ex.Path, ex.Query, ex.File, ex.Line = served.Method, served.Path, served.Query, served.File, served.Line
	}
	ex.Interaction = interaction
	var out []report.Finding
	version := answeringVersion(resp.Header, served)
	var fs []contracts.Finding
	op, ok := vs.newest.Lookup(ex.Method, ex.Path)
	var err error
	if !ok {
		err = fmt.Errorf("no operation in the contracts for %s %s", ex.Method, ex.Path)
	} else {
		fs, err = vs.checkExchange(version, ex, contracts.ExchangeOptions{Op: op.Name})
	}
	if err != nil {
		out = append(out, report.Finding{Kind: report.KindStepFailed, Severity: severity(report.KindStepFailed), Interaction: interaction,
			Message: fmt.Sprintf("expect_events %s: %v; regenerate the contracts (make contracts) so that they hold the events operations", er.Expect.Type, err)})
	}
	for _, f := range fs {
		out = append(out, report.FromContracts(f))
	}
	data, _ := field(er.JSON, "data").([]any)
	for k, d := range data {
		obj, _ := field(field(d, "data"), "object").(map[string]any)
		if obj == nil || obj["object"] != "checkout.session" {
			continue
		}
		at := version
		if v, ok := field(d, "api_version").(string); ok && contracts.AnsweringVersion(http.Header{"Stripe-Version": {v}}, nil) == v {
			at = v // data.object is rendered at the event's version
		}
		set, classify, err := vs.forOp(at, "retrieve")
		var found []contracts.Violation
		if err == nil {
			found, err = set.CheckValue("retrieve", http.StatusOK, obj)
		}
		if err != nil {
			out = append(out, report.Finding{Kind: report.KindStepFailed, Severity: severity(report.KindStepFailed), Interaction: interaction, Message: err.Error()})
		}
		for _, v := range found {
			f := classify(contracts.Finding{Violation: v, Severity: v.Kind.Severity()})
			out = append(out, report.Finding{Kind: string(f.Kind), Severity: f.Severity, Interaction: interaction, Drift: f.Drift,
				Path: joinPath(fmt.Sprintf("data[%d].data.object", k), v.Path), Want: v.Want, Got: v.Got})
		}
	}
	return append(out, mismatches(er.Check(), "expect_events "+er.Expect.Type, interaction)...)
}

// lookupPath is where in the events lookup's body a finding f of
// [eventFindings](er, …) is: an expect_events mismatch's path starts at
// the event found, data[er.Index]; the contract findings' paths start at
// the body.
func lookupPath(er scenario.EventResult, f report.Finding) string {
	if f.Kind == report.KindExpectation {
		return joinPath(fmt.Sprintf("data[%d]", er.Index), f.Path)
	}
	return f.Path
}

// eventsSkipped reports a step's expect_events that were not looked up
// because the recording server emits no events; rerecord is the caller's
// command that re-records the scenario.
func eventsSkipped(sr scenario.StepResult, server cassette.Server, rerecord string) report.Finding {
	var types []string
	for _, e := range sr.Step.ExpectEvents {
		types = append(types, e.Type)
	}
	line := sr.Step.ExpectEvents[0].Pos.Line
	return report.Finding{Kind: report.KindSkippedStateful, Severity: severity(report.KindSkippedStateful), Interaction: -1,
		Message: fmt.Sprintf("expect_events (line %d: %s) skipped: %s emits no events; record against the local server (%s) to check them",
			line, strings.Join(types, ", "), server.Kind, rerecord)}
}

func joinPath(base, p string) string {
	if p == "" {
		return base
	}
	if strings.HasPrefix(p, "[") {
		return base + p
	}
	return base + "." + p
}

// field is v[name] when v is a JSON object.
func field(v any, name string) any {
	m, _ := v.(map[string]any)
	return m[name]
}
