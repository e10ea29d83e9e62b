package record

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/drift"
)

// TestDryRunIgnoresWhatChangesEveryRun records lifecycle, then dry-runs
// against the same stripe-mock: it invents new session ids each time, so
// the cassette would change only there. An edited field, and an
// unreadable cassette, are told apart from that.
func TestDryRunIgnoresWhatChangesEveryRun(t *testing.T) {
	only := regexp.MustCompile("^(lifecycle|invalid_param)$")
	dir := t.TempDir()
	_, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: mock.URL(t), Run: only})
	require.NoError(t, err)
	dryRun := func() string {
		var log bytes.Buffer
		_, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: mock.URL(t), Run: only, DryRun: true, Log: &log})
		require.NoError(t, err)
		return log.String()
	}

	out := dryRun()
	assert.Contains(t, out, "  lifecycle                would change only ids and timestamps\n")
	assert.Regexp(t, `invalid_param +would (not change|change only ids and timestamps)\n`, out, "a 400 is compared too")

	path := filepath.Join(dir, "lifecycle.yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	edited := strings.ReplaceAll(string(data), `"mode":"payment"`, `"mode":"setup"`)
	require.NotEqual(t, string(data), edited)
	require.NoError(t, os.WriteFile(path, []byte(edited), 0o644))
	assert.Contains(t, dryRun(), "  lifecycle                would change: 1 change (see -diff): mode value \"payment\" newly seen (#0 #2 #3 #4)\n")

	require.NoError(t, os.WriteFile(path, []byte("<<<<<<< HEAD\n"), 0o644))
	out = dryRun()
	assert.Regexp(t, `lifecycle +would replace an unreadable cassette: .+`, out, "says why it is unreadable")
}

func TestChangeOfIdenticalCassettes(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	for _, name := range []string{"a.yaml", "b.yaml"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	assert.Equal(t, "would not change", change("a", filepath.Join(dir, "a"), filepath.Join(dir, "b")))
	assert.Equal(t, "would be created", change("a", filepath.Join(dir, "a"), filepath.Join(dir, "missing")))
}

func TestStable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/v1/checkout/sessions/cs_test_RlfhHjXMnJX57Yd/expire", "/v1/checkout/sessions/<id>/expire"},
		{"li_1Pgc73B7WZ01zgkWx8kcmZPK", "<id>"},
		{"validator 0x7d1c8192180 failed", "validator <id> failed"},
		{"consent_collection[terms_of_service]=required", "consent_collection[terms_of_service]=required"},
		{"after_expiration[recovery][enabled]=true", "after_expiration[recovery][enabled]=true"},
		{"mode=subscription&redirect_on_completion=never", "mode=subscription&redirect_on_completion=never"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, drift.Stable(tt.in), tt.in)
	}
}
