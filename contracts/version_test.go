package contracts

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAnsweringVersion(t *testing.T) {
	h := func(v string) http.Header {
		if v == "" {
			return http.Header{}
		}
		return http.Header{"Stripe-Version": {v}}
	}
	tests := []struct {
		name, response, request, want string
	}{
		{"the response's header first", "2020-08-27", "2026-08-26.dahlia", "2020-08-27"},
		{"then the request's", "", "2026-08-26.dahlia", "2026-08-26.dahlia"},
		{"then unknown", "", "", UnknownVersion},
		{"a recorder's placeholder is no version", "<STRIPE_VERSION>", "<STRIPE_VERSION>", UnknownVersion},
		{"a placeholder response, a real request", "<STRIPE_VERSION>", "2025-11-17.clover", "2025-11-17.clover"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, AnsweringVersion(h(tt.response), h(tt.request)))
		})
	}
}

func TestCompareVersions(t *testing.T) {
	const contracts = "2026-08-26.dahlia"
	tests := []struct {
		answered string
		want     Direction
	}{
		{"2026-08-26.dahlia", SameVersion},
		{UnknownVersion, SameVersion},
		{"", SameVersion},
		{"2020-08-27", OlderVersion},
		{"2025-03-31.basil", OlderVersion},
		{"2026-09-30.endive", NewerVersion},
		{"2026-08-26.preview", OtherVersion},
	}
	for _, tt := range tests {
		t.Run(tt.answered, func(t *testing.T) {
			sk := CompareVersions(tt.answered, contracts)
			assert.Equal(t, tt.want, sk.Direction)
			assert.Equal(t, tt.want != SameVersion, sk.Skewed())
		})
	}
}

// TestDriftAndClassify: in an older response an extra field was removed
// or renamed since the response's version and a missing one added since;
// in a newer response the reverse, since the contracts' version. Field
// findings become notes, other response violations warnings; requests,
// messages and unskewed responses keep theirs.
func TestDriftAndClassify(t *testing.T) {
	older := CompareVersions("2020-08-27", "2026-08-26.dahlia")
	newer := CompareVersions("2026-09-30.endive", "2026-08-26.dahlia")
	same := CompareVersions("2026-08-26.dahlia", "2026-08-26.dahlia")
	assert.Equal(t, "removed or renamed since 2020-08-27", older.Drift(KindUnknownField))
	assert.Equal(t, "added since 2020-08-27", older.Drift(KindMissingField))
	assert.Equal(t, "added since 2026-08-26.dahlia", newer.Drift(KindUnknownField))
	assert.Equal(t, "removed or renamed since 2026-08-26.dahlia", newer.Drift(KindMissingField))
	assert.Empty(t, same.Drift(KindMissingField))
	assert.Empty(t, older.Drift(KindWrongType))

	finding := func(k Kind, request bool, msg string) Finding {
		return Finding{Violation: Violation{Kind: k, Path: "status"}, Severity: k.Severity(), Request: request, Message: msg}
	}
	tests := []struct {
		name  string
		sk    Skew
		in    Finding
		sev   Severity
		drift string
	}{
		{"older, missing", older, finding(KindMissingField, false, ""), SeverityNote, "added since 2020-08-27"},
		{"older, extra", older, finding(KindUnknownField, false, ""), SeverityNote, "removed or renamed since 2020-08-27"},
		{"older, wrong type", older, finding(KindNotInEnum, false, ""), SeverityWarning, ""},
		{"newer, extra", newer, finding(KindUnknownField, false, ""), SeverityNote, "added since 2026-08-26.dahlia"},
		{"same version: unchanged", same, finding(KindMissingField, false, ""), SeverityError, ""},
		{"a request's finding: unchanged", older, finding(KindMissingField.Request(), true, ""), SeverityError, ""},
		{"a contract that could not be used: unchanged", older, finding(KindStepFailed, false, "no contract"), SeverityError, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.sk.Classify(tt.in)
			assert.Equal(t, tt.sev, got.Severity)
			assert.Equal(t, tt.drift, got.Drift)
		})
	}
	f := older.Classify(Finding{Violation: Violation{Kind: KindMissingField, Path: "ui_mode", Want: "required by checkout.session", Got: "absent"},
		Severity: SeverityError, File: "c.yaml", Line: 3})
	assert.Equal(t, "c.yaml:3: note missing_field at ui_mode: want required by checkout.session, got absent — added since 2020-08-27", f.String())
}

