package verify

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
)

// TestSuiteErrorsAsIndex: Run parses each scenario file once, in its
// workers, and checks the suite afterwards; the error it gives is the one
// scenario.Select gives for the same folder (a broken file, a duplicate
// name, no match), ahead of a missing cassettes folder, and none of it is
// a report.
func TestSuiteErrorsAsIndex(t *testing.T) {
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	write := func(dir, file, name string) {
		text := strings.Replace(string(data), "name: lifecycle", "name: "+name, 1)
		require.NoError(t, os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644))
	}
	cass := t.TempDir()
	tape, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(cass, "a.yaml"), tape, 0o644))

	broken := t.TempDir()
	write(broken, "a.yaml", "a")
	write(broken, "b.yaml", "a") // duplicate name
	require.NoError(t, os.WriteFile(filepath.Join(broken, "c.yaml"), []byte("name: c\nsteps: [\n"), 0o644))
	good := t.TempDir()
	write(good, "a.yaml", "a")
	empty := t.TempDir()

	for _, tc := range []struct {
		name      string
		scenarios string
		cassettes string
		run       *regexp.Regexp
	}{
		{"broken and duplicate", broken, cass, nil},
		{"broken, no cassettes folder", broken, filepath.Join(cass, "missing"), nil},
		{"no match", good, cass, regexp.MustCompile("^zzz$")},
		{"no files", empty, cass, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, want := scenario.Select(tc.scenarios, tc.run)
			require.Error(t, want)
			rep, err := Run(context.Background(), Options{Scenarios: tc.scenarios, Cassettes: tc.cassettes, Run: tc.run, Parallel: 3})
			require.Error(t, err)
			assert.Nil(t, rep)
			assert.True(t, errors.Is(err, ErrConfig))
			assert.Equal(t, want.Error(), err.Error())
		})
	}
	t.Run("selected, in name order", func(t *testing.T) {
		dir := t.TempDir()
		for _, n := range []string{"d", "a", "c", "b"} {
			write(dir, n+".yaml", n)
			require.NoError(t, os.WriteFile(filepath.Join(cass, n+".yaml"), tape, 0o644))
		}
		rep, err := Run(context.Background(), Options{Scenarios: dir, Cassettes: cass, Run: regexp.MustCompile("^[abd]$"), Parallel: 3})
		require.NoError(t, err)
		var names []string
		for _, sc := range rep.Scenarios {
			names = append(names, sc.Name)
			assert.Positive(t, sc.Interactions)
		}
		assert.Equal(t, []string{"a", "b", "d"}, names)
	})
}
