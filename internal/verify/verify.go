// Package verify replays recorded cassettes offline and checks every
// response against the contracts and each step's expectations.
package verify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/cmdref"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
	"github.com/checkoutvcr/checkoutvcr/internal/upgrade"
)

// Options configure [Run].
type Options struct {
	// Scenarios is the folder of scenario files; "" means "scenarios".
	Scenarios string
	// Cassettes is the folder of cassettes; "" means "cassettes".
	Cassettes string
	// Contracts is a folder of generated contracts; "" means the ones
	// embedded in this build.
	Contracts string
	// Run selects scenarios whose name matches; nil means all.
	Run *regexp.Regexp
	// Env resolves ${env.NAME}; nil means the process environment.
	Env scenario.Env
	// Parallel is how many scenarios are verified at once; 0 means one per
	// CPU. The report lists scenarios in name order whatever it is.
	Parallel int
	// RerecordHint is the command that re-records one scenario's cassette,
	// named in findings and errors that re-recording fixes (a missing,
	// or stale cassette): "make record RUN=lifecycle" for this
	// repository's CLI. It is called with "" for the command that
	// re-records every scenario, named in the error for a broken cassette.
	// nil means "cmd/record -run '^<name>$'", and "cmd/record" for "".
	RerecordHint func(scenario string) string
	// Coverage adds to the report which request parameters and response
	// fields of each operation's contract the scenarios exercise; false
	// leaves [report.Report].Coverage nil.
	Coverage bool
	// StripeVersion is the Stripe API version the team declares it pins,
	// e.g. "2025-08-27.basil": a recording answered at any other version
	// gets one version_skew error (it is still checked against its own
	// version's contracts). "" accepts the version each recording was
	// made at.
	StripeVersion string
	// UpgradeTo, if not "", is a Stripe API version to compare every
	// recording with: each scenario gets an upgrade_change note for each
	// thing its recorded exchanges carry or send that moving from their
	// version to UpgradeTo changes (see package internal/upgrade).
	UpgradeTo string
}

// ErrConfig marks the errors of [Run] that come from its inputs (a
// scenario file, a cassette, a folder, the contracts), as opposed to
// findings, which are in the report: test it with [errors.Is].
var ErrConfig = errors.New("verify: configuration")

// configError wraps err so that errors.Is(err, [ErrConfig]) holds; its
// message stays err's.
type configError struct{ err error }

func (e configError) Error() string   { return e.err.Error() }
func (e configError) Unwrap() []error { return []error{e.err, ErrConfig} }

// ErrInterrupted is wrapped by the error of a [Run] whose context was
// cancelled (SIGINT): the error says which scenarios were verified before
// it, and the report returned with it holds just those.
var ErrInterrupted = errors.New("verify: interrupted")

// interruptedError says what an interrupted run verified.
type interruptedError struct {
	verified []report.Scenario
	total    int
	noun     string // what was verified: "" means "scenario"
}

func (e *interruptedError) Error() string {
	noun := cmp.Or(e.noun, "scenario")
	if len(e.verified) == 0 {
		return fmt.Sprintf("interrupted before any of %s was verified", plural(e.total, noun))
	}
	names := make([]string, len(e.verified))
	for i, sc := range e.verified {
		verdict := "pass"
		if n := (&report.Report{Scenarios: []report.Scenario{sc}}).Count().Errors; n > 0 {
			verdict = plural(n, "error")
		}
		names[i] = sc.Name + " (" + verdict + ")"
	}
	return fmt.Sprintf("interrupted: verified %d of %s before the interrupt: %s; the rest were not verified",
		len(e.verified), plural(e.total, noun), strings.Join(names, ", "))
}

func (e *interruptedError) Unwrap() error { return ErrInterrupted }