func TestHeadline(t *testing.T) {
	older := CompareVersions("2020-08-27", "2026-08-26.dahlia")
	assert.Equal(t, "3 responses were rendered at Stripe API 2020-08-27, older than the contracts (2026-08-26.dahlia); "+
		"field findings below are what changed between the two, not separate bugs. "+
		"What to do: re-record it against Stripe at 2026-08-26.dahlia (STRIPE_SECRET_KEY=sk_test_… make record RUN=pay); "+
		"or, if your account or app pins 2020-08-27, regenerate the contracts for 2020-08-27 or upgrade the pin.",
		older.Headline(3, "make record RUN=pay"))
	newer := CompareVersions("2026-09-30.endive", "2026-08-26.dahlia")
	assert.Contains(t, newer.Headline(1, ""), "1 response was rendered at Stripe API 2026-09-30.endive, newer than the contracts (2026-08-26.dahlia)")
	assert.Contains(t, newer.Headline(1, ""), "upgrade the pinned stripe-mock to a release for 2026-09-30.endive and regenerate the contracts (make contracts)")
}

// TestValidVersion: the one rule for a version a user states (flags,
// scenarios, webhook endpoints, Stripe-Version requests): a real date,
// optionally a lowercase name.
func TestValidVersion(t *testing.T) {
	for v, want := range map[string]bool{
		"2025-08-27.basil": true, "2020-08-27": true, "2026-03-25.dahlia": true,
		"2025-02-30.basil": false, "2025-13-01": false, "2019-2-19": false, "2025-08-27.Basil": false,
		"2025-08-27.": false, "2020-08-27;link_beta=v1": false, "": false, "basil": false,
	} {
		assert.Equal(t, want, ValidVersion(v), v)
	}
}

// TestCheckVersion: a version the contracts cover, whose name agrees with
// its date, is accepted (a spec's own, one between specs of its major,
// one before its major's first spec, one after the newest); a name that
// disagrees with the date, a version from acacia on without a name, a
// major no contract has and a version older than every contract are
// refused, each saying what to write.
func TestCheckVersion(t *testing.T) {
	lib := Embedded()
	for _, v := range []string{"2025-08-27.basil", "2025-03-31.basil", "2026-03-25.dahlia", "2024-10-28.acacia", "2028-01-01.dahlia", "2022-11-15"} {
		assert.NoError(t, lib.CheckVersion(v), v)
	}
	for v, want := range map[string]string{
		"2025-08-27.dahlia": "2025-08-27.dahlia: 2025-08-27 falls in basil's releases, not dahlia's: write 2025-08-27.basil, or the release you mean",
		"2026-06-01.basil":  "2026-06-01.basil: 2026-06-01 falls in dahlia's releases, not basil's: write 2026-06-01.dahlia",
		"2024-01-01.basil":  "2024-01-01.basil: 2024-01-01 is before 2024-09-30.acacia, when versions had no name",
		"2025-08-27":        "2025-08-27: from 2024-09-30.acacia on a version carries its major's name: write 2025-08-27.basil",
		"2099-01-01.zeta":   `2099-01-01.zeta: "zeta" is not a Stripe API major the contracts know (acacia, basil, clover, dahlia)`,
		"2020-08-27":        "2020-08-27: no contract covers it (the oldest is 2022-11-15)",
		"2025-13-01.basil":  "is not a Stripe API version",
	} {
		err := lib.CheckVersion(v)
		if assert.Error(t, err, v) {
			assert.Contains(t, err.Error(), want, v)
			assert.Equal(t, v == "2020-08-27", errors.Is(err, ErrNotCovered), v)
		}
	}
}
