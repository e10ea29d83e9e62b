package contracts

import (
	"fmt"
	"strings"
)

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
	// Suggest is, for a [KindUnknownField] in a request, the name the
	// contract lists at the same place that is closest to the unknown one
	// ("success_url" for "sucess_url"); "" when none is close, and for
	// every other violation.
	Suggest string
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
	if v.Suggest != "" {
		fmt.Fprintf(&b, " (did you mean %s?)", v.Suggest)
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
