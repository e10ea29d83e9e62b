package record

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

// fixturesWith writes a copy of stripe-mock's bundled fixtures with the
// checkout.session fixture changed by edit.
func fixturesWith(t *testing.T, edit func(session map[string]any)) string {
	t.Helper()
	dir, err := stripemock.ModuleDir(context.Background(), "")
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(dir, "embedded", "openapi", "fixtures3.json"))
	require.NoError(t, err)
	var fx map[string]map[string]map[string]any
	require.NoError(t, json.Unmarshal(data, &fx))
	edit(fx["resources"]["checkout.session"])
	data, err = json.Marshal(fx)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "fixtures.json")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

func TestDiffAgainstChangedFixtures(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	only := regexp.MustCompile("^(lifecycle|setup)$")
	_, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, BaseURL: mock.URL(t), Run: only})
	require.NoError(t, err)
	before, err := os.ReadFile(filepath.Join(dir, "lifecycle.yaml"))
	require.NoError(t, err)

	// A stripe-mock whose checkout.session lost custom_text, gained a
	// locale and has amount_total as a string: what an API change would do.
	fixtures := fixturesWith(t, func(s map[string]any) {
		delete(s, "custom_text")
		s["locale"] = "fr"
		s["payment_status"] = 7
	})
	var log bytes.Buffer
	sum, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, Run: only, Diff: true, Log: &log, Start: StartStripeMock, Mock: sharedMock(t)})
	require.NoError(t, err)
	assert.Zero(t, sum.Breaking(), "the same server: no drift\n%s", log.String())
	assert.Contains(t, log.String(), "no drift")

	log.Reset()
	sum, err = Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, Run: only, Diff: true, Log: &log,
		Start: StartStripeMock, Mock: stripemock.Options{Fixtures: fixtures}})
	require.NoError(t, err)
	text := log.String()
	assert.Contains(t, text, "BREAKING custom_text removed (was object) — 5 interactions in 2 scenarios: lifecycle #0 #2 #3 #4, setup #0")
	assert.Contains(t, text, "BREAKING payment_status type string → integer")
	assert.Contains(t, text, "change   locale no longer null (now string)")
	assert.Contains(t, text, `change   locale value "fr" newly seen`)
	assert.NotContains(t, text, "custom_text.submit", "children of a removed field are not listed")
	assert.Equal(t, 10, sum.Breaking(), "two breaking changes in each of the 5 session responses")

	after, err := os.ReadFile(filepath.Join(dir, "lifecycle.yaml"))
	require.NoError(t, err)
	assert.Equal(t, before, after, "-diff writes nothing")
}
