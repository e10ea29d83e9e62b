// Package checkoutvcr runs checkoutvcr's verify inside go test.
//
// The commands (cmd/record, cmd/verify) are the main way to use
// checkoutvcr; this package is for teams who would rather see contract
// breaks as ordinary test failures:
//
//	func TestCheckoutContracts(t *testing.T) {
//		checkoutvcr.VerifyT(t, checkoutvcr.Options{
//			Scenarios: "testdata/scenarios",
//			Cassettes: "testdata/cassettes",
//		})
//	}
//
// Each scenario is a subtest and each step a subtest of it, so
//
//	go test -run 'CheckoutContracts/lifecycle/expire'
//
// selects one step, and a finding is a failure of that step's subtest.
package checkoutvcr

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/internal/cmdref"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
)

// Options configure [VerifyT]. Paths are relative to the test's working
// directory, which go test sets to the package's folder.
type Options struct {
	// Scenarios is the folder of scenario files; "" means "scenarios".
	Scenarios string
	// Cassettes is the folder of cassettes; "" means "cassettes".
	Cassettes string
	// Contracts is a folder made by cmd/contracts; "" means the contracts
	// built into this module.
	Contracts string
	// Run selects scenarios by name; nil means all.
	Run *regexp.Regexp
	// Strict fails on warnings (fields the contract does not list, version
	// skew) as well as errors; false fails on errors only and logs
	// warnings.
	Strict bool
	// StripeVersion is the Stripe API version your account or SDK pins,
	// e.g. "2025-08-27.basil": a scenario whose cassette was answered at
	// another version fails with one version_skew error. "" accepts each
	// cassette's own version; either way every exchange is checked
	// against the contracts of the version that answered it.
	StripeVersion string
}

// VerifyT replays every selected scenario's cassette and checks it as
// cmd/verify does, reporting through t: a subtest per scenario, one per
// step within it; errors (and warnings when [Options].Strict) fail the
// subtest, notes such as skipped stateful expectations are logged. Inputs
// that cannot be read (a broken scenario file, a missing folder) fail t
// itself.
//
// Cassettes recorded through the vcr package have no scenarios: when
// [Options].Scenarios is "" and there is no scenarios folder, every go-vcr
// cassette in [Options].Cassettes is checked as `verify DIR` checks it, a
// subtest per cassette and one per interaction.
func VerifyT(t *testing.T, opts Options) {
	t.Helper()
	var rep *report.Report
	var err error
	if cassettesOnly(opts) {
		rep, err = verify.Cassettes(context.Background(), []string{opts.Cassettes}, verify.CassetteOptions{
			Contracts: opts.Contracts, StripeVersion: opts.StripeVersion})
	} else {
		rep, err = verify.Run(context.Background(), verify.Options{
			Scenarios: opts.Scenarios, Cassettes: opts.Cassettes, Contracts: opts.Contracts, Run: opts.Run,
			StripeVersion: opts.StripeVersion,
			RerecordHint:  func(name string) string { return rerecordCommand(opts, name) },
		})
	}
	if err != nil {
		t.Fatalf("checkoutvcr: %v", err)
	}
	// Every function between the caller's test and t.Errorf is a helper,
	// the subtests' own included: the testing package then attributes a
	// failure to the line that called VerifyT.
	for _, sc := range rep.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			t.Helper()
			reportFindings(t, sc.File, 0, sc.Cassette, sc.Findings, opts.Strict)
			for _, st := range sc.Steps {
				t.Run(st.ID, func(t *testing.T) {
					t.Helper()
					reportFindings(t, sc.File, st.Line, sc.Cassette, st.Findings, opts.Strict)
				})
			}
		})
	}
}

// cassettesOnly reports whether [VerifyT] checks opts.Cassettes as
// cassettes alone: no scenarios folder is named, and there is none by
// default.
func cassettesOnly(opts Options) bool {
	if opts.Scenarios != "" || opts.Cassettes == "" {
		return false
	}
	_, err := os.Stat("scenarios")
	return errors.Is(err, fs.ErrNotExist)
}

// reportFindings reports fs, of a step at line of file (0: of the scenario
// as a whole) whose recording is the cassette at cassette, through t: each
// at its place, as verify's text report names it (the step's line, then
// the line of the cassette a recorded value is on).
func reportFindings(t *testing.T, file string, line int, cassette string, fs []report.Finding, strict bool) {
	t.Helper()
	for _, f := range fs {
		if f.Fails(strict) {
			t.Errorf("%s: %s [%s] %s", f.Where(file, line, cassette), f.Severity, f.Kind, f)
		} else {
			t.Logf("%s: %s [%s] %s", f.Where(file, line, cassette), f.Severity, f.Kind, f)
		}
	}
}

// rerecordCommand is the command that re-records one scenario from the
// caller's module, whose folders are relative to its test package (go
// test's working directory): "go tool record" if that module declares
// cmd/record as a tool, else "go run github.com/checkoutvcr/checkoutvcr/cmd/record",
// which works in any module that requires this one.
func rerecordCommand(opts Options, name string) string {
	run := cmdref.Command(".", "record")
	if run == "go run ./cmd/record" {
		run = "go run " + cmdref.Module + "/cmd/record" // also right from a package folder
	}
	cmd := fmt.Sprintf("%s -scenarios %s -cassettes %s", run,
		cmp.Or(opts.Scenarios, "scenarios"), cmp.Or(opts.Cassettes, "cassettes"))
	if name != "" {
		cmd += fmt.Sprintf(" -run '^%s$'", name)
	}
	return cmd
}
