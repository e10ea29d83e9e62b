package verify

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestParallelEqualsSerial verifies copies of the committed lifecycle
// scenario (one of them with a changed request, so there are findings)
// serially and in parallel, and expects the same report.
func TestParallelEqualsSerial(t *testing.T) {
	scen, cass := t.TempDir(), t.TempDir()
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	tape, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	for i, name := range []string{"a", "b", "c", "d", "e", "f"} {
		text := strings.Replace(string(data), "name: lifecycle", "name: "+name, 1)
		if i%3 == 0 {
			text = strings.Replace(text, "quantity: 2", "quantity: 5", 1)
		}
		require.NoError(t, os.WriteFile(filepath.Join(scen, name+".yaml"), []byte(text), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(cass, name+".yaml"), tape, 0o644))
	}
	serial, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cass, Parallel: 1})
	require.NoError(t, err)
	parallel, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cass, Parallel: 4})
	require.NoError(t, err)
	require.Equal(t, 6, len(serial.Scenarios))
	require.Positive(t, serial.Count().Errors, "the changed scenarios must have findings")
	if diff := cmp.Diff(serial, parallel); diff != "" {
		t.Errorf("parallel report differs from serial (-serial +parallel):\n%s", diff)
	}
}
