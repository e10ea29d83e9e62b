package checkoutvcrtest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

// TestMissingToolSaysWhatToRun runs a user's test in a module that has
// not pinned stripe-mock as a tool, with and without Main: the test fails
// with the exact line that pins it.
func TestMissingToolSaysWhatToRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/shop\n\ngo 1.26.0\n"), 0o644))
	for _, env := range []string{ownEnv + "=1", "NO_" + ownEnv + "=1"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChildServer$", "-test.count=1")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), childEnv+"=pass", env, stripemock.BinaryEnv+"=")
		out, err := cmd.CombinedOutput()
		require.Error(t, err, "%s: %s", env, out)
		assert.Contains(t, string(out), "checkoutvcrtest: start stripe-mock: stripe-mock is not a tool of this module; add it with: go get -tool github.com/stripe/stripe-mock@v0.203.0", env)
	}
}
