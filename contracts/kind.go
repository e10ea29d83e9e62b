package contracts

import (
	"slices"
	"strings"
)

// Kind classifies a [Violation], and any finding of checkoutvcr: the
// contract's own kinds, their request_ forms ([Kind.Request]) and the
// kinds of a scenario's checks. [Kinds] is the one table of them, each
// with its default [Severity].
type Kind string

// The kinds of [Violation]: what breaking a contract can mean. Each has a
// default [Severity]; see [Kind.Severity].
const (
	// KindMissingField is a field the contract requires that is absent.
	KindMissingField Kind = "missing_field"
	// KindWrongType is a value of a JSON type the contract does not allow.
	KindWrongType Kind = "wrong_type"
	// KindNotInEnum is a value outside the contract's list of values.
	KindNotInEnum Kind = "not_in_enum"
	// KindNullNotAllowed is a null where the contract does not allow one.
	KindNullNotAllowed Kind = "null_not_allowed"
	// KindUnknownField is a field the contract does not list. It is a
	// warning: Stripe adds fields to existing API versions.
	KindUnknownField Kind = "unknown_field"
	// KindUnexpectedStatus is an HTTP status the contract does not document.
	KindUnexpectedStatus Kind = "unexpected_status"
	// KindInvalidJSON is a body that is not JSON at all.
	KindInvalidJSON Kind = "invalid_json"
	// KindConstraint is any other broken rule: maxLength, pattern, minimum…
	KindConstraint Kind = "constraint"
	// KindInvalidForm is a request form that is not one tree of
	// parameters, which Stripe rejects or reads otherwise than meant: a
	// key sent twice (mode=payment&mode=setup), or a key given both a
	// value and nested parameters (metadata=&metadata[a]=1). See
	// [Set.CheckRequest].
	KindInvalidForm Kind = "invalid_form"
)

// The kinds of a scenario's checks, beside the contract's.
const (
	// KindExpectation is an error: a step's expect or expect_stateful did
	// not hold.
	KindExpectation Kind = "expectation"
	// KindSkippedStateful is a note: an expect_stateful not checked
	// because the server that made the cassette keeps no state.
	KindSkippedStateful Kind = "skipped_stateful"
	// KindNoInteraction is an error: a request the cassette has no answer
	// for.
	KindNoInteraction Kind = "no_interaction"
	// KindUnused is an error: a recorded interaction the scenario never
	// replayed.
	KindUnused Kind = "unused_interaction"
	// KindNoCassette is an error: the scenario has no cassette yet.
	KindNoCassette Kind = "no_cassette"
	// KindStepFailed is an error: a template, transport or contract-lookup
	// problem kept a step from being checked.
	KindStepFailed Kind = "step_failed"
	// KindClientDecode is an error: a response the client cannot decode
	// into its types (a number its Go type cannot hold, such as 2000.0
	// or 1e2 for an int64; a string where it wants a number) or that is
	// larger than it accepts. The finding names the field's JSON path and
	// Go type. In a response checked against a contract, two keys of one
	// object that fold to the same listed field ("AMOUNT_TOTAL" beside
	// "amount_total", which encoding/json both decodes into one struct
	// field) are this kind too, at the case variant's path.
	KindClientDecode Kind = "client_decode"
	// KindUnexpectedError is an error: a non-2xx answer (a redirect, a
	// 4xx or 5xx) to a step none of whose expectations states a status or
	// an error.
	KindUnexpectedError Kind = "unexpected_error_status"
	// KindOrphanCassette is an error: a cassette with no scenario of its
	// name, never replayed.
	KindOrphanCassette Kind = "orphan_cassette"
	// KindVersionSkew is an error, reported once per recording: its
	// responses were rendered at another Stripe API version than the
	// contracts' (see [AnsweringVersion], [Skew.Headline]). The field
	// findings in those responses are its evidence and are notes or
	// warnings ([Skew.Classify]), so that a stale cassette fails once.
	KindVersionSkew Kind = "version_skew"
	// KindSecret is an error: a recording holds a secret (an
	// Authorization header, an sk_/rk_ key, a client_secret value, a
	// whsec_ webhook secret) that redaction should have removed.
	KindSecret Kind = "secret"
	// KindSkippedInteraction is a note: a recorded interaction that is
	// not a call to Stripe's API (another host, or a path no operation of
	// the contracts has), listed and left unchecked.
	KindSkippedInteraction Kind = "skipped_interaction"
	// KindUpgradeChange is a note of verify -upgrade-to: something a
	// recording carries or sends that moving to the target Stripe API
	// version changes (a field removed or added, an enum value gone, a
	// parameter refused or required).
	KindUpgradeChange Kind = "upgrade_change"
)

