package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// -stripe-version and -upgrade-to: documented, checked, and in the JSON
// report as upgrade_change notes that do not fail the run.
func TestVersionFlags(t *testing.T) {
	code, _, errOut := verifyArgs(t, "-h")
	assert.Equal(t, 0, code)
	assert.Contains(t, errOut, "-stripe-version version")
	assert.Contains(t, errOut, "-upgrade-to version")

	for _, args := range [][]string{
		{"-stripe-version", "basil"},
		{"-upgrade-to", "2020-08-27"},
	} {
		code, out, errOut := verifyArgs(t, append([]string{"-scenarios", "../../scenarios", "-cassettes", "../../cassettes"}, args...)...)
		assert.Equal(t, 2, code, args)
		assert.Empty(t, out)
		assert.Contains(t, errOut, args[1], args)
	}

	code, out, errOut := verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", "../../cassettes", "-run", "^lifecycle$",
		"-upgrade-to", "2025-08-27.basil", "-format", "json")
	require.Equal(t, 0, code, errOut)
	var js report.JSONReport
	require.NoError(t, json.Unmarshal([]byte(out), &js))
	var msgs []string
	for _, f := range js.Scenarios[0].Findings {
		if f.Kind == report.KindUpgradeChange {
			assert.Equal(t, "note", f.Severity)
			msgs = append(msgs, f.Path+": "+f.Message)
		}
	}
	assert.Contains(t, msgs, `ui_mode: create ui_mode: "hosted_page" is not a value at 2025-08-27.basil (its values: custom, embedded, hosted), likely renamed to "hosted" (changed between 2026-05-27.dahlia and 2025-11-17.clover)`)
	assert.Equal(t, len(msgs), js.Summary.Notes)

	// The committed (dahlia) suite declared at basil: one version_skew
	// per scenario.
	code, out, _ = verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", "../../cassettes", "-run", "^lifecycle$",
		"-stripe-version", "2025-08-27.basil")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "error [version_skew] 5 responses were rendered at Stripe API 2026-08-26.dahlia, newer than 2025-08-27.basil, the version you declare you pin (-stripe-version)")
}
