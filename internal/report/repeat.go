package report

import (
	"fmt"
	"regexp"
	"strings"
)

// sameKey identifies findings that say the same thing: the same kind,
// path, want, got, message and drift, whatever step or interaction they
// are on. The path is the field's path in its object ([fieldPath]): a
// listed session's data[0].ui_mode is the same field as a retrieved
// session's ui_mode. The drift keeps a field finding explained by a
// version skew apart from the same finding at the contracts' version.
type sameKey struct {
	kind, path, want, got, message, drift string
}

// keyOf returns f's key, and false for notes that are not about a
// field's drift, which are never grouped: a skipped expectation names its
// line in its own scenario file, so two equal notes in different files
// are not the same thing.
func keyOf(f Finding) (sameKey, bool) {
	return sameKey{f.Kind, fieldPath(f.Path), f.Want, f.Got, f.Message, f.Drift}, f.Severity != Note || f.Drift != ""
}

// listItem matches the start of a path into a list response's items.
var listItem = regexp.MustCompile(`^data\[\d+\]\.`)

// fieldPath is path without a leading list item ("data[0].ui_mode" →
// "ui_mode"): the items of a list response are the objects other
// responses return whole.
func fieldPath(path string) string {
	return listItem.ReplaceAllString(path, "")
}

// repeat is a finding that a report holds more than once.
type repeat struct {
	first Finding
	// n counts the occurrences; steps those on a step, responses those
	// on a step with a replayed response; scenarios the scenarios.
	n, steps, responses, scenarios int
	lastScenario                   int
}

// repeats returns the findings that r holds more than once, in the order
// they first appear.
func repeats(r *Report) []*repeat {
	var order []*repeat
	seen := map[sameKey]*repeat{}
	note := func(sc int, f Finding, st *Step) {
		k, ok := keyOf(f)
		if !ok {
			return
		}
		rp := seen[k]
		if rp == nil {
			rp = &repeat{first: f, lastScenario: -1}
			seen[k] = rp
			order = append(order, rp)
		}
		rp.n++
		if st != nil {
			rp.steps++
			if st.Status != 0 {
				rp.responses++
			}
		}
		if rp.lastScenario != sc {
			rp.scenarios++
			rp.lastScenario = sc
		}
	}
	for i, sc := range r.Scenarios {
		for _, st := range sc.Steps {
			for _, f := range st.Findings {
				note(i, f, &st)
			}
		}
		for _, f := range sc.Findings {
			note(i, f, nil)
		}
	}
	var out []*repeat
	for _, rp := range order {
		if rp.n > 1 {
			out = append(out, rp)
		}
	}
	return out
}

// String reads e.g. "`amount_total` wrong_type — 3 responses in 1 scenario".
func (rp *repeat) String() string {
	f := rp.first
	what := f.Kind + ": " + firstLine(f.describe())
	if f.Path != "" {
		what = fmt.Sprintf("`%s` %s", fieldPath(f.Path), f.Kind)
		if f.Drift != "" {
			what += " (" + f.Drift + ")"
		}
	}
	in := plural(rp.scenarios, "scenario")
	var how string
	switch {
	case rp.responses == rp.n:
		how = plural(rp.n, "response") + " in " + in
	case rp.steps == rp.n:
		how = plural(rp.n, "step") + " in " + in
	case rp.steps == 0 && rp.n == rp.scenarios:
		how = in
	default:
		how = fmt.Sprintf("%d times in %s", rp.n, in)
	}
	return what + " — " + how
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
