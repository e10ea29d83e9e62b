package contracts

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionsOldestFirstWithSources(t *testing.T) {
	vs := Versions()
	var got []string
	for _, v := range vs {
		got = append(got, v.APIVersion)
		assert.Regexp(t, `^github\.com/stripe/stripe-mock@v0\.\d+\.\d+$`, v.Module, v.APIVersion)
		assert.Len(t, v.SpecSHA256, 64, v.APIVersion)
	}
	want := []string{"2022-11-15", "2023-08-16", "2023-10-16", "2024-04-10", "2024-09-30.acacia",
		"2025-05-28.basil", "2025-09-30.clover", "2025-11-17.clover", "2026-05-27.dahlia", "2026-08-26.dahlia"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Versions() (-want +got):\n%s", diff)
	}
	newest, err := Load()
	require.NoError(t, err)
	assert.Equal(t, newest.APIVersion(), vs[len(vs)-1].APIVersion, "the last is Load's")
	assert.Equal(t, newest.SpecSHA256(), vs[len(vs)-1].SpecSHA256)
}

func TestResolve(t *testing.T) {
	tests := []struct {
		requested string
		want      Resolution
		skew      Direction
	}{
		{"2025-05-28.basil", Resolution{"2025-05-28.basil", "2025-05-28.basil", MatchExact}, SameVersion},
		{"2022-11-15", Resolution{"2022-11-15", "2022-11-15", MatchExact}, SameVersion},
		{"unknown", Resolution{"unknown", "2026-08-26.dahlia", MatchDefault}, SameVersion},
		{"", Resolution{"", "2026-08-26.dahlia", MatchDefault}, SameVersion},
		// within a major, no spec of its own: the newest of its major before it
		{"2025-08-27.basil", Resolution{"2025-08-27.basil", "2025-05-28.basil", MatchEarlierSpec}, SameVersion},
		{"2025-10-29.clover", Resolution{"2025-10-29.clover", "2025-09-30.clover", MatchEarlierSpec}, SameVersion},
		{"2026-12-01.dahlia", Resolution{"2026-12-01.dahlia", "2026-08-26.dahlia", MatchEarlierSpec}, SameVersion},
		// none before it in its major: the oldest after it
		{"2026-03-25.dahlia", Resolution{"2026-03-25.dahlia", "2026-05-27.dahlia", MatchLaterSpec}, SameVersion},
		{"2025-03-31.basil", Resolution{"2025-03-31.basil", "2025-05-28.basil", MatchLaterSpec}, SameVersion},
		// no contract: the nearest by date, with a skew
		{"2020-08-27", Resolution{"2020-08-27", "2022-11-15", MatchNone}, OlderVersion},
		{"2023-05-01", Resolution{"2023-05-01", "2022-11-15", MatchNone}, NewerVersion},
		{"2027-02-01.elm", Resolution{"2027-02-01.elm", "2026-08-26.dahlia", MatchNone}, NewerVersion},
	}
	for _, tt := range tests {
		t.Run(tt.requested, func(t *testing.T) {
			s, got, err := LoadVersion(tt.requested)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resolution (-want +got):\n%s", diff)
			}
			assert.Equal(t, tt.want.Spec, s.APIVersion())
			assert.Equal(t, tt.skew, got.Skew().Direction)
			assert.Equal(t, tt.want.Match != MatchNone, got.Covered())
		})
	}
	_, _, err := LoadVersion("<STRIPE_VERSION>")
	assert.ErrorContains(t, err, "not a Stripe API version")
}

func TestLoadVersionSharesSets(t *testing.T) {
	a, _, err := LoadVersion("2025-05-28.basil")
	require.NoError(t, err)
	b, _, err := LoadVersion("2025-08-27.basil")
	require.NoError(t, err)
	assert.Same(t, a, b)
}

