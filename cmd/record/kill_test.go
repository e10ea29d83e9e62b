package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
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

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
)

// built is the record binary, built once for the tests that run it
// (linking it costs CPU-seconds); TestMain removes its folder.
var built struct {
	once     sync.Once
	dir, bin string
	out      []byte
	err      error
}

// buildRecord builds this command into a temp folder, the first time it
// is called, and returns the binary's path.
func buildRecord(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "record-test-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "record")
		built.out, built.err = exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput()
	})
	require.NoError(t, built.err, "go build: %s", built.out)
	return built.bin
}

// slowProxy forwards to stripe-mock, each answer delayed, so that a record
// run takes long enough to be stopped half-way.
func slowProxy(t *testing.T, delay time.Duration) string {
	t.Helper()
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	forward := httputil.NewSingleHostReverseProxy(target)
	forward.ErrorLog = log.New(io.Discard, "", 0) // a killed client is expected here
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// committedCopy copies the committed cassettes into a temp folder and
// returns it with the bytes of each file.
func committedCopy(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	files, err := filepath.Glob("../../cassettes/*.yaml")
	require.NoError(t, err)
	dir := t.TempDir()
	old := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		old[filepath.Base(f)] = data
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644))
	}
	return dir, old
}

// startRecord runs the built record against base into dir and returns
// once the first cassette has been replaced.
func startRecord(t *testing.T, bin, base, dir string, old map[string][]byte) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, "-scenarios", "../../scenarios", "-cassettes", dir, "-parallel", "2")
	cmd.Env = append(os.Environ(), "STRIPE_API_BASE="+base, "STRIPE_SECRET_KEY=")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for name, data := range old {
			if now, err := os.ReadFile(filepath.Join(dir, name)); err == nil && !bytes.Equal(now, data) {
				return cmd, &out, &errOut
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no cassette was replaced in 20s; stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
	return nil, nil, nil
}

// checkEachCassetteOldOrComplete checks every cassette in dir: byte for
// byte the old one, or a complete new one that loads. Then verify runs.
func checkEachCassetteOldOrComplete(t *testing.T, dir string, old map[string][]byte) (replaced int) {
	t.Helper()
	for name, data := range old {
		path := filepath.Join(dir, name)
		now, err := os.ReadFile(path)
		require.NoError(t, err, "a cassette disappeared")
		if bytes.Equal(now, data) {
			continue
		}
		replaced++
		assert.NoError(t, cassette.Check(path), "a replaced cassette must be complete")
	}
	rep, err := verify.Run(context.Background(), verify.Options{Scenarios: "../../scenarios", Cassettes: dir})
	require.NoError(t, err, "verify still runs")
	assert.Zero(t, rep.Count().Errors, "every cassette, old or new, verifies")
	return replaced
}

// TestKilledRecordLeavesOldOrCompleteCassettes kills record with SIGKILL
// after the first cassette was replaced, while others are in flight.
// Leftover hidden temp files (.<name>.yaml.tmp-*) are possible after a
// SIGKILL; verify ignores them and a later record run removes them once
// they are an hour old.
func TestKilledRecordLeavesOldOrCompleteCassettes(t *testing.T) {
	bin := buildRecord(t)
	dir, old := committedCopy(t)
	cmd, out, errOut := startRecord(t, bin, slowProxy(t, 30*time.Millisecond), dir, old)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	err := cmd.Wait()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "killed: %v", err)
	replaced := checkEachCassetteOldOrComplete(t, dir, old)
	assert.Less(t, replaced, len(old), "killed half-way; stdout:\n%s\nstderr:\n%s", out, errOut)
}

