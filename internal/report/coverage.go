package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

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
}

// Coverage is what [Report] says about coverage when asked for.
type Coverage struct {
	// Ops holds one entry per operation in the contracts.
	Ops []OpCoverage `json:"operations"`
}

// CoverageText prints c as a table, then for each operation what no
// scenario exercises yet: the parameters never sent and the fields never
// seen with a value.
func CoverageText(w io.Writer, c *Coverage) error {
	var b strings.Builder
	fmt.Fprintf(&b, "\nCoverage of the contracts by the recorded scenarios\n")
	fmt.Fprintf(&b, "  %-16s %-18s %6s %14s %16s\n", "operation", "object", "calls", "params sent", "fields non-null")
	for _, op := range c.Ops {
		fmt.Fprintf(&b, "  %-16s %-18s %6d %14s %16s\n", op.Op, op.Object, op.Calls,
			ratio(len(op.ParamsSent), len(op.Params)), ratio(len(op.FieldsSeen), len(op.Fields)))
	}
	for _, op := range c.Ops {
		if op.Calls == 0 {
			fmt.Fprintf(&b, "\n%s: no scenario calls it\n", op.Op)
			continue
		}
		fmt.Fprintf(&b, "\n%s:\n  params never sent: %s\n  fields never seen non-null: %s\n", op.Op,
			list(missing(op.Params, op.ParamsSent)), list(missing(op.Fields, op.FieldsSeen)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func ratio(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d %3d%%", n, of, 100*n/of)
}

func missing(all, got []string) []string {
	var out []string
	for _, a := range all {
		if !slices.Contains(got, a) {
			out = append(out, a)
		}
	}
	return out
}

func list(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}
