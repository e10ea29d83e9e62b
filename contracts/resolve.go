package contracts

import (
	"errors"
	"fmt"
	"strings"
)

// Match says how a requested API version resolved to contracts
// ([Library.Resolve]).
type Match int

const (
	// MatchExact is a version with a spec, and contracts, of its own.
	MatchExact Match = iota
	// MatchDefault is no version at all ([UnknownVersion] or ""): the
	// newest contracts, with no skew, as before versions were resolved.
	MatchDefault
	// MatchEarlierSpec is a version of a major (acacia and later) with no
	// spec of its own, resolved to the newest spec of its major released
	// before it: the version has everything that spec has (releases
	// within a major only add), and perhaps more. A field or enum value
	// the spec lacks is a note, "added within <major> after <spec>";
	// a field the spec requires that is absent is an error as usual.
	MatchEarlierSpec
	// MatchLaterSpec is such a version whose major has no spec released
	// before it (2026-03-25.dahlia, the first dahlia, before the first
	// dahlia spec we have, 2026-05-27.dahlia): resolved to the oldest
	// spec of its major released after it. That spec has every field the
	// version has, so an unknown field is a warning as usual; a field it
	// requires that is absent may have been added in between, and is a
	// note.
	MatchLaterSpec
	// MatchNone is a version no contract covers: older than every spec
	// (2020-08-27), a version before acacia without a spec of its own
	// (each of those could break anything), or of a major no spec has.
	// It resolves to the nearest contracts by release date (the newest
	// spec at or before it, else the oldest), which the exchange is
	// checked against with its [Resolution.Skew]: one version_skew, the
	// field findings its evidence.
	MatchNone
)

// String returns "exact", "default", "earlier_spec", "later_spec" or
// "none".
func (m Match) String() string {
	return [...]string{"exact", "default", "earlier_spec", "later_spec", "none"}[m]
}

// Resolution is how a requested API version maps to contracts.
type Resolution struct {
	// Requested is the version asked for, e.g. "2025-08-27.basil".
	Requested string
	// Spec is the API version of the contracts used, e.g.
	// "2025-05-28.basil".
	Spec string
	// Match is how Requested led to Spec.
	Match Match
}

// Covered reports whether a contract covers the version: every match but
// [MatchNone].
func (r Resolution) Covered() bool { return r.Match != MatchNone }

// Skew is the version skew to report for an exchange at r.Requested:
// none when a contract covers the version, else the comparison with the
// nearest contracts ([CompareVersions]).
func (r Resolution) Skew() Skew {
	if r.Covered() {
		return Skew{}
	}
	return CompareVersions(r.Requested, r.Spec)
}

// String is the resolution in words, e.g. "2025-08-27.basil: checked
// against 2025-05-28.basil, the newest basil spec before it".
func (r Resolution) String() string {
	switch r.Match {
	case MatchExact:
		return r.Requested + ": its own contracts"
	case MatchDefault:
		return "no version: the newest contracts, " + r.Spec
	case MatchEarlierSpec:
		return fmt.Sprintf("%s: checked against %s, the newest %s spec before it (fields added since are notes)", r.Requested, r.Spec, major(r.Requested))
	case MatchLaterSpec:
		return fmt.Sprintf("%s: checked against %s, the oldest %s spec after it (fields it requires that were added in between are notes)", r.Requested, r.Spec, major(r.Requested))
	}
	return fmt.Sprintf("%s: no contract covers it; checked against the nearest, %s (version_skew)", r.Requested, r.Spec)
}

// major is a version's major name ("basil" of "2025-08-27.basil"), ""
// for a version before acacia.
func major(v string) string {
	_, m, _ := strings.Cut(v, ".")
	return m
}

// date is a version's release date.
func date(v string) string {
	d, _, _ := strings.Cut(v, ".")
	return d
}

