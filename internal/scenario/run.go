package scenario

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/internal/jsondoc"
	"github.com/checkoutvcr/checkoutvcr/internal/sharedbody"
)

// RunOptions configure [Run].
type RunOptions struct {
	// Client makes the requests; record and verify differ only in the
	// transport they give it. It is required.
	Client *client.Client
	// Env resolves ${env.NAME}; nil means [os.LookupEnv].
	Env Env
	// IdempotencyKey derives the key for a POST step without an explicit
	// idempotency_key; nil leaves it to the client (random per call).
	IdempotencyKey func(sc *Scenario, st *Step) string
	// Controls says the server has the local server's control endpoints
	// (internal/localserver). Without it a control step (op pay) is not
	// sent: its [StepResult].Skipped says why.
	Controls bool
	// StopAfter, when set, is asked after each step that did not stop the
	// run by itself; true stops it there (record: a step whose outcome
	// already fails the scenario, so no more requests are sent for it).
	StopAfter func(StepResult) bool
}

// StepResult is what one step got back.
type StepResult struct {
	// Step is the step that ran, as parsed (templates not expanded).
	Step *Step
	// Response is the HTTP exchange; nil when none arrived.
	Response *client.Response
	// JSON is the decoded response body (numbers as [json.Number]); nil
	// when the body is not JSON.
	JSON any
	// Expect and ExpectStateful are the step's expectations with their
	// templates expanded; nil when the step has none.
	Expect, ExpectStateful *Expect
	// ClientErr is the client's error for a response that did arrive: a
	// *client.Error for a non-2xx status, a *client.DecodeError for a body
	// the client could not decode or that was too large. Nil means the
	// client decoded the response into its types. [outcome.Check] reads it.
	ClientErr error
	// Skipped is why the step was not sent, "" if it was: a control step
	// (op pay) against a server without control endpoints. A skipped step
	// has no Response and no Err; the run goes on.
	Skipped string
	// Events are the step's expect_events with what the runner found for
	// each, in order; nil when it has none or they were skipped.
	Events []EventResult
	// EventsSkipped is why the step's expect_events were not looked for,
	// "" if they were (or it has none): the server is not the local
	// server ([RunOptions].Controls), the one that emits events.
	EventsSkipped string
	// Err is why the step failed to run: a template, network or replay
	// problem (Response is then nil), or an expectation whose templates
	// could not be expanded. A Stripe error response is a Response, not an
	// Err. Nil means the step ran.
	Err error
}

// Result is the outcome of running one scenario.
type Result struct {
	// Scenario is the scenario that ran.
	Scenario *Scenario
	// Steps holds a result per step that ran; a step with an Err ends the
	// run, so it is the last.
	Steps []StepResult
}

// Err returns the error that stopped the run (the last step's Err), or
// nil if every step ran.
func (r *Result) Err() error {
	if n := len(r.Steps); n > 0 && r.Steps[n-1].Err != nil {
		return r.Steps[n-1].Err
	}
	return nil
}

// Run runs the steps of sc in order through opts.Client, expanding each
// step's templates from earlier responses, and stops at the first step
// whose [StepResult].Err is set, or that opts.StopAfter stops at. It does not check expectations; see
// [Expect.Check].
func Run(ctx context.Context, sc *Scenario, opts RunOptions) *Result {
	x := &expander{responses: map[string]any{}, env: opts.Env}
	if x.env == nil {
		x.env = os.LookupEnv
	}
	res := &Result{Scenario: sc}
	for _, st := range sc.Steps {
		sr := runStep(ctx, sc, st, x, opts)
		res.Steps = append(res.Steps, sr)
		if sr.Err != nil || opts.StopAfter != nil && opts.StopAfter(sr) {
			break
		}
		if sr.JSON != nil {
			x.responses[st.ID] = sr.JSON
		}
	}
	return res
}

