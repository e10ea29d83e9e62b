package scenario

import "context"

// Applied is one of a step's expectations that applies to a recording,
// with the name it has in the scenario file.
type Applied struct {
	// Name is "expect" or "expect_stateful".
	Name string
	// Expect is the expectation, templates expanded.
	*Expect
}

// Applicable is the one rule, shared by record and verify, for which of
// a step's expectations apply to a recording made by a server that keeps
// state (stateful) or not: expect always; expect_stateful only when the
// server is stateful. skipped is the expect_stateful left out, nil if none
// was.
func (sr StepResult) Applicable(stateful bool) (apply []Applied, skipped *Expect) {
	if sr.Expect != nil {
		apply = append(apply, Applied{Name: "expect", Expect: sr.Expect})
	}
	if sr.ExpectStateful != nil {
		if !stateful {
			return apply, sr.ExpectStateful
		}
		apply = append(apply, Applied{Name: "expect_stateful", Expect: sr.ExpectStateful})
	}
	return apply, nil
}

// ExpectsRejection reports whether the step states that Stripe rejects
// its request: an expect or expect_stateful with a status of 400 or more,
// or an error. Its request is then meant to break the request contract:
// record sends it and verify does not check it.
func (st *Step) ExpectsRejection() bool {
	for _, e := range []*Expect{st.Expect, st.ExpectStateful} {
		if e != nil && (e.Status >= 400 || e.Error != nil) {
			return true
		}
	}
	return false
}

// stepKey is the context key of the running step.
type stepKey struct{}

// StepOf returns the step whose request is being made with ctx (a
// request's context, inside a transport), or nil outside [Run].
func StepOf(ctx context.Context) *Step {
	st, _ := ctx.Value(stepKey{}).(*Step)
	return st
}
