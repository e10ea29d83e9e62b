package verify

import (
	"fmt"
	"sync"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/upgrade"
)

// versions gives each exchange the contracts of the version that
// answered it ([contracts.Library.Load]), and says when that version is
// one no contract covers or not the one the team declares it pins.
type versions struct {
	lib    *contracts.Library
	newest *contracts.Set
	// target is the version the team declares it pins (Options.
	// StripeVersion); "" accepts whatever version a recording was made at.
	target string
	// planner, if not nil, compares each exchange with the -upgrade-to
	// target ([upgrade.Planner]).
	planner *upgrade.Planner

	mu    sync.RWMutex
	cache map[string]atVersion // by answering version
}

// atVersion is one answering version's contracts.
type atVersion struct {
	set *contracts.Set
	res contracts.Resolution
}

// loadVersions opens the contracts folder dir ("" for the embedded
// ones). target, if not "", must be a Stripe API version; upgradeTo, if
// not "", one that contracts cover.
func loadVersions(dir, target, upgradeTo string) (*versions, error) {
	// The embedded library is the process's: every run shares its
	// compiled schemas.
	lib, err := contracts.Embedded(), error(nil)
	if dir != "" {
		lib, err = contracts.OpenDir(dir)
	}
	if err != nil {
		return nil, err
	}
	if target != "" {
		if _, err := lib.Resolve(target); err != nil || target == contracts.UnknownVersion {
			return nil, fmt.Errorf("target Stripe API version %q: want a version such as 2025-08-27.basil", target)
		}
		if err := lib.CheckReleased(target); err != nil {
			// Every recording would be a version_skew against it.
			return nil, fmt.Errorf("target Stripe API version %v", err)
		}
	}
	newest, err := lib.Newest()
	if err != nil {
		return nil, err
	}
	vs := &versions{lib: lib, newest: newest, target: target, cache: map[string]atVersion{}}
	if upgradeTo != "" {
		if vs.planner, err = upgrade.New(lib, upgradeTo); err != nil {
			return nil, fmt.Errorf("-upgrade-to %s: %w", upgradeTo, err)
		}
	}
	return vs, nil
}

// at returns the contracts for an exchange answered at v and how v
// resolved to them. A v that is not a Stripe version (never the case
// for [contracts.AnsweringVersion]'s) is checked against the newest
// contracts, as an unknown version.
func (vs *versions) at(v string) (*contracts.Set, contracts.Resolution, error) {
	vs.mu.RLock()
	a, ok := vs.cache[v]
	vs.mu.RUnlock()
	if ok {
		return a.set, a.res, nil
	}
	set, res, err := vs.lib.Load(v)
	if err != nil {
		if set, res, err = vs.lib.Load(contracts.UnknownVersion); err != nil {
			return nil, res, err
		}
		res.Requested = v
	}
	vs.mu.Lock()
	vs.cache[v] = atVersion{set, res}
	vs.mu.Unlock()
	return set, res, nil
}

// forOp returns the contracts that check op for an exchange answered at
// v, and how to classify their findings: v's own when they have op;
// else (an operation outside Checkout Sessions and events, which only
// the newest contracts hold) the newest, its findings classified by the
// skew between v and the newest ([contracts.Skew.Classify]).
func (vs *versions) forOp(v, op string) (*contracts.Set, func(contracts.Finding) contracts.Finding, error) {
	set, res, err := vs.at(v)
	if err != nil {
		return nil, nil, err
	}
	if _, ok := set.Operation(op); ok || set == vs.newest {
		return set, res.Classify, nil
	}
	return vs.newest, vs.newest.SkewOf(v).Classify, nil
}

// skewed reports whether a response answered at v is a version skew: no
// contract covers v, or v is not the target version.
func (vs *versions) skewed(v string) bool {
	if v == "" || v == contracts.UnknownVersion {
		return false
	}
	_, res, err := vs.at(v)
	if err != nil {
		return true
	}
	return !res.Covered() || (vs.target != "" && v != vs.target)
}

// headline is the one version_skew finding of a recording whose
// responses were answered at v (for which skewed holds).
func (vs *versions) headline(v string, steps []report.Step, rerecord string) report.Finding {
	n := 0
	for _, st := range steps {
		if st.StripeVersion == v {
			n++
		}
	}
	_, res, _ := vs.at(v)
	if !res.Covered() {
		all := vs.lib.Versions()
		return report.Finding{Kind: report.KindVersionSkew, Severity: severity(report.KindVersionSkew), Interaction: -1,
			Drift: res.Skew().Direction.String(), Message: res.Headline(n, rerecord, all[0].APIVersion, all[len(all)-1].APIVersion)}
	}
	sk := contracts.CompareVersions(v, vs.target)
	again := "re-record it at " + vs.target
	if rerecord != "" {
		again += " (" + rerecord + ")"
	}
	return report.Finding{Kind: report.KindVersionSkew, Severity: severity(report.KindVersionSkew), Interaction: -1,
		Drift: sk.Direction.String(), Message: fmt.Sprintf(
			"%s at Stripe API %s, %s than %s, the version you declare you pin (-stripe-version); it was checked against %s's own contracts. "+
				"What to do: %s; or, if you pin %s, declare that; see what moving between the two changes with -upgrade-to %s.",
			answered(n), v, sk.Direction, vs.target, v, again, v, vs.target)}
}