// Run verifies every selected scenario and returns the report. Each
// step's exchange is checked against the contracts of the Stripe API
// version that answered it (see [contracts.Library.Resolve] for how a
// version maps); a scenario answered at a version no contract covers, or
// at another than [Options].StripeVersion, leads with one version_skew
// error. The error wraps [ErrConfig] when inputs cannot be read (an
// unknown -upgrade-to version among them); findings are in the report,
// not the error.
func Run(ctx context.Context, opts Options) (*report.Report, error) {
	vs, err := loadVersions(opts.Contracts, opts.StripeVersion, opts.UpgradeTo)
	if err != nil {
		return nil, configError{err}
	}
	set := vs.newest
	// Each scenario file is read and parsed once, in a worker; the suite
	// is checked afterwards, in file order, as scenario.Select would
	// (every file parses, names unique, something matches -run), and its
	// error wins over any finding.
	dir := cmp.Or(opts.Scenarios, "scenarios")
	files, err := scenario.Files(dir)
	if err != nil {
		return nil, configError{err}
	}
	cassettes := cmp.Or(opts.Cassettes, "cassettes")
	haveCassettes := isDir(cassettes)
	var (
		parsed = make([]parseOutcome, len(files))
		scs    = make([]report.Scenario, len(files))
		errs   = make([]error, len(files))
		covs   = make([]*coverage, len(files))
		done   = make([]bool, len(files)) // verified before any interrupt
		next   atomic.Int64               // the next file to take
		wg     sync.WaitGroup
	)
	// Each worker takes the next file itself, until none is left or the
	// run is interrupted: no hand-off through a channel, which woke a
	// parked worker for each file.
	for range min(max(1, cmp.Or(opts.Parallel, runtime.GOMAXPROCS(0))), len(files)) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				sc, err := scenario.ParseFile(files[i])
				parsed[i].err = err
				if err != nil {
					continue
				}
				parsed[i].name = sc.Name
				if !haveCassettes || (opts.Run != nil && !opts.Run.MatchString(sc.Name)) {
					continue
				}
				if opts.Coverage {
					covs[i] = newCoverage()
				}
				scs[i], errs[i] = verifyScenario(ctx, sc, vs, opts, covs[i])
				done[i] = ctx.Err() == nil
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		// Interrupted: what was cut short has findings about that, so
		// only the scenarios finished before it are reported.
		// Files not reached count as selected: their names are unknown.
		ie := &interruptedError{}
		for i, p := range parsed {
			if p.err == nil && p.name == "" || p.err == nil && (opts.Run == nil || opts.Run.MatchString(p.name)) {
				ie.total++
			}
			if done[i] && errs[i] == nil && p.name != "" {
				ie.verified = append(ie.verified, scs[i])
			}
		}
		return &report.Report{APIVersion: set.APIVersion(), Scenarios: ie.verified}, ie
	}
	var (
		tally    scenario.Tally
		selected []int
		all      []scenario.Entry
	)
	for i, p := range parsed {
		if tally.Add(p.name, files[i], p.err) {
			all = append(all, scenario.Entry{Name: p.name, File: files[i]})
			if opts.Run == nil || opts.Run.MatchString(p.name) {
				selected = append(selected, i)
			}
		}
	}
	if err := tally.Err(dir); err != nil {
		return nil, configError{err}
	}
	if len(selected) == 0 {
		return nil, configError{scenario.NoMatch(dir, opts.Run)}
	}
	if !haveCassettes {
		return nil, configError{fmt.Errorf("cassettes folder %s does not exist; record into it with: %s -cassettes %s", cassettes, cmdref.Command(".", "record"), cassettes)}
	}
	rep := &report.Report{APIVersion: set.APIVersion(), Scenarios: make([]report.Scenario, 0, len(selected))}
	// The first error in scenario order, so the message does not depend
	// on scheduling.
	for _, i := range selected {
		if errs[i] != nil {
			return nil, configError{errs[i]}
		}
		rep.Scenarios = append(rep.Scenarios, scs[i])
	}
	orphans, err := orphanCassettes(opts, all)
	if err != nil {
		return nil, configError{err}
	}
	rep.Scenarios = append(rep.Scenarios, orphans...)
	slices.SortStableFunc(rep.Scenarios, func(a, b report.Scenario) int { return strings.Compare(a.Name, b.Name) })
	if opts.Coverage {
		total := newCoverage()
		for _, c := range covs {
			total.merge(c)
		}
		if rep.Coverage, err = total.report(set); err != nil {
			return nil, configError{err}
		}
	}
	return rep, nil
}