func runStep(ctx context.Context, sc *Scenario, st *Step, x *expander, opts RunOptions) StepResult {
	sr := StepResult{Step: st}
	in, err := prepare(sc, st, x, opts)
	if err != nil {
		sr.Err = errorAt(st.Pos, "step %q: %v", st.ID, err)
		return sr
	}
	o, ok := ops[st.Op]
	if ok && o.control && !opts.Controls {
		sr.Skipped = fmt.Sprintf("op %s needs the local server's control endpoint, and the local server is record's default", st.Op)
		return sr
	}
	if !ok { // only a Scenario built by hand gets here; Parse refuses it
		sr.Err = errorAt(st.Pos, "step %q: unknown op %q (known ops: %s)", st.ID, st.Op, strings.Join(OpNames(), ", "))
		return sr
	}
	// A transport can tell which step a request is for: [StepOf].
	// The client decodes the body once for itself and the runner (sharedbody).
	body := new(sharedbody.Body)
	resp, err := o.do(sharedbody.With(context.WithValue(ctx, stepKey{}, st), body), opts.Client, in)
	if resp == nil {
		sr.Err = fmt.Errorf("step %q: %w", st.ID, err)
		return sr
	}
	sr.Response, sr.ClientErr = resp, err
	sr.JSON = body.Value(resp.Body) // DecodeJSON, made once
	if sr.Expect, err = x.expect(st.Expect); err == nil {
		sr.ExpectStateful, err = x.expect(st.ExpectStateful)
	}
	if err != nil {
		sr.Err = errorAt(st.Pos, "step %q: expectation: %v", st.ID, err)
		return sr
	}
	if len(st.ExpectEvents) > 0 {
		if !opts.Controls {
			sr.EventsSkipped = eventsSkipped
			return sr
		}
		session := in.session
		if session == "" {
			session, _ = field(sr.JSON, "id").(string)
		}
		sr.Events, err = fetchEvents(ctx, opts.Client, session, st.ExpectEvents, x, versionOption(sc)...)
		if err != nil {
			sr.Err = errorAt(st.Pos, "step %q: %v", st.ID, err)
		}
	}
	return sr
}

// expect returns e with the templates in its body expanded.
func (x *expander) expect(e *Expect) (*Expect, error) {
	if e == nil || e.Body == nil {
		return e, nil
	}
	body, err := x.expand(e.Body)
	if err != nil {
		return nil, err
	}
	out := *e
	out.Body = body
	return &out, nil
}

// prepare expands the step's templates into a client call.
func prepare(sc *Scenario, st *Step, x *expander, opts RunOptions) (call, error) {
	var in call
	var err error
	if in.session, err = x.str(st.Session); err != nil {
		return in, err
	}
	if in.path, err = x.str(st.Path); err != nil {
		return in, err
	}
	in.method = st.Method
	params, err := x.expand(anyMap(st.Params))
	if err != nil {
		return in, err
	}
	if m, ok := params.(map[string]any); ok {
		in.params.Extra = m
	}
	in.params.Expand = st.Expand
	key, err := x.str(st.IdempotencyKey)
	if err != nil {
		return in, err
	}
	if key == "" && opts.IdempotencyKey != nil {
		key = opts.IdempotencyKey(sc, st)
	}
	if key != "" {
		in.opts = append(in.opts, client.WithIdempotencyKey(key))
	}
	in.opts = append(in.opts, versionOption(sc)...)
	return in, nil
}

// DecodeJSON decodes a JSON body with [jsondoc.Decode] (numbers as
// [json.Number]), as the contract check does, so that the check can use
// it as it is; it returns nil if the body is not JSON.
func DecodeJSON(body []byte) any {
	v, err := jsondoc.Decode(body)
	if err != nil {
		return nil
	}
	return v
}

// versionOption sends the scenario's stripe_version, if it states one.
func versionOption(sc *Scenario) []client.RequestOption {
	if sc.StripeVersion == "" {
		return nil
	}
	return []client.RequestOption{client.WithAPIVersion(sc.StripeVersion)}
}