// TestInterruptedRecordFinishesRunningScenarios sends SIGINT half-way:
// running scenarios finish and are saved, no new one starts, and record
// says which scenarios it did not re-record.
func TestInterruptedRecordFinishesRunningScenarios(t *testing.T) {
	bin := buildRecord(t)
	dir, old := committedCopy(t)
	cmd, out, errOut := startRecord(t, bin, slowProxy(t, 30*time.Millisecond), dir, old)
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	err := cmd.Wait()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "stdout:\n%s", out)
	assert.Equal(t, 130, exit.ExitCode(), "interrupted, as verify says it")
	assert.Contains(t, errOut.String(), "record: interrupted; finishing the scenarios in progress")
	assert.Regexp(t, `(?m)^record: interrupted: recorded \d+ of \d+ scenarios; not re-recorded: .* \(their cassettes are unchanged\)$`, errOut.String())
	assert.Contains(t, out.String(), "interrupted: not re-recorded: ")
	assert.Contains(t, out.String(), "(their cassettes are unchanged)")
	assert.NotContains(t, out.String(), "✗", "no scenario fails: each one started finishes")
	replaced := checkEachCassetteOldOrComplete(t, dir, old)
	assert.Equal(t, strings.Count(out.String(), "✓"), replaced, "each scenario reported recorded was saved")
	temps, err := filepath.Glob(filepath.Join(dir, ".*"))
	require.NoError(t, err)
	assert.Empty(t, temps, "a clean interrupt leaves no temp file")
}

// TestInterruptedAtStartUp sends SIGINT while record starts stripe-mock:
// exit 130 with one line saying nothing was recorded, not a
// "context canceled" error.
func TestInterruptedAtStartUp(t *testing.T) {
	bin := buildRecord(t)
	dir, old := committedCopy(t)
	cmd := exec.Command(bin, "-scenarios", "../../scenarios", "-cassettes", dir)
	cmd.Env = append(os.Environ(), "STRIPE_API_BASE=", "STRIPE_SECRET_KEY=")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	require.Contains(t, line, "starting stripe-mock")
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	go io.Copy(io.Discard, out)
	err = cmd.Wait()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "stderr:\n%s", errOut.String())
	assert.Equal(t, 130, exit.ExitCode(), "stderr:\n%s", errOut.String())
	assert.Contains(t, errOut.String(), "record: interrupted before any scenario was recorded; the cassettes are unchanged\n")
	assert.NotContains(t, errOut.String(), "context canceled")
	for name, data := range old {
		now, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, data, now, name)
	}
}

// TestMissingStripeMockToolIsASetupError: run from a module without the
// stripe-mock tool line, record exits 2 with the go get -tool line.
func TestMissingStripeMockToolIsASetupError(t *testing.T) {
	bin := buildRecord(t)
	scenarios, err := filepath.Abs("../../scenarios")
	require.NoError(t, err)
	mod := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/shop\n\ngo 1.26.0\n"), 0o644))
	cmd := exec.Command(bin, "-scenarios", scenarios, "-cassettes", filepath.Join(mod, "cassettes"))
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "STRIPE_API_BASE=", "STRIPE_SECRET_KEY=", stripemock.BinaryEnv+"=")
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	err = cmd.Run()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "stderr:\n%s", errOut.String())
	assert.Equal(t, 2, exit.ExitCode(), "stderr:\n%s", errOut.String())
	assert.Regexp(t, `^record: stripe-mock is not a tool of this module; add it with: go get -tool github.com/stripe/stripe-mock@\S+\n$`, errOut.String())
}

// TestBadStripeMockEnvIsASetupError: a CHECKOUTVCR_STRIPE_MOCK that is a
// relative path, or names no program, is a setup error like a missing
// tool line: exit 2, one line naming the variable.
func TestBadStripeMockEnvIsASetupError(t *testing.T) {
	bin := buildRecord(t)
	dir := t.TempDir()
	for _, tt := range []struct{ value, msg string }{
		{"bin/stripe-mock", "record: stripe-mock: " + stripemock.BinaryEnv + "=bin/stripe-mock: give an absolute path, or a command name to look up in PATH\n"},
		{"/nonexistent/stripe-mock", "record: stripe-mock: exec: \"/nonexistent/stripe-mock\": stat /nonexistent/stripe-mock: no such file or directory (" + stripemock.BinaryEnv + " names it)\n"},
	} {
		cmd := exec.Command(bin, "-scenarios", "../../scenarios", "-cassettes", dir)
		cmd.Env = append(os.Environ(), "STRIPE_API_BASE=", "STRIPE_SECRET_KEY=", stripemock.BinaryEnv+"="+tt.value)
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		err := cmd.Run()
		var exit *exec.ExitError
		require.True(t, errors.As(err, &exit), "stderr:\n%s", errOut.String())
		assert.Equal(t, 2, exit.ExitCode(), "stderr:\n%s", errOut.String())
		assert.Equal(t, tt.msg, errOut.String())
	}
}