// orphanCassettes reports each cassette in the cassettes folder that no
// scenario names (its scenario was deleted or renamed): nothing replays
// it, so it would otherwise pass unseen. With a -run filter, only the
// cassettes whose name it matches are considered. all is every scenario
// of the folder, whether selected or not.
func orphanCassettes(opts Options, all []scenario.Entry) ([]report.Scenario, error) {
	names := map[string]bool{}
	for _, e := range all {
		names[e.Name] = true
	}
	dir := cmp.Or(opts.Cassettes, "cassettes")
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []report.Scenario
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".yaml")
		if names[name] || strings.HasPrefix(name, ".") || (opts.Run != nil && !opts.Run.MatchString(name)) {
			continue
		}
		out = append(out, report.Scenario{Name: name, Cassette: p, Findings: []report.Finding{{
			Kind: report.KindOrphanCassette, Severity: severity(report.KindOrphanCassette), Interaction: -1,
			Message: fmt.Sprintf("cassette %s has no scenario named %q in %s, so nothing replays it; delete the cassette, or restore its scenario",
				p, name, cmp.Or(opts.Scenarios, "scenarios"))}}})
	}
	return out, nil
}

// unusedFindings reports recorded interactions never replayed. When the
// run stopped early, they are one finding: the consequence of the step
// that stopped it, already reported there.
func unusedFindings(res *scenario.Result, unused []cassette.Unused, rerecord string) []report.Finding {
	if len(unused) == 0 {
		return nil
	}
	if res.Err() != nil {
		ids := make([]string, len(unused))
		for i, u := range unused {
			ids[i] = strconv.Itoa(u.ID)
		}
		stopped := res.Steps[len(res.Steps)-1].Step.ID
		return []report.Finding{{Kind: report.KindUnused, Severity: severity(report.KindUnused), Interaction: -1,
			Message: fmt.Sprintf("%s not replayed (%s) because the run stopped at step %q; if the change is intended, re-record with: %s",
				plural(len(unused), "recorded interaction"), strings.Join(ids, ", "), stopped, rerecord)}}
	}
	out := make([]report.Finding, 0, len(unused))
	for _, u := range unused {
		out = append(out, report.Finding{Kind: report.KindUnused, Severity: severity(report.KindUnused), Interaction: u.ID,
			Message: fmt.Sprintf("recorded %s was never replayed: the scenario no longer sends it; re-record with: %s", u.Request, rerecord)})
	}
	return out
}

