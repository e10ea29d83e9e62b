package contracts

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// UnknownVersion is the answering version of an exchange whose response
// and request both lack a Stripe-Version header ([AnsweringVersion]).
const UnknownVersion = "unknown"

// AnsweringVersion is the Stripe API version a response body was rendered
// at: the response's Stripe-Version header, which Stripe sets on every
// response (an account's default version answers a request that sends
// none); else the request's Stripe-Version (stripe-mock and the local
// server set no header: they answer at the version asked for, the pinned
// spec's); else [UnknownVersion].
//
// A header whose value is not a Stripe version (one that starts with its
// release date, "2020-08-27" or "2026-08-26.dahlia") counts as absent: a
// recorder's placeholder such as "<STRIPE_VERSION>" says nothing.
func AnsweringVersion(response, request http.Header) string {
	for _, h := range []http.Header{response, request} {
		if v := strings.TrimSpace(h.Get("Stripe-Version")); versionPattern.MatchString(v) {
			return v
		}
	}
	return UnknownVersion
}

// ValidVersion reports whether v is written as a Stripe API version, as a
// user states one (a flag, a scenario's stripe_version, a webhook
// endpoint's @VERSION, a request's Stripe-Version): a real date, then
// optionally a dot and a lowercase name ("2025-08-27.basil",
// "2020-08-27"). [AnsweringVersion] reads recorded headers more leniently.
func ValidVersion(v string) bool {
	m := validVersion.FindStringSubmatch(v)
	if m == nil {
		return false
	}
	_, err := time.Parse(time.DateOnly, m[1])
	return err == nil
}

var validVersion = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(\.[a-z]+)?$`)

// versionPattern matches a Stripe API version: its release date, then
// optionally a dot and a name.
var versionPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(\.[A-Za-z0-9_.-]+)?$`)

// Direction says how a response's API version stands to the contracts'.
type Direction int

const (
	// SameVersion is no skew: the versions are equal, or the answering version is
	// [UnknownVersion] (nothing to compare).
	SameVersion Direction = iota
	// OlderVersion is a response rendered at an API version older than the
	// contracts': typically a cassette recorded years ago, or an account
	// that pins an old version.
	OlderVersion
	// NewerVersion is a response rendered at a newer version: the contracts are
	// behind Stripe (the pinned stripe-mock is older than the account).
	NewerVersion
	// OtherVersion is a different version of the same date (e.g. a preview
	// version beside the release): neither older nor newer.
	OtherVersion
)

// String returns "same", "older", "newer" or "other".
func (d Direction) String() string {
	return [...]string{"same", "older", "newer", "other"}[d]
}

// Skew is how the version that answered an exchange stands to the
// contracts' version. The zero value is no skew.
type Skew struct {
	// Answered is the answering version ([AnsweringVersion]).
	Answered string
	// Contracts is the contracts' API version ([Set.APIVersion]).
	Contracts string
	// Direction is [OlderVersion] or [NewerVersion] (or [OtherVersion]) when the versions
	// differ; [SameVersion] otherwise.
	Direction Direction
}

// SkewOf compares the answering version answered with s's API version.
func (s *Set) SkewOf(answered string) Skew {
	return CompareVersions(answered, s.APIVersion())
}

// CompareVersions compares the answering version answered with the
// contracts' version contracts. Stripe versions start with their release
// date ("2020-08-27", "2026-08-26.dahlia"), which orders them.
func CompareVersions(answered, contracts string) Skew {
	sk := Skew{Answered: answered, Contracts: contracts}
	if answered == contracts || answered == UnknownVersion || answered == "" {
		return sk
	}
	a, _, _ := strings.Cut(answered, ".")
	c, _, _ := strings.Cut(contracts, ".")
	switch {
	case a < c:
		sk.Direction = OlderVersion
	case a > c:
		sk.Direction = NewerVersion
	default:
		sk.Direction = OtherVersion
	}
	return sk
}