// Resolve says which of l's contracts check an exchange answered at the
// Stripe API version v:
//
//   - a version with a spec of its own: those ([MatchExact]);
//   - [UnknownVersion] or "": the newest ([MatchDefault]);
//   - a version of a major from acacia on (2024-09-30.acacia) with no spec
//     of its own: the newest spec of its major released before it
//     ([MatchEarlierSpec]), else the oldest released after it
//     ([MatchLaterSpec]): within a major Stripe's releases only add;
//   - anything else (older than every spec, a pre-acacia version without
//     a spec, an unknown major): the nearest by date, the newest at or
//     before it, else the oldest ([MatchNone]: a version skew).
//
// The error is for a v that is not a Stripe API version (a release date,
// optionally a dot and a name).
func (l *Library) Resolve(v string) (Resolution, error) {
	r := Resolution{Requested: v}
	if l.err != nil {
		return r, l.err
	}
	newest := l.versions[len(l.versions)-1].APIVersion
	if v == "" || v == UnknownVersion {
		r.Spec, r.Match = newest, MatchDefault
		return r, nil
	}
	if !versionPattern.MatchString(v) {
		return r, fmt.Errorf("contracts: %q is not a Stripe API version (want a release date, optionally a dot and a name, e.g. 2025-08-27.basil)", v)
	}
	var floor, ceiling, nearFloor string
	for _, x := range l.versions {
		s := x.APIVersion
		if s == v {
			r.Spec, r.Match = s, MatchExact
			return r, nil
		}
		if date(s) <= date(v) {
			nearFloor = s
		}
		if major(v) == "" || major(s) != major(v) {
			continue
		}
		if date(s) <= date(v) {
			floor = s
		} else if ceiling == "" {
			ceiling = s
		}
	}
	switch {
	case floor != "":
		r.Spec, r.Match = floor, MatchEarlierSpec
	case ceiling != "":
		r.Spec, r.Match = ceiling, MatchLaterSpec
	case nearFloor != "":
		r.Spec, r.Match = nearFloor, MatchNone
	default:
		r.Spec, r.Match = l.versions[0].APIVersion, MatchNone
	}
	return r, nil
}

// Classify returns f as a finding about an exchange answered at
// r.Requested and checked against r.Spec's contracts:
//
//   - [MatchEarlierSpec]: a field or enum value the spec lacks, in the
//     response or the request (unknown_field, not_in_enum and their
//     request_ forms), is a note with the Drift "added within <major>
//     after <spec>";
//   - [MatchLaterSpec]: a response's missing_field is a note with the
//     Drift "may have been added within <major> between <requested> and
//     <spec>";
//   - [MatchNone]: [Skew.Classify] with r's [Resolution.Skew], and a
//     request's errors are warnings (the version_skew error is what
//     fails);
//   - otherwise f unchanged.
//
// A finding with a Message (the contract could not be used) is never
// changed.
func (r Resolution) Classify(f Finding) Finding {
	if f.Message != "" {
		return f
	}
	switch r.Match {
	case MatchNone:
		if f.Request && f.Severity == SeverityError {
			// A request to a version no contract covers is checked
			// against another version's parameters: evidence of the
			// skew, like the response's, not a break of its own.
			f.Severity = SeverityWarning
		}
		return r.Skew().Classify(f)
	case MatchEarlierSpec:
		switch f.Kind {
		case KindUnknownField, KindNotInEnum, KindUnknownField.Request(), KindNotInEnum.Request():
			f.Severity = SeverityNote
			f.Drift = fmt.Sprintf("added within %s after %s, the newest %s spec before %s", major(r.Requested), r.Spec, major(r.Requested), r.Requested)
		}
	case MatchLaterSpec:
		if f.Kind == KindMissingField && !f.Request {
			f.Severity = SeverityNote
			f.Drift = fmt.Sprintf("may have been added within %s between %s and %s, the oldest %s spec after it", major(r.Requested), r.Requested, r.Spec, major(r.Requested))
		}
	}
	return f
}