// requestPrefix starts the kind of a violation found in a request's
// parameters rather than a response; see [Kind.Request].
const requestPrefix = "request_"

// Severity says how much a finding matters. Errors fail a check; warnings
// fail it only in strict mode; notes never do. The zero value is
// [SeverityNote].
type Severity int

const (
	// SeverityNote is information, such as a skipped stateful expectation.
	SeverityNote Severity = iota
	// SeverityWarning is worth reading but does not fail a check by default.
	SeverityWarning
	// SeverityError is a contract break: the check fails.
	SeverityError
)

// String returns "error", "warning" or "note".
func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return "note"
}

// KindInfo is one row of [Kinds].
type KindInfo struct {
	// Kind is the kind's name, as reports print it.
	Kind Kind
	// Severity is its default severity.
	Severity Severity
}

// responseKinds are the kinds of [Violation] with their default
// severity in a response; in a request ([Kind.Request]) each is an
// error, since Stripe would reject the request.
var responseKinds = []KindInfo{
	{KindMissingField, SeverityError},
	{KindWrongType, SeverityError},
	{KindNotInEnum, SeverityError},
	{KindNullNotAllowed, SeverityError},
	{KindUnknownField, SeverityWarning},
	{KindUnexpectedStatus, SeverityError},
	{KindInvalidJSON, SeverityError},
	{KindConstraint, SeverityError},
	{KindInvalidForm, SeverityError},
}

// checkKinds are the kinds of a scenario's checks.
var checkKinds = []KindInfo{
	{KindExpectation, SeverityError},
	{KindSkippedStateful, SeverityNote},
	{KindNoInteraction, SeverityError},
	{KindUnused, SeverityError},
	{KindNoCassette, SeverityError},
	{KindStepFailed, SeverityError},
	{KindClientDecode, SeverityError},
	{KindUnexpectedError, SeverityError},
	{KindOrphanCassette, SeverityError},
	{KindVersionSkew, SeverityError},
	{KindSecret, SeverityError},
	{KindSkippedInteraction, SeverityNote},
	{KindUpgradeChange, SeverityNote},
}

// Kinds is the table of every kind of finding, with its default severity:
// the kinds of [Violation], then their request_ forms ([Kind.Request]),
// then the kinds of a scenario's checks. Callers may change the result.
func Kinds() []KindInfo {
	out := slices.Clone(responseKinds)
	for _, k := range responseKinds {
		out = append(out, KindInfo{k.Kind.Request(), SeverityError})
	}
	return append(out, checkKinds...)
}

// Request is the kind of the same violation found in a request's
// parameters by a scenario's check: "request_" + k
// ("request_unknown_field", "request_invalid_form"); its severity is
// always [SeverityError]. A request_ kind is returned as it is.
func (k Kind) Request() Kind {
	if strings.HasPrefix(string(k), requestPrefix) {
		return k
	}
	return requestPrefix + k
}

// Severity returns the default severity of k in [Kinds]:
// [SeverityWarning] for [KindUnknownField] in a response,
// [SeverityNote] for [KindSkippedStateful], [KindSkippedInteraction] and [KindUpgradeChange],
// [SeverityError] for every other kind (every request_ kind among them),
// and for a kind not in the table.
func (k Kind) Severity() Severity {
	if strings.HasPrefix(string(k), requestPrefix) {
		return SeverityError
	}
	for _, table := range [][]KindInfo{responseKinds, checkKinds} {
		for _, row := range table {
			if row.Kind == k {
				return row.Severity
			}
		}
	}
	return SeverityError
}
