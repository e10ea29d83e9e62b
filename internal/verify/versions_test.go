package verify

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// basilFixture is a body of Stripe's basil spec: the fixture stripe-mock
// v0.195.0 (2025-05-28.basil) serves for name ("checkout.session",
// "item"), copied from its embedded/openapi/fixtures3.json; the item's
// price.recurring.trial_period_days, which that fixture has and basil's
// own spec does not (the fixtures lag the spec), was left out.
func basilFixture(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "versions", name+".2025-05-28.basil.json"))
	require.NoError(t, err)
	var v map[string]any
	require.NoError(t, json.Unmarshal(data, &v))
	return v
}

// basilCassette writes a go-vcr cassette of a stripe-go-like client
// pinned to version: create, retrieve and list_line_items against
// api.stripe.com, each answered with a Stripe-Version header of version
// and the basil fixtures (the session after edit, if not nil). It
// returns its path.
func basilCassette(t *testing.T, version string, edit func(session map[string]any)) string {
	t.Helper()
	session := basilFixture(t, "checkout.session")
	if edit != nil {
		edit(session)
	}
	id := session["id"].(string)
	items := map[string]any{"object": "list", "data": []any{basilFixture(t, "item")}, "has_more": false,
		"url": "/v1/checkout/sessions/" + id + "/line_items"}
	path := filepath.Join(t.TempDir(), "basil.yaml")
	c := cassette.New(strings.TrimSuffix(path, ".yaml"))
	add := func(method, url, form string, body any) {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		req := cassette.Request{Method: method, URL: url, Body: form,
			Headers: http.Header{"Stripe-Version": {version}, "Content-Type": {"application/x-www-form-urlencoded"}}}
		if form != "" {
			req.Form = map[string][]string{}
			for _, kv := range strings.Split(form, "&") {
				k, v, _ := strings.Cut(kv, "=")
				req.Form[k] = append(req.Form[k], v)
			}
		}
		c.AddInteraction(&cassette.Interaction{Request: req, Response: cassette.Response{
			Code: 200, Status: "200 OK", Body: string(b), Duration: time.Millisecond,
			Headers: http.Header{"Stripe-Version": {version}, "Content-Type": {"application/json"}}}})
	}
	add("POST", "https://api.stripe.com/v1/checkout/sessions",
		"line_items[0][price]=price_1&line_items[0][quantity]=1&mode=payment&success_url=https://example.com/success&ui_mode=hosted", session)
	add("GET", "https://api.stripe.com/v1/checkout/sessions/"+id, "", session)
	add("GET", "https://api.stripe.com/v1/checkout/sessions/"+id+"/line_items", "", items)
	require.NoError(t, c.Save())
	return path
}

// kinds counts a report's findings by kind and severity ("error
// missing_field").
func kinds(rep *report.Report) map[string]int {
	out := map[string]int{}
	for _, sc := range rep.Scenarios {
		for _, f := range sc.Findings {
			out[f.Severity.String()+" "+f.Kind]++
		}
		for _, st := range sc.Steps {
			for _, f := range st.Findings {
				out[f.Severity.String()+" "+f.Kind]++
			}
		}
	}
	return out
}

// allFindings lists every finding of rep's steps.
func allFindings(rep *report.Report) []report.Finding {
	var out []report.Finding
	for _, sc := range rep.Scenarios {
		out = append(out, sc.Findings...)
		for _, st := range sc.Steps {
			out = append(out, st.Findings...)
		}
	}
	return out
}

func TestBasilCassettePassesAtItsVersion(t *testing.T) {
	for _, version := range []string{"2025-05-28.basil", "2025-08-27.basil"} {
		t.Run(version, func(t *testing.T) {
			rep, err := Cassettes(context.Background(), []string{basilCassette(t, version, nil)}, CassetteOptions{})
			require.NoError(t, err)
			assert.Empty(t, kinds(rep), "a basil cassette at basil: no finding at all")
			assert.Equal(t, version, rep.Scenarios[0].StripeVersion)
			assert.False(t, rep.Failed(true))
		})
	}
}

