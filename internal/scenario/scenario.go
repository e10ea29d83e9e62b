// Package scenario reads checkoutvcr scenario files, expands their
// templates, checks step expectations and runs scenarios through the client.
//
// A scenario file is YAML:
//
//	name: lifecycle                 # cassette name: cassettes/lifecycle.yaml
//	description: create, list line items, update, expire
//	steps:
//	  - id: create                  # unique; later steps refer to ${create.…}
//	    op: create                  # one of the operations in [OpNames]
//	    params:                     # any nested YAML, form-encoded like the client does
//	      mode: payment
//	    expect:
//	      status: 200
//	      body: {object: checkout.session}
//	  - id: expire
//	    op: expire
//	    session: ${create.id}       # the session the op acts on
//	    expect_stateful:            # needs a server with memory (Stripe, the local server)
//	      body: {status: expired}
//
// A session can be paid with the step op pay, which calls the local
// server's control endpoint (POST /_checkoutvcr/sessions/{id}/pay) and
// answers the session complete and paid, as a customer finishing Checkout
// would; Stripe's API cannot do this without a browser:
//
//	steps:
//	  # … a create step, then:
//	  - id: pay
//	    op: pay
//	    session: ${create.id}
//	    expect:
//	      body: {status: complete, payment_status: paid}
//
// Against Stripe or stripe-mock a pay step is not sent: it is skipped
// ([StepResult].Skipped, [RunOptions].Controls), and record and verify
// report it as skipped, by name; steps after it still run, so what they
// expect of the paid session belongs under expect_stateful.
//
// A step can expect the Stripe Events its call caused, each by type and,
// optionally, a subset of the event envelope:
//
//	steps:
//	  - id: pay
//	    op: pay
//	    session: ${create.id}
//	    expect_events:
//	      - type: checkout.session.completed
//	        body: {data: {object: {id: "${create.id}", payment_status: paid}}}
//
// After the step, the runner lists the account's events of each type
// (GET /v1/events?type=…&limit=100, saved with the cassette) and looks for
// the newest one whose data.object is the step's session. Only the local
// server emits events; against Stripe or stripe-mock the expectation is
// skipped and reported as skipped, like a pay step.
//
// Templates ${step.path} read any value of an earlier step's response
// (${create.line_items.data[0].price.id}); ${env.NAME} reads an environment
// variable. Errors name the file, line and column.
package scenario

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Scenario is one parsed scenario file.
type Scenario struct {
	// Name names the scenario and its cassette (cassettes/<Name>.yaml):
	// lowercase letters, digits, '-' and '_', unique within a folder.
	Name string
	// Description says what the scenario covers; "" means none.
	Description string
	// StripeVersion is the Stripe API version the scenario's requests
	// are sent at (the Stripe-Version header of each, events included),
	// e.g. "2025-08-27.basil"; "" means the client's default (the
	// contracts' version). The cassette's responses say which version
	// answered.
	StripeVersion string
	// File is the path the scenario was read from.
	File string
	// Steps are the scenario's steps, run in order.
	Steps []*Step
}

// Step is one API call of a scenario.
type Step struct {
	// ID names the step; later steps refer to its response as ${ID.path}.
	ID string
	// Op is the operation, one of [OpNames].
	Op string
	// Session is the session the op acts on, usually "${create.id}";
	// templates are expanded before the call. Ops on the collection
	// (create, list) leave it "".
	Session string
	// Params are sent as the request's form body or query, after templates
	// are expanded. Nil means none.
	Params map[string]any
	// Expand lists fields to expand in the response, sent as expand[];
	// nil means none.
	Expand []string
	// IdempotencyKey, if set, is sent on POSTs instead of a derived key
	// (see [RunOptions].IdempotencyKey); templates are expanded. "" means
	// derive one.
	IdempotencyKey string
	// Expect is checked against every recording; nil means nothing is
	// checked.
	Expect *Expect
	// ExpectStateful needs a server that keeps state (Stripe itself); it is
	// skipped, and reported as skipped, for recordings whose server keeps
	// none, such as stripe-mock (see [StepResult.Applicable]). Nil means
	// none.
	ExpectStateful *Expect
	// ExpectEvents are events that must have been emitted for the step's
	// session (its session, or for create the session it made) once the
	// step has run. The local server emits them; for any other server
	// they are skipped, and reported as skipped ([StepResult].EventsSkipped).
	// Nil means none.
	ExpectEvents []*EventExpect
	// Method and Path are an op call step's request ([OpCall]); Path may
	// hold templates. Other ops leave them "".
	Method, Path string
	// Pos is where the step starts in its file.
	Pos Pos

	templates  []template // the ${…} references it uses, for checks
	contractOp string     // op call's operation in contracts/
}

// template is a ${…} reference and where it is written.
type template struct {
	expr string
	pos  Pos
}

// Expect states what a step's response must be. Zero fields are not checked.
type Expect struct {
	// Status is the HTTP status code; 0 means not checked.
	Status int
	// Body is a subset of the JSON response: listed fields must match,
	// others are ignored. Lists match by position; a map with the single
	// key "$contains" matches a list that contains each listed element.
	Body any
	// Error matches Stripe's error object; nil means not checked.
	Error *ErrorExpect
	// Pos is where the expectation starts in its file.
	Pos Pos
}

// ErrorExpect matches fields of a Stripe error response. Empty fields are
// not checked; Message is a substring.
type ErrorExpect struct {
	// Type, Code and Param must equal the error's type, code and param,
	// and Message must be a substring of its message; "" means not
	// checked.
	Type, Code, Param, Message string
}

// Pos is a position in a scenario file.
type Pos struct {
	// File is the scenario file's path.
	File string
	// Line and Col are 1-based; Line 0 means the file as a whole.
	Line, Col int
}

// String formats p as "file:line:col", or just "file" when Line is 0.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is a problem in a scenario file, at a position.
type Error struct {
	// Pos is where the problem is.
	Pos Pos
	// Msg describes the problem, without the position.
	Msg string
}

// Error returns Msg prefixed with Pos, as "file:line:col: msg".
func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// errorAt is an [Error] at pos with the message format and args make, its
// line breaks and other control characters escaped as Go writes them
// ("\n"): a template or key quoted from the file may span lines (a quoted
// YAML string can hold raw line breaks), and each error must stay one
// line that starts with its file.
func errorAt(pos Pos, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if strings.ContainsFunc(msg, unicode.IsControl) {
		var b strings.Builder
		for _, r := range msg {
			if unicode.IsControl(r) {
				q := strconv.QuoteRune(r)
				b.WriteString(q[1 : len(q)-1])
			} else {
				b.WriteRune(r)
			}
		}
		msg = b.String()
	}
	return &Error{pos, msg}
}

// Step returns the step with the given id, or nil.
func (s *Scenario) Step(id string) *Step {
	for _, st := range s.Steps {
		if st.ID == id {
			return st
		}
	}
	return nil
}

// stepIDs lists the ids of steps before index i, for error messages.
func (s *Scenario) stepIDs(i int) string {
	ids := make([]string, 0, i)
	for _, st := range s.Steps[:i] {
		ids = append(ids, st.ID)
	}
	if len(ids) == 0 {
		return "none (this is the first step)"
	}
	slices.Sort(ids)
	return strings.Join(ids, ", ")
}
