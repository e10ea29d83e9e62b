package report

import (
	"fmt"
	"strings"
)

// sameKey identifies findings that say the same thing: the same kind,
// path, want, got and message, whatever step or interaction they are on.
type sameKey struct {
	kind, path, want, got, message string
}

// keyOf returns f's key, and false for notes, which are never grouped:
// a skipped expectation names its line in its own scenario file, so two
// equal notes in different files are not the same thing.
func keyOf(f Finding) (sameKey, bool) {
	return sameKey{f.Kind, f.Path, f.Want, f.Got, f.Message}, f.Severity != Note
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
		what = fmt.Sprintf("`%s` %s", f.Path, f.Kind)
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