// answered is "1 response was rendered" or "N responses were rendered".
func answered(n int) string {
	if n == 1 {
		return "1 response was rendered"
	}
	return fmt.Sprintf("%d responses were rendered", n)
}

// recordingVersion is the answering version that speaks for a
// recording's responses: the first that is a skew ([versions.skewed]),
// else the last step's; "" when no response was replayed.
func (vs *versions) recordingVersion(steps []report.Step) string {
	last := ""
	for _, st := range steps {
		if st.StripeVersion == "" {
			continue
		}
		if vs.skewed(st.StripeVersion) {
			return st.StripeVersion
		}
		last = st.StripeVersion
	}
	return last
}

// upgrades collects the changes of one recording's exchanges that
// moving to the -upgrade-to target brings ([upgrade.Planner]), each once,
// as upgrade_change notes on the recording.
type upgrades struct {
	p    *upgrade.Planner
	seen map[string]bool
	out  []report.Finding
	err  error
}

// newUpgrades returns a collector for vs's planner, nil without one.
func (vs *versions) newUpgrades() *upgrades {
	if vs.planner == nil {
		return nil
	}
	return &upgrades{p: vs.planner, seen: map[string]bool{}}
}

// add compares one exchange, recorded as interaction.
func (u *upgrades) add(ex upgrade.Exchange, interaction int) {
	if u == nil || u.err != nil {
		return
	}
	cs, err := u.p.Changes(ex)
	if err != nil {
		u.err = err
		return
	}
	for _, c := range cs {
		if u.seen[c.Key()] {
			continue
		}
		u.seen[c.Key()] = true
		path := c.Path
		switch c.What {
		case upgrade.ParamRemoved, upgrade.ParamValueGone, upgrade.ParamRequired:
			path = "request " + path
		}
		u.out = append(u.out, report.Finding{Kind: report.KindUpgradeChange, Severity: severity(report.KindUpgradeChange),
			Path: path, Interaction: interaction, Message: c.String()})
	}
}

// findings returns the notes collected, or the error that stopped the
// comparison.
func (u *upgrades) findings() ([]report.Finding, error) {
	if u == nil {
		return nil, nil
	}
	return u.out, u.err
}

// checkExchange checks ex, answered at v, against the contracts of v
// ([versions.forOp]) and classifies each finding by how v resolved.
//
// A version with no spec of its own is checked against the newest spec of
// its major before it (2025-08-27.basil against 2025-05-28.basil), and a
// value outside that spec's enum is a note: Stripe may have added it
// within the major since. Unless the newest contracts refuse the same
// value at the same path too: then no release Stripe has published has
// it (status "pending"), and it stays the error it is.
func (vs *versions) checkExchange(v string, ex contracts.Exchange, opts contracts.ExchangeOptions) ([]contracts.Finding, error) {
	set, classify, err := vs.forOp(v, opts.Op)
	if err != nil {
		return nil, err
	}
	fs, err := set.CheckExchange(ex, opts)
	if err != nil || set == vs.newest {
		return classifyAll(fs, classify), err
	}
	out := classifyAll(fs, classify)
	var later map[enumKey]bool
	for i, f := range fs {
		if f.Kind.Request() != contracts.KindNotInEnum.Request() || out[i].Severity == f.Severity {
			continue
		}
		if later == nil {
			nfs, err := vs.newest.CheckExchange(ex, opts)
			if err != nil {
				return nil, err
			}
			later = map[enumKey]bool{}
			for _, nf := range nfs {
				if nf.Kind.Request() == contracts.KindNotInEnum.Request() {
					later[enumKey{nf.Kind, nf.Path}] = true
				}
			}
		}
		if later[enumKey{f.Kind, f.Path}] {
			f.Drift = "in no Stripe API version up to " + vs.newest.APIVersion()
			out[i] = f
		}
	}
	return out, nil
}

// enumKey is a not_in_enum finding's kind (request or response) and path.
type enumKey struct {
	kind contracts.Kind
	path string
}

func classifyAll(fs []contracts.Finding, classify func(contracts.Finding) contracts.Finding) []contracts.Finding {
	out := make([]contracts.Finding, len(fs))
	for i, f := range fs {
		out[i] = classify(f)
	}
	return out
}
