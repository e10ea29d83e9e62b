package verify

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