func TestResolutionClassify(t *testing.T) {
	unknown := Finding{Violation: Violation{Kind: KindUnknownField, Path: "x"}, Severity: SeverityWarning}
	enum := Finding{Violation: Violation{Kind: KindNotInEnum, Path: "ui_mode"}, Severity: SeverityError}
	missing := Finding{Violation: Violation{Kind: KindMissingField, Path: "x"}, Severity: SeverityError}
	wrong := Finding{Violation: Violation{Kind: KindWrongType, Path: "x"}, Severity: SeverityError}
	earlier := Resolution{"2025-08-27.basil", "2025-05-28.basil", MatchEarlierSpec}
	later := Resolution{"2026-03-25.dahlia", "2026-05-27.dahlia", MatchLaterSpec}
	none := Resolution{"2020-08-27", "2022-11-15", MatchNone}
	tests := []struct {
		name  string
		r     Resolution
		in    Finding
		sev   Severity
		drift string
	}{
		{"earlier: a field added since is a note", earlier, unknown, SeverityNote, "added within basil after 2025-05-28.basil, the newest basil spec before 2025-08-27.basil"},
		{"earlier: an enum value added since is a note", earlier, enum, SeverityNote, "added within basil after 2025-05-28.basil, the newest basil spec before 2025-08-27.basil"},
		{"earlier: a missing field is an error", earlier, missing, SeverityError, ""},
		{"earlier: a wrong type is an error", earlier, wrong, SeverityError, ""},
		{"later: a missing field is a note", later, missing, SeverityNote, "may have been added within dahlia between 2026-03-25.dahlia and 2026-05-27.dahlia, the oldest dahlia spec after it"},
		{"later: an unknown field stays a warning", later, unknown, SeverityWarning, ""},
		{"none: skew classification", none, missing, SeverityNote, "added since 2020-08-27"},
		{"exact: unchanged", Resolution{"2025-05-28.basil", "2025-05-28.basil", MatchExact}, missing, SeverityError, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.r.Classify(tt.in)
			assert.Equal(t, tt.sev, got.Severity)
			assert.Equal(t, tt.drift, got.Drift)
		})
	}
}

func TestComponentShapesAtEachVersion(t *testing.T) {
	tests := []struct {
		version string
		uiModes []string // nil: no ui_mode at that version
	}{
		{"2022-11-15", nil},
		{"2025-05-28.basil", []string{"custom", "embedded", "hosted"}},
		{"2026-08-26.dahlia", []string{"elements", "embedded_page", "hosted_page"}},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			s, _, err := LoadVersion(tt.version)
			require.NoError(t, err)
			sh, err := s.Component("checkout.session")
			require.NoError(t, err)
			assert.True(t, sh.Closed)
			ui, ok := sh.Properties["ui_mode"]
			assert.Equal(t, tt.uiModes != nil, ok)
			if ok {
				assert.Equal(t, tt.uiModes, ui.EnumStrings())
			}
			resp, err := s.ResponseShape("retrieve")
			require.NoError(t, err)
			assert.Equal(t, []string{"checkout.session"}, resp.Refs)
		})
	}
}

