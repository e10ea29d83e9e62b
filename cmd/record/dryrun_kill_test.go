//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startDryRun runs the built record -dry-run against base with TMPDIR
// tmp, and returns once its temp folder holds a recorded cassette.
func startDryRun(t *testing.T, bin, base, tmp string, args ...string) (*exec.Cmd, *lockedBuffer) {
	t.Helper()
	cassettes, _ := committedCopy(t)
	cmd := exec.Command(bin, append([]string{"-dry-run", "-scenarios", "../../scenarios", "-cassettes", cassettes}, args...)...)
	cmd.Env = append(os.Environ(), "STRIPE_API_BASE="+base, "STRIPE_SECRET_KEY=", "TMPDIR="+tmp)
	errOut := &lockedBuffer{}
	cmd.Stderr = errOut
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if got, _ := filepath.Glob(filepath.Join(tmp, "checkoutvcr-dry-run-*", "*.yaml")); len(got) > 0 {
			return cmd, errOut
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the dry run recorded nothing in 20s; stderr:\n%s", errOut.String())
	return nil, nil
}

// lockedBuffer is a bytes.Buffer a child process writes to while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func dryRunFolders(t *testing.T, tmp string) []string {
	t.Helper()
	got, err := filepath.Glob(filepath.Join(tmp, "checkoutvcr-dry-run-*"))
	require.NoError(t, err)
	return got
}

// TestKilledDryRunFolderCleaned (issue 25 case 19): a dry run killed with
// SIGKILL leaves its temp folder (nothing can run then), and the next run
// removes it, saying so; a dry run killed by a second Ctrl-C removes its
// own folder before it exits 130.
func TestKilledDryRunFolderCleaned(t *testing.T) {
	bin := buildRecord(t)
	base := slowProxy(t, 30*time.Millisecond)

	tmp := t.TempDir()
	cmd, _ := startDryRun(t, bin, base, tmp, "-parallel", "2")
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
	left := dryRunFolders(t, tmp)
	require.Len(t, left, 1, "SIGKILL leaves the folder")

	next := exec.Command(bin, "-dry-run", "-scenarios", "../../scenarios", "-cassettes", "../../cassettes", "-run", "^setup$")
	next.Env = append(os.Environ(), "STRIPE_API_BASE="+base, "STRIPE_SECRET_KEY=", "TMPDIR="+tmp)
	out, err := next.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "removed 1 temp folder left in "+tmp+" by an earlier, killed dry run: "+filepath.Base(left[0]))
	assert.Empty(t, dryRunFolders(t, tmp), "the next run removed it, and its own")

	tmp = t.TempDir()
	cmd, errOut := startDryRun(t, bin, base, tmp)
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(errOut.String(), "Ctrl-C again to kill") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	err = cmd.Wait()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "stderr:\n%s", errOut)
	assert.Equal(t, 130, exit.ExitCode())
	assert.Empty(t, dryRunFolders(t, tmp), "a killed dry run removes its folder; stderr:\n%s", errOut)
}
