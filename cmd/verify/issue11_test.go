package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInterruptExits130: an interrupted verify exits 130, not 1 (the
// findings code), and says what it verified.
func TestInterruptExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // Ctrl-C before the first scenario
	var out, errOut bytes.Buffer
	err := run(ctx, []string{"-scenarios", "../../scenarios", "-cassettes", "../../cassettes"}, &out, &errOut)
	code := exitCode(err, &errOut)
	assert.Equal(t, 130, code)
	assert.Contains(t, errOut.String(), "verify: interrupted before any of 13 scenarios was verified")

	// Issue 25 case 15: cassette mode too, on a single file and a folder.
	for _, arg := range []string{"../../cassettes/lifecycle.yaml", "../../cassettes"} {
		out.Reset()
		errOut.Reset()
		err = run(ctx, []string{arg}, &out, &errOut)
		assert.Equal(t, 130, exitCode(err, &errOut), arg)
		assert.Regexp(t, `^verify: interrupted before any of \d+ cassette files? was verified\n$`, errOut.String(), arg)
	}
}

// TestUnusableContractsExit2: a -contracts folder with the committed
// contracts, update.json replaced by broken JSON, is a configuration
// error (exit 2) naming the file, not a step_failed finding (exit 1).
func TestUnusableContractsExit2(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, os.DirFS("../../contracts")))
	for _, name := range []string{"update.json", "manifest.json", "components.json", "requests.json", "create.json", "expire.json", "list.json", "list_line_items.json", "retrieve.json"} {
		require.FileExists(t, filepath.Join(dir, name))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "update.json"), []byte(`{"bad`), 0o644))
	code, _, errOut := verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", "../../cassettes", "-contracts", dir)
	assert.Equal(t, 2, code, errOut)
	assert.Contains(t, errOut, "verify: the contracts cannot be used: contracts: compile update.json")
}
