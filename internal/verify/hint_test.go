package verify

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vcassette "github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// TestRerecordHintComesFromTheCaller: the command named in a finding that
// re-recording fixes, and in the error for a broken cassette, is the
// caller's, not this repository's Makefile.
func TestRerecordHintComesFromTheCaller(t *testing.T) {
	hint := func(name string) string { return "mytool record " + name }
	only := regexp.MustCompile("^setup$")
	rep, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: t.TempDir(), Run: only, RerecordHint: hint})
	require.NoError(t, err)
	require.Len(t, rep.Scenarios[0].Findings, 1)
	f := rep.Scenarios[0].Findings[0]
	assert.Equal(t, report.KindNoCassette, f.Kind)
	assert.Contains(t, f.Message, "record it with: mytool record setup")
	assert.NotContains(t, f.Message, "make record")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "setup.yaml"), []byte("\n"), 0o644))
	_, err = Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, Run: only, RerecordHint: hint})
	require.ErrorIs(t, err, ErrConfig)
	assert.Contains(t, err.Error(), "cassette is empty; re-record it with mytool record ")
}

// TestSkippedMessagesNameTheCallersCommand (issue 25 case 1): the notes
// for a skipped expect_stateful, expect_events and pay step tell the user
// to re-record with the caller's command, never this repository's
// Makefile target, which a user of VerifyT or go tool verify does not have.
func TestSkippedMessagesNameTheCallersCommand(t *testing.T) {
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	// A pay step with expect_events after create: against the stripe-mock
	// cassette, the pay step is skipped (never sent) and so are the events
	// of the expire step.
	text := strings.Replace(string(data), "  - id: line_items\n", "  - id: pay\n    op: pay\n    session: ${create.id}\n    expect_events:\n      - type: checkout.session.completed\n\n  - id: line_items\n", 1)
	text = strings.Replace(text, "  - id: expire\n    op: expire\n    session: ${create.id}\n", "  - id: expire\n    op: expire\n    session: ${create.id}\n    expect_events:\n      - type: checkout.session.expired\n", 1)
	scenarios := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(scenarios, "lifecycle.yaml"), []byte(text), 0o644))

	hint := func(name string) string { return "mytool record " + name }
	rep, err := Run(context.Background(), Options{Scenarios: scenarios, Cassettes: "testdata/stripemock", RerecordHint: hint})
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, st := range rep.Scenarios[0].Steps {
		for _, f := range st.Findings {
			if f.Kind != report.KindSkippedStateful {
				continue
			}
			assert.NotContains(t, f.Message, "make record", st.ID)
			assert.Contains(t, f.Message, "(mytool record lifecycle)", st.ID)
			for _, what := range []string{"step skipped", "expect_stateful", "expect_events"} {
				if strings.Contains(f.Message, what) {
					seen[what] = true
				}
			}
		}
	}
	assert.Equal(t, map[string]bool{"step skipped": true, "expect_stateful": true, "expect_events": true}, seen)

	// The cassette package's own default names no repository's command.
	assert.NotContains(t, vcassette.DefaultRerecord, "make")
}
