package contracts

import (
	"fmt"
	"strings"
)

// Kind classifies a [Violation].
type Kind string

// The kinds of [Violation]. Each has a default [Severity]; see [Kind.Severity].
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

// Severity says how much a [Violation] matters.
type Severity int

const (
	// SeverityError is a contract break: the check fails.
	SeverityError Severity = iota
	// SeverityWarning is worth reading but does not fail a check by default.
	SeverityWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Severity returns the default severity of k: [SeverityWarning] for
// [KindUnknownField], [SeverityError] for every other kind.
func (k Kind) Severity() Severity {
	if k == KindUnknownField {
		return SeverityWarning
	}
	return SeverityError
}

// Violation is one way a request or response breaks its contract.
type Violation struct {
	// Kind classifies the violation.
	Kind Kind
	// Path is the JSON path of the offending value, e.g.
	// "line_items.data[0].price.unit_amount"; for a missing field, the path
	// of the missing field itself; "" for the root.
	Path string
	// Want is what the contract says, e.g. "integer", "one of open,
	// complete, expired", "required by checkout.session".
	Want string
	// Got is what came back, short: `string "2000"`, `null`, `"pending"`.
	Got string
	// Schema is where in the contract the rule is, e.g.
	// "components.json#/$defs/checkout.session/properties/amount_total".
	Schema string
}

// String returns the violation as one line, e.g.
//
//	error wrong_type at amount_total: want integer, got string "2000" (components.json#/$defs/checkout.session/properties/amount_total)
func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s at %s: want %s", v.Kind.Severity(), v.Kind, displayPath(v.Path), v.Want)
	if v.Got != "" {
		fmt.Fprintf(&b, ", got %s", v.Got)
	}
	if v.Schema != "" {
		fmt.Fprintf(&b, " (%s)", v.Schema)
	}
	return b.String()
}

func displayPath(p string) string {
	if p == "" {
		return "(root)"
	}
	return p
}