// The same bodies against the newest contracts alone (what verify did
// before versions) fail: hosted is not a dahlia ui_mode, and fields
// dahlia always sends are absent. Declaring a target makes it one skew.
func TestBasilCassetteAgainstATarget(t *testing.T) {
	path := basilCassette(t, "2025-08-27.basil", nil)
	rep, err := Cassettes(context.Background(), []string{path}, CassetteOptions{StripeVersion: "2026-08-26.dahlia"})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"error version_skew": 1}, kinds(rep))
	head := rep.Scenarios[0].Findings[0]
	assert.Equal(t, "older", head.Drift)
	assert.Equal(t, "3 responses were rendered at Stripe API 2025-08-27.basil, older than 2026-08-26.dahlia, the version you declare you pin (-stripe-version); "+
		"it was checked against 2025-08-27.basil's own contracts. What to do: re-record it at 2026-08-26.dahlia; or, if you pin 2025-08-27.basil, declare that; "+
		"see what moving between the two changes with -upgrade-to 2026-08-26.dahlia.", head.Message)

	rep, err = Cassettes(context.Background(), []string{path}, CassetteOptions{StripeVersion: "2025-08-27.basil"})
	require.NoError(t, err)
	assert.Empty(t, kinds(rep), "the declared version")

	_, err = Cassettes(context.Background(), []string{path}, CassetteOptions{StripeVersion: "basil"})
	require.ErrorIs(t, err, ErrConfig)
	assert.ErrorContains(t, err, `target Stripe API version "basil": want a version such as 2025-08-27.basil`)
	// A version Stripe never released is refused too, not a version_skew
	// on every recording.
	_, err = Cassettes(context.Background(), []string{path}, CassetteOptions{StripeVersion: "2025-08-27.dahlia"})
	require.ErrorIs(t, err, ErrConfig)
	assert.ErrorContains(t, err, "target Stripe API version 2025-08-27.dahlia: 2025-08-27 falls in basil's releases, not dahlia's")
}

func TestBasilResponseLackingAFieldBasilAlwaysSendsFails(t *testing.T) {
	path := basilCassette(t, "2025-08-27.basil", func(s map[string]any) { delete(s, "ui_mode") })
	rep, err := Cassettes(context.Background(), []string{path}, CassetteOptions{})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"error missing_field": 2}, kinds(rep), "create and retrieve")
	for _, f := range allFindings(rep) {
		assert.Equal(t, "ui_mode", f.Path)
		assert.Empty(t, f.Drift)
	}
}

// A field added within basil after 2025-05-28.basil, the newest basil
// spec, in a 2025-08-27.basil response: a note, never an error; and the
// same field at 2025-05-28.basil itself is the usual warning.
func TestFieldAddedWithinTheMajorIsANote(t *testing.T) {
	add := func(s map[string]any) { s["added_in_august"] = map[string]any{"enabled": true} }
	rep, err := Cassettes(context.Background(), []string{basilCassette(t, "2025-08-27.basil", add)}, CassetteOptions{})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"note unknown_field": 2}, kinds(rep))
	for _, f := range allFindings(rep) {
		assert.Equal(t, "added within basil after 2025-05-28.basil, the newest basil spec before 2025-08-27.basil", f.Drift)
	}
	assert.False(t, rep.Failed(true), "not even -strict fails")

	rep, err = Cassettes(context.Background(), []string{basilCassette(t, "2025-05-28.basil", add)}, CassetteOptions{})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"warning unknown_field": 2}, kinds(rep))
}

// An enum value basil's spec lacks at 2025-08-27.basil is a note when a
// later Stripe release has it (Stripe may have added it within basil:
// here dahlia's ui_mode hosted_page), and stays an error when no release
// has it (status "pending").
func TestEnumValueWithinTheMajor(t *testing.T) {
	later := func(s map[string]any) { s["ui_mode"] = "hosted_page" }
	rep, err := Cassettes(context.Background(), []string{basilCassette(t, "2025-08-27.basil", later)}, CassetteOptions{})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"note not_in_enum": 2}, kinds(rep))
	assert.False(t, rep.Failed(false))

	never := func(s map[string]any) { s["status"] = "pending" }
	rep, err = Cassettes(context.Background(), []string{basilCassette(t, "2025-08-27.basil", never)}, CassetteOptions{})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"error not_in_enum": 2}, kinds(rep))
	for _, f := range allFindings(rep) {
		assert.Equal(t, "in no Stripe API version up to 2026-08-26.dahlia", f.Drift)
	}
	assert.True(t, rep.Failed(false))
}