func TestPruneResponseToVersion(t *testing.T) {
	basil, _, err := LoadVersion("2025-05-28.basil")
	require.NoError(t, err)
	dahlia, err := Load()
	require.NoError(t, err)
	dsh, err := dahlia.Component("checkout.session")
	require.NoError(t, err)
	bsh, err := basil.Component("checkout.session")
	require.NoError(t, err)
	var onlyDahlia string
	for k := range dsh.Properties {
		if _, ok := bsh.Properties[k]; !ok {
			onlyDahlia = k
			break
		}
	}
	require.NotEmpty(t, onlyDahlia, "dahlia's session has a field basil's lacks")
	body := `{"id": "cs_1", "object": "checkout.session", "metadata": {"anything": "kept"}, "` + onlyDahlia + `": null,
		"line_items": {"object": "list", "data": [{"id": "li_1", "object": "item", "not_a_field": 1}], "has_more": false, "url": "/v1/x"}}`
	v, err := DecodeJSON([]byte(body))
	require.NoError(t, err)
	require.NoError(t, basil.PruneResponse("retrieve", v))
	got, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id": "cs_1", "object": "checkout.session", "metadata": {"anything": "kept"},
		"line_items": {"object": "list", "data": [{"id": "li_1", "object": "item"}], "has_more": false, "url": "/v1/x"}}`, string(got))
}

func TestOpenDir(t *testing.T) {
	lib, err := OpenDir(".") // this package's folder: the index and every version
	require.NoError(t, err)
	assert.Equal(t, Versions(), lib.Versions())
	s, r, err := lib.Load("2025-08-27.basil")
	require.NoError(t, err)
	assert.Equal(t, "2025-05-28.basil", s.APIVersion())
	assert.Equal(t, MatchEarlierSpec, r.Match)
	vs, err := s.CheckResponse("retrieve", 200, []byte(`{"object": "checkout.session", "ui_mode": "hosted_page"}`))
	require.NoError(t, err)
	assert.Contains(t, fmt.Sprint(vs), `not_in_enum at ui_mode`, "basil's ui_mode values, read from the gzipped folder")

	one, err := OpenDir("versions/2025-05-28.basil") // a folder without an index: its own version
	require.NoError(t, err)
	require.Len(t, one.Versions(), 1)
	assert.Equal(t, "github.com/stripe/stripe-mock@v0.195.0", one.Versions()[0].Module)
	_, r, err = one.Load("2026-08-26.dahlia")
	require.NoError(t, err)
	assert.Equal(t, Resolution{"2026-08-26.dahlia", "2025-05-28.basil", MatchNone}, r)

	_, err = OpenDir(t.TempDir())
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

// The catalog's operations have shapes too (the events lookup verify
// compares at every version).
func TestCatalogShapes(t *testing.T) {
	s, err := Load()
	require.NoError(t, err)
	resp, err := s.ResponseShape("GetEvents")
	require.NoError(t, err)
	objs, err := s.Objects(resp)
	require.NoError(t, err)
	require.NotEmpty(t, objs)
	assert.Contains(t, objs[0].Properties, "data")
	req, err := s.RequestShape("GetEvents")
	require.NoError(t, err)
	assert.Contains(t, req.Properties, "type")
	_, err = s.ResponseShape("NoSuchOperation")
	assert.ErrorIs(t, err, ErrUnknownOperation)
}

func TestResolutionHeadline(t *testing.T) {
	const oldest, newest = "2022-11-15", "2026-08-26.dahlia"
	tests := []struct {
		requested, want string
	}{
		{"2020-08-27", "2 responses were rendered at Stripe API 2020-08-27, older than every version the contracts cover (2022-11-15 to 2026-08-26.dahlia), and checked against the nearest, 2022-11-15; " +
			"field findings below are what changed between the two, not separate bugs. What to do: upgrade the version your account or app pins (the newest is 2026-08-26.dahlia) and re-record it (make record RUN=x)."},
		{"2027-02-01.elm", "2 responses were rendered at Stripe API 2027-02-01.elm, newer than every version the contracts cover (2022-11-15 to 2026-08-26.dahlia), and checked against the newest; " +
			"field findings below are what changed between the two, not separate bugs. What to do: pin a stripe-mock release for 2027-02-01.elm (go get -tool), add it to the pinned sources and regenerate the contracts (make contracts); or re-record it (make record RUN=x) at 2026-08-26.dahlia."},
		{"2023-05-01", "2 responses were rendered at Stripe API 2023-05-01, which no contract covers (no spec of its own, and not a release within a major that has one), and checked against the nearest, 2022-11-15; " +
			"field findings below are what changed between the two, not separate bugs. What to do: re-record it (make record RUN=x) at a version the contracts cover (2022-11-15 to 2026-08-26.dahlia, see contracts.Versions), or pin one."},
		{"2025-08-27.basil", ""},
	}
	for _, tt := range tests {
		_, r, err := LoadVersion(tt.requested)
		require.NoError(t, err)
		assert.Equal(t, tt.want, r.Headline(2, "make record RUN=x", oldest, newest), tt.requested)
	}
}
