package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
	jsonreport "github.com/checkoutvcr/checkoutvcr/report"
)

// OpCoverage is [jsonreport.OpCoverage]: how much of one operation's
// contract the scenarios exercise.
type OpCoverage = jsonreport.OpCoverage

// Coverage is [jsonreport.Coverage]: what [Report] says about coverage
// when asked for.
type Coverage = jsonreport.Coverage

// CoverageText prints c as a table (top-level, then at every level), and
// for each operation what no scenario exercises yet: the top-level
// parameters never sent and fields never seen with a value, then, inside
// the ones that are, the deeper paths never reached.
func CoverageText(w io.Writer, c *Coverage) error {
	var b strings.Builder
	fmt.Fprintf(&b, "\nCoverage of the contracts by the recorded scenarios (top level; every level)\n")
	fmt.Fprintf(&b, "  %-16s %-18s %6s %28s %28s\n", "operation", "object", "calls", "params sent", "fields non-null")
	for _, op := range c.Ops {
		fmt.Fprintf(&b, "  %-16s %-18s %6d %28s %28s\n", op.Op, op.Object, op.Calls,
			ratio(len(op.ParamsSent), len(op.Params))+"; "+ratio(len(op.ParamPathsSent), len(op.ParamPaths)),
			ratio(len(op.FieldsSeen), len(op.Fields))+"; "+ratio(len(op.FieldPathsSeen), len(op.FieldPaths)))
	}
	for _, op := range c.Ops {
		if op.Calls == 0 {
			fmt.Fprintf(&b, "\n%s: no scenario calls it\n", op.Op)
			continue
		}
		fmt.Fprintf(&b, "\n%s:\n  params never sent: %s\n", op.Op, list(missing(op.Params, op.ParamsSent)))
		if deeper := missing(under(op.ParamPaths, op.ParamsSent), op.ParamPathsSent); len(deeper) > 0 {
			fmt.Fprintf(&b, "    inside those sent, never sent: %s\n", list(deeper))
		}
		fmt.Fprintf(&b, "  fields never seen non-null: %s\n", list(missing(op.Fields, op.FieldsSeen)))
		if deeper := missing(under(op.FieldPaths, op.FieldsSeen), op.FieldPathsSeen); len(deeper) > 0 {
			fmt.Fprintf(&b, "    inside those seen, never seen non-null: %s\n", list(deeper))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// under keeps the paths below one of the top-level names in tops.
func under(paths, tops []string) []string {
	var out []string
	for _, p := range paths {
		if slices.ContainsFunc(tops, func(t string) bool { return jsonpath.Under(p, t) }) {
			out = append(out, p)
		}
	}
	return out
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

// list joins names, at most 40 of them; -format json has them all.
func list(names []string) string {
	switch {
	case len(names) == 0:
		return "(none)"
	case len(names) > 40:
		return strings.Join(names[:40], ", ") + fmt.Sprintf(" … and %d more (all in -format json)", len(names)-40)
	}
	return strings.Join(names, ", ")
}