// A cassette at 2020-08-27, older than every spec: one version_skew
// error, checked against the nearest contracts (2022-11-15), its field
// findings notes and warnings.
func TestVersionOlderThanEverySpecIsOneSkew(t *testing.T) {
	rep, err := Cassettes(context.Background(), []string{basilCassette(t, "2020-08-27", nil)}, CassetteOptions{})
	require.NoError(t, err)
	k := kinds(rep)
	assert.Equal(t, 1, k["error version_skew"])
	assert.Equal(t, 1, rep.Count().Errors, "fails once: %v", k)
	head := rep.Scenarios[0].Findings[0]
	assert.Contains(t, head.Message, "3 responses were rendered at Stripe API 2020-08-27, older than every version the contracts cover (2022-11-15 to 2026-08-26.dahlia), and checked against the nearest, 2022-11-15")
}

// The client is generated at the newest version; an older body still
// decodes (its enum types are strings, extra and missing fields are
// fine), so verify's typed decode does not fail basil recordings.
func TestClientDecodesABasilSession(t *testing.T) {
	data, err := json.Marshal(basilFixture(t, "checkout.session"))
	require.NoError(t, err)
	var s client.Session
	require.NoError(t, json.Unmarshal(data, &s))
	require.NotNil(t, s.UIMode)
	assert.Equal(t, client.SessionUIMode("hosted"), *s.UIMode)
}

// upgradeNotes are the upgrade_change notes of rep's recordings, by
// path, with their messages.
func upgradeNotes(rep *report.Report) map[string]string {
	out := map[string]string{}
	for _, f := range allFindings(rep) {
		if f.Kind == report.KindUpgradeChange {
			if f.Severity != report.Note {
				out["severity of "+f.Path] = f.Severity.String()
			}
			if _, dup := out[f.Path]; !dup {
				out[f.Path] = f.Message
			}
		}
	}
	return out
}

// -upgrade-to on a basil cassette names ui_mode's hosted → hosted_page
// among what changes, once per cassette though create and retrieve both
// carry it, and never fails.
func TestUpgradeReportOnABasilCassette(t *testing.T) {
	path := basilCassette(t, "2025-08-27.basil", nil)
	rep, err := Cassettes(context.Background(), []string{path}, CassetteOptions{UpgradeTo: "2026-08-26.dahlia"})
	require.NoError(t, err)
	notes := upgradeNotes(rep)
	assert.Equal(t, `create ui_mode: "hosted" is not a value at 2026-08-26.dahlia (its values: elements, embedded_page, hosted_page), likely renamed to "hosted_page" (changed between 2025-11-17.clover and 2026-05-27.dahlia)`, notes["ui_mode"])
	assert.Equal(t, `create request ui_mode: ui_mode="hosted" is not accepted at 2026-08-26.dahlia (its values: elements, embedded_page, hosted_page), likely renamed to "hosted_page" (changed between 2025-11-17.clover and 2026-05-27.dahlia)`, notes["request ui_mode"])
	assert.Contains(t, notes, "integration_identifier", "a field dahlia always sends")
	n := 0
	for _, f := range rep.Scenarios[0].Findings {
		if f.Path == "ui_mode" && f.Kind == report.KindUpgradeChange && strings.Contains(f.Message, "is not a value") {
			n++
		}
	}
	assert.Equal(t, 1, n, "one note per change per cassette")
	assert.False(t, rep.Failed(true))

	_, err = Cassettes(context.Background(), []string{path}, CassetteOptions{UpgradeTo: "2020-08-27"})
	require.ErrorIs(t, err, ErrConfig)
	assert.ErrorContains(t, err, "-upgrade-to 2020-08-27: no contracts cover 2020-08-27")
}

// In scenario mode too: the committed lifecycle suite (dahlia) moved to
// basil loses ui_mode's hosted_page.
func TestUpgradeReportInScenarioMode(t *testing.T) {
	rep, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: "../../cassettes",
		Run: regexp.MustCompile("^lifecycle$"), UpgradeTo: "2025-08-27.basil"})
	require.NoError(t, err)
	notes := upgradeNotes(rep)
	assert.Contains(t, notes["ui_mode"], `"hosted_page" is not a value at 2025-08-27.basil (its values: custom, embedded, hosted)`)
	assert.Equal(t, 0, rep.Count().Errors)
}