// rerecord is the command that re-records scenario name, from
// opts.RerecordHint.
func rerecord(opts Options, name string) string {
	switch {
	case opts.RerecordHint != nil:
		return opts.RerecordHint(name)
	case name == "":
		return "cmd/record"
	}
	return fmt.Sprintf("cmd/record -run '^%s$'", name)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// parseOutcome is what parsing one scenario file gave: its name, or err.
type parseOutcome struct {
	name string
	err  error
}

// verifyScenario replays one scenario's cassette.
func verifyScenario(ctx context.Context, sc *scenario.Scenario, vs *versions, opts Options, cov *coverage) (report.Scenario, error) {
	path := cassette.Path(cmp.Or(opts.Cassettes, "cassettes"), sc.Name)
	out := report.Scenario{Name: sc.Name, File: sc.File, Cassette: path}
	again := rerecord(opts, sc.Name) // the command that re-records it, named in findings
	rp, err := cassette.ReplayWith(path, rerecord(opts, ""))
	if errors.Is(err, cassette.ErrNotFound) {
		out.Findings = append(out.Findings, report.Finding{Kind: report.KindNoCassette, Severity: severity(report.KindNoCassette), Interaction: -1,
			Message: fmt.Sprintf("no cassette at %s; record it with: %s", path, again)})
		return out, nil
	}
	if err != nil {
		return out, err
	}
	start, timed := time.Now(), &timedTransport{next: rp.Transport()}
	c := client.New("sk_test_replay", client.Options{
		// As when recording: a recorded redirect is the step's answer.
		HTTPClient: &http.Client{Transport: timed, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		MaxRetries: new(0),
	})
	recordedBy := rp.Server()
	res := scenario.Run(ctx, sc, scenario.RunOptions{Client: c, Env: opts.Env, Controls: recordedBy.Kind == cassette.ServerLocal})
	served := rp.Served()
	ups := vs.newUpgrades()
	var refs []bodyRef // the findings about a recorded body's field, for cassetteLines
	i := 0             // the next served interaction; a skipped step has none
	for _, sr := range res.Steps {
		if sr.Skipped != "" {
			out.Steps = append(out.Steps, skippedStep(sr, recordedBy, again))
			continue
		}
		var sv *cassette.Served
		checking := time.Now()
		if i < len(served) && sr.Response != nil {
			sv = &served[i]
			out.Server = sv.Server.Kind
			if !scenario.IsControl(sr.Step.Op) && sr.Step.Op != scenario.OpCall {
				cov.add(sr.Step.Op, sv.Params, sr.JSON)
			}
		}
		trip := i // this step's round trip; its event lookups follow
		i++
		st, err := checkStep(sr, sv, vs, again)
		if err != nil {
			return out, err
		}
		for k, f := range st.Findings { // about the step's response, its expectations included
			if bodyPath(f) {
				refs = append(refs, bodyRef{step: len(out.Steps), finding: k})
			}
		}
		if sv != nil && !scenario.IsControl(sr.Step.Op) {
			ups.add(upgrade.Exchange{Version: st.StripeVersion, Op: sr.Step.Op, Params: sv.Params, Status: st.Status, Body: sr.JSON}, sv.ID)
		}
		for _, er := range sr.Events { // each lookup is the next interaction
			var esv *cassette.Served
			if i < len(served) {
				esv = &served[i]
			}
			i++
			for _, f := range eventFindings(er, esv, vs) {
				if bodyPath(f) {
					refs = append(refs, bodyRef{step: len(out.Steps), finding: len(st.Findings), path: lookupPath(er, f)})
				}
				st.Findings = append(st.Findings, f)
			}
		}
		if sr.EventsSkipped != "" {
			st.Findings = append(st.Findings, eventsSkipped(sr, recordedBy, again))
		}
		st.Duration = time.Since(checking) + timed.took(trip)
		out.Steps = append(out.Steps, st)
	}
	cassetteLines(path, rp.Line, out.Steps, refs)
	unused := rp.Finish()
	out.Interactions = len(served) + len(unused)
	out.StripeVersion = vs.recordingVersion(out.Steps)
	if vs.skewed(out.StripeVersion) {
		out.Findings = append(out.Findings, vs.headline(out.StripeVersion, out.Steps, again))
	}
	secrets, err := cassetteSecrets(path, rp.Interactions(), rp.Data())
	if err != nil {
		return out, err
	}
	out.Findings = append(out.Findings, secrets...)
	out.Findings = append(out.Findings, unusedFindings(res, unused, again)...)
	changes, err := ups.findings()
	if err != nil {
		return out, err
	}
	out.Findings = append(out.Findings, changes...)
	out.Duration = time.Since(start)
	return out, nil
}

// timedTransport measures each round trip of one scenario's replay, in
// the order the steps send them, for the report's per-step times.
type timedTransport struct {
	next  http.RoundTripper
	mu    sync.Mutex
	times []time.Duration
}

// RoundTrip implements [http.RoundTripper].
func (t *timedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	t.mu.Lock()
	t.times = append(t.times, time.Since(start))
	t.mu.Unlock()
	return resp, err
}

// took is the time of the i-th round trip, 0 if there was none.
func (t *timedTransport) took(i int) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if i < len(t.times) {
		return t.times[i]
	}
	return 0
}
