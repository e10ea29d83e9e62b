// Package report holds verify's findings and prints them in one of three
// formats, chosen by [Options.Format]:
//
//   - [FormatText] is for people: a block per scenario, a line per step,
//     findings indented under it, and a PASS or FAIL line. See [Text].
//   - [FormatJSON] is for programs: the stable schema below. See [JSON].
//   - [FormatJUnit] is JUnit XML for CI test-report viewers (GitHub
//     Actions reporters, GitLab, Jenkins). See [JUnit].
//
// # JSON schema
//
// [JSON] writes one indented object of the public package
// [github.com/checkoutvcr/checkoutvcr/report], whose documentation
// spells out the schema field by field, so that programs in other
// modules can decode it; [JSONReport], [JSONSummary], [JSONScenario],
// [JSONStep] and [JSONFinding] are its types under this package's names.
//
// With -strict every warning is an error ([Report.Strict]): its
// "severity" is "error", the summary counts it among "errors", and
// "passed" is false; text and JUnit say and count the same.
//
// A finding's kind is one of these, with its default severity
// ([contracts.Kinds] is the table; [contracts.Kind] documents each):
//
//	missing_field                  error    a field the contract requires is absent
//	wrong_type                     error    a value of a type the contract does not allow
//	not_in_enum                    error    a value outside the contract's list
//	null_not_allowed               error    a null where the contract allows none
//	unknown_field                  warning  a field the contract does not list
//	unexpected_status              error    a status the contract does not document
//	invalid_json                   error    a body that is not JSON
//	constraint                     error    any other rule: maxLength, pattern, minimum…
//	invalid_form                   error    a request form that is not one tree of parameters
//	request_missing_field          error    the same, in a request's parameters
//	request_wrong_type             error
//	request_not_in_enum            error
//	request_null_not_allowed       error
//	request_unknown_field          error    (an error: Stripe rejects the request)
//	request_unexpected_status      error
//	request_invalid_json           error
//	request_constraint             error
//	request_invalid_form           error
//	expectation                    error    a step's expect or expect_stateful did not hold
//	skipped_stateful               note     an expect_stateful not checked: the server keeps no state
//	no_interaction                 error    a request the cassette has no answer for
//	unused_interaction             error    a recorded interaction never replayed
//	no_cassette                    error    the scenario has no cassette
//	step_failed                    error    a step could not be checked
//	client_decode                  error    a response the client cannot decode (field path and Go type)
//	unexpected_error_status        error    a redirect or error status no applicable expectation asks for
//	orphan_cassette                error    a cassette with no scenario of its name
//	version_skew                   error    responses rendered at another API version than the contracts'
//	secret                         error    a cassette holds a key, an Authorization header, a client_secret or whsec_
//	skipped_interaction            note     a recorded call that is not to Stripe's API, listed and not checked
//	upgrade_change                 note     with -upgrade-to: what moving to the target version changes in a recording
//
// # Version skew
//
// The API version that answered a response is its Stripe-Version header
// (Stripe sets it on every response: the account's default version when
// the request sent none), else the request's, else "unknown"
// ([contracts.AnsweringVersion]). When it differs from the contracts'
// version, the scenario's first finding is one version_skew error saying
// which versions, the direction (its "drift" is "older", "newer" or
// "other") and what to do; text prints it under the scenario's name,
// JUnit as a first test case named "(stripe version)". The findings in
// those responses are its evidence, classified by direction
// ([contracts.Skew.Classify]):
//
//	response older than the contracts, unknown_field   note     drift "removed or renamed since <response's version>"
//	response older than the contracts, missing_field   note     drift "added since <response's version>"
//	response newer than the contracts, unknown_field   note     drift "added since <contracts' version>"
//	response newer than the contracts, missing_field   note     drift "removed or renamed since <contracts' version>"
//	any other violation in a skewed response           warning  (an error at the contracts' version)
//
// So a stale cassette fails verify once, on the version_skew error, not
// once per field; -strict also fails on the warnings. Request findings
// and expectations keep their severity.
//
// # JUnit
//
// [JUnit] writes <testsuites> holding one <testsuite> per scenario and one
// <testcase> per step (classname the scenario, name the step id, file and
// line the step's place in the scenario file). A step whose findings fail
// verify has one <failure> whose type is the first failing finding's kind,
// whose message is that finding, and whose text lists every failing
// finding. Every other finding (warnings, and notes such as skipped
// stateful expectations) goes to the test case's <system-out>: a step
// whose contract and expectations held passes, even when a stateful
// expectation could not be checked, rather than show as not run; the
// skipped expectation is a test case of its own, "<step>
// (expect_stateful)", marked <skipped>. A step with a skipped_interaction
// note (cassette mode: not a Stripe call) is itself <skipped>. Times are
// [Step].Duration and [Scenario].Duration, in seconds. Each step's
// test case has a stripe_version property: the API version that answered
// it. Findings about the scenario as a whole form an extra test case
// named "(cassette)", after the steps; a version_skew finding is instead
// the first test case, "(stripe version)".
//
// # Grouping
//
// Findings that say the same thing are printed in full once and counted
// in "Repeated findings" (JSON "repeated"). A field inside a list
// response's items counts with the same field elsewhere: data[0].ui_mode
// groups with ui_mode. A field finding explained by a version skew (one
// with a drift) never groups with the same finding at the contracts'
// version.
package report