// Headline is the one sentence that leads the findings of a recording
// answered at a version no contract covers ([MatchNone]): the version,
// the versions the contracts cover (oldest and newest, as
// [Library.Versions] gives them), the nearest it was checked against,
// and what to do. rerecord is the command that re-records the recording
// ("" for none); responses counts the responses at that version. For a
// covered version it is "".
func (r Resolution) Headline(responses int, rerecord, oldest, newest string) string {
	if r.Covered() {
		return ""
	}
	n := "1 response was"
	if responses != 1 {
		n = fmt.Sprintf("%d responses were", responses)
	}
	again := "re-record it"
	if rerecord != "" {
		again += " (" + rerecord + ")"
	}
	evidence := "field findings below are what changed between the two, not separate bugs"
	switch {
	case date(r.Requested) < date(oldest):
		return fmt.Sprintf("%s rendered at Stripe API %s, older than every version the contracts cover (%s to %s), and checked against the nearest, %s; %s. "+
			"What to do: upgrade the version your account or app pins (the newest is %s) and %s.",
			n, r.Requested, oldest, newest, r.Spec, evidence, newest, again)
	case date(r.Requested) > date(newest):
		return fmt.Sprintf("%s rendered at Stripe API %s, newer than every version the contracts cover (%s to %s), and checked against the newest; %s. "+
			"What to do: pin a stripe-mock release for %s (go get -tool), add it to the pinned sources and regenerate the contracts (make contracts); or %s at %s.",
			n, r.Requested, oldest, newest, evidence, r.Requested, again, newest)
	}
	return fmt.Sprintf("%s rendered at Stripe API %s, which no contract covers (no spec of its own, and not a release within a major that has one), and checked against the nearest, %s; %s. "+
		"What to do: %s at a version the contracts cover (%s to %s, see contracts.Versions), or pin one.",
		n, r.Requested, r.Spec, evidence, again, oldest, newest)
}

// CheckVersion says why v is not a Stripe API version to ask for, as a
// user states one (a scenario's stripe_version): nil when the contracts
// cover it ([Resolution.Covered]) and its name agrees with its date.
// Each major name (acacia, basil, …) holds the releases from its first to
// the next major's first, and from acacia (2024-09-30) on every version
// carries its name: so 2025-08-27.dahlia (a basil date), 2024-01-01.basil
// (before acacia), 2025-08-27 (no name) and 2099-01-01.zeta (a name no
// contract has) are refused, and so is a version no contract covers
// (older than every spec): a recording at it would be one version_skew
// on every interaction. The message says what to write instead.
func (l *Library) CheckVersion(v string) error {
	if v != "" && !ValidVersion(v) {
		return fmt.Errorf("%s is not a Stripe API version: want a real release date, optionally a dot and a lowercase name, such as 2025-08-27.basil", v)
	}
	r, err := l.Resolve(v)
	if err != nil || r.Match == MatchDefault || r.Match == MatchExact {
		return err
	}
	d, name := date(v), major(v)
	rank, names := l.majors()
	own, known := rank[name]
	if !known {
		return fmt.Errorf("%s: %q is not a Stripe API major the contracts know (%s)", v, name, strings.Join(names, ", "))
	}
	at := "" // the major of the newest spec released on or before d
	for _, x := range l.versions {
		if date(x.APIVersion) <= d {
			at = major(x.APIVersion)
		}
	}
	for _, x := range l.versions {
		s := x.APIVersion
		other := rank[major(s)]
		if other > own && date(s) <= d || other < own && date(s) >= d {
			if name == "" {
				return fmt.Errorf("%s: from 2024-09-30.acacia on a version carries its major's name: write %s.%s, or the release you mean", v, d, at)
			}
			if at == "" {
				return fmt.Errorf("%s: %s is before 2024-09-30.acacia, when versions had no name; check the release you mean in Stripe's changelog", v, d)
			}
			return fmt.Errorf("%s: %s falls in %s's releases, not %s's: write %s.%s, or the release you mean", v, d, at, name, d, at)
		}
	}
	if !r.Covered() {
		return notCovered(fmt.Sprintf("%s: no contract covers it (the oldest is %s): verify would report a version_skew on every interaction recorded at it", v, l.versions[0].APIVersion))
	}
	return nil
}

// CheckReleased is [Library.CheckVersion] for a version a server or a
// webhook endpoint is asked to answer at: a version older than every
// contract (2020-08-27) may well be Stripe's, and passes.
func (l *Library) CheckReleased(v string) error {
	if err := l.CheckVersion(v); !errors.Is(err, ErrNotCovered) {
		return err
	}
	return nil
}

// ErrNotCovered is the error [Library.CheckVersion] wraps for a version
// that may well be Stripe's (2020-08-27) but that no contract covers.
var ErrNotCovered = errors.New("a version older than every contract")

// notCovered is an error that is [ErrNotCovered], with its own message.
type notCovered string

func (e notCovered) Error() string        { return string(e) }
func (e notCovered) Is(target error) bool { return target == ErrNotCovered }