// Skewed reports whether the versions differ.
func (sk Skew) Skewed() bool { return sk.Direction != SameVersion }

// since is the older of the two versions: what a field was added or
// removed since.
func (sk Skew) since() string {
	if sk.Direction == NewerVersion {
		return sk.Contracts
	}
	return sk.Answered
}

// Drift is the direction of a field finding in a response at sk's
// answering version, or "" when it has none (no skew, or a kind that is
// not about a field's presence):
//
//   - older response, [KindUnknownField]: "removed or renamed since X",
//     X the response's version: code reading it breaks on upgrade;
//   - older response, [KindMissingField]: "added since X": Stripe sends
//     it now, the recording predates it;
//   - newer response: the reverse, X the contracts' version.
//
// A version of the same date ([OtherVersion]) gives "differs between X and Y".
func (sk Skew) Drift(kind Kind) string {
	if !sk.Skewed() || (kind != KindUnknownField && kind != KindMissingField) {
		return ""
	}
	if sk.Direction == OtherVersion {
		return fmt.Sprintf("differs between %s and %s", sk.Answered, sk.Contracts)
	}
	removed := (kind == KindUnknownField) == (sk.Direction == OlderVersion)
	if removed {
		return "removed or renamed since " + sk.since()
	}
	return "added since " + sk.since()
}

// Classify returns f as a finding about a response at sk's answering
// version. Without skew, or for a request's finding or one without a
// path, f is returned as it is. In a skewed response a field finding
// ([KindMissingField], [KindUnknownField]) gets its [Skew.Drift] and
// [SeverityNote], and any other violation of the response's contract
// (a type, an enum value, a null) [SeverityWarning]: the version skew
// itself ([Skew.Headline], an error) is what fails, once, and these are
// its evidence rather than a contract break each. verify -strict still
// fails on the warnings. A [KindClientDecode] is returned as it is: what
// the client reads does not depend on the version.
func (sk Skew) Classify(f Finding) Finding {
	if !sk.Skewed() || f.Request || f.Message != "" || f.Kind == KindClientDecode {
		return f
	}
	f.Drift = sk.Drift(f.Kind)
	if f.Drift != "" {
		f.Severity = SeverityNote
	} else if f.Severity == SeverityError {
		f.Severity = SeverityWarning
	}
	return f
}

// Headline is the one sentence that leads a skewed recording's findings:
// the two versions, the direction, and what to do. rerecord is the
// command that re-records the recording ("" for none); responses counts
// the responses at the answering version.
func (sk Skew) Headline(responses int, rerecord string) string {
	again := "re-record it against Stripe at " + sk.Contracts
	if rerecord != "" {
		again += " (STRIPE_SECRET_KEY=sk_test_… " + rerecord + ")"
	}
	n := "1 response was"
	if responses != 1 {
		n = fmt.Sprintf("%d responses were", responses)
	}
	switch sk.Direction {
	case OlderVersion:
		return fmt.Sprintf("%s rendered at Stripe API %s, older than the contracts (%s); field findings below are what changed between the two, not separate bugs. "+
			"What to do: %s; or, if your account or app pins %s, regenerate the contracts for %s or upgrade the pin.",
			n, sk.Answered, sk.Contracts, again, sk.Answered, sk.Answered)
	case NewerVersion:
		return fmt.Sprintf("%s rendered at Stripe API %s, newer than the contracts (%s); field findings below are what changed between the two, not separate bugs. "+
			"What to do: upgrade the pinned stripe-mock to a release for %s and regenerate the contracts (make contracts); or %s.",
			n, sk.Answered, sk.Contracts, sk.Answered, again)
	}
	return fmt.Sprintf("%s rendered at Stripe API %s; the contracts are for %s. What to do: regenerate the contracts for %s, or %s.",
		n, sk.Answered, sk.Contracts, sk.Answered, again)
}
