package report

// Report is the top-level object of verify's JSON report. Its fields and
// those of the types it holds are the schema in the package
// documentation.
type Report struct {
	// APIVersion is the contracts' Stripe API version.
	APIVersion string `json:"api_version"`
	// Summary tallies the report and says whether it passed.
	Summary Summary `json:"summary"`
	// Scenarios are the verified scenarios, in name order; [] if none.
	Scenarios []Scenario `json:"scenarios"`
	// Repeated groups findings that say the same thing on several steps
	// or scenarios (they are also listed where they occur), so that one
	// cause reads as one line; [] if none.
	Repeated []Repeated `json:"repeated"`
	// Coverage is present only with verify -coverage.
	Coverage *Coverage `json:"coverage,omitempty"`
}

// Repeated is one finding a report holds more than once.
type Repeated struct {
	// Kind is the repeated finding's kind, as in [Finding].
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

// Summary tallies a [Report].
type Summary struct {
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
	// Notes counts findings of severity "note": information that never
	// fails (a field's version drift, an upgrade change, a skipped check).
	Notes int `json:"notes"`
	// Skipped counts the notes that say something was not checked: a
	// skipped stateful expectation or step (skipped_stateful), an
	// interaction that is not a Stripe call (skipped_interaction).
	Skipped int `json:"skipped"`
	// Passed is false when there are errors (with -strict every warning
	// is an error, counted in Errors).
	Passed bool `json:"passed"`
}

// Scenario is what verify found for one scenario.
type Scenario struct {
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
	// cassette's responses (see [Step].StripeVersion): the first that
	// differs from the contracts', else the last; "" when nothing was
	// replayed.
	StripeVersion string `json:"stripe_version"`
	// Steps holds a result per step that ran, in order; [] if none.
	Steps []Step `json:"steps"`
	// Findings concern the scenario as a whole; [] if none.
	Findings []Finding `json:"findings"`
}

// Step is what verify found for one step.
type Step struct {
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
	Findings []Finding `json:"findings"`
}

// Finding is one finding. Strings that do not apply are "".
type Finding struct {
	// Kind is a contract violation kind or one of the Kind constants; see
	// the kind table in the package documentation.
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
	// Suggest is, for a request_unknown_field, the closest parameter the
	// contract lists; absent when there is none.
	Suggest string `json:"suggest,omitempty"`
	// Drift is, for a field finding in a response rendered at another API
	// version than the contracts', "removed or renamed since X" or "added
	// since X"; for a version_skew finding, "older", "newer" or "other";
	// "" otherwise.
	Drift string `json:"drift"`
	// Line is, when verify checks a cassette without scenarios, the line of
	// the cassette the field at Path is written on (the line of the object
	// that lacks it, for a missing field; the body's line, for a body on
	// one line), or, for a secret, the line the secret is on; absent when
	// the step's line is all there is.
	Line int `json:"line,omitempty"`
	// CassetteLine is, checking scenarios, the line of the scenario's
	// cassette that the field at Path (found as for Line; for an
	// expect_events mismatch, in the event the lookup found) or the secret
	// is written on; absent when the finding is not about a recorded body's
	// field or a secret, and when checking cassettes without scenarios
	// (Line is the cassette's line there).
	CassetteLine int `json:"cassette_line,omitempty"`
}

// OpCoverage says how much of one operation's contract the scenarios
// exercise.
type OpCoverage struct {
	// Op is the operation, e.g. "create".
	Op string `json:"op"`
	// Object is the Stripe object its responses hold, e.g. "checkout.session".
	Object string `json:"object"`
	// Calls counts the replayed requests to Op.
	Calls int `json:"calls"`
	// Params are the request parameters the contract accepts.
	Params []string `json:"params"`
	// ParamsSent are those of Params some scenario sends.
	ParamsSent []string `json:"params_sent"`
	// Fields are the response object's fields.
	Fields []string `json:"fields"`
	// FieldsSeen are those of Fields some replayed response has with a
	// value other than null.
	FieldsSeen []string `json:"fields_seen"`
	// ParamPaths, ParamPathsSent, FieldPaths and FieldPathsSeen are the
	// same at every level (contracts.FieldDepth deep): dotted paths with
	// [] for list elements, e.g. "line_items[].price_data.currency".
	ParamPaths     []string `json:"param_paths"`
	ParamPathsSent []string `json:"param_paths_sent"`
	FieldPaths     []string `json:"field_paths"`
	FieldPathsSeen []string `json:"field_paths_seen"`
}

// Coverage is what a [Report] says about coverage, with verify -coverage.
type Coverage struct {
	// Ops holds one entry per operation in the contracts.
	Ops []OpCoverage `json:"operations"`
}
