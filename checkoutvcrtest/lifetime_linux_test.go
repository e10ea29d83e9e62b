package checkoutvcrtest_test

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/checkoutvcrtest"
)

// childEnv makes TestChildServer act as a user's test; its value says how
// that test ends.
const childEnv = "CHECKOUTVCRTEST_CHILD"

// markEnv tags every process a child test starts: stripe-mock inherits
// the environment, so /proc/*/environ finds exactly those processes.
const markEnv = "CHECKOUTVCRTEST_MARK"

// TestChildServer is a user's test when childEnv is set: it starts a
// server, says so on stdout, then ends as childEnv says.
func TestChildServer(t *testing.T) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		return
	}
	srv := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{})
	fmt.Println("ready", srv.URL)
	if mode != "hang" {
		// The parent closes stdin once it has seen stripe-mock running:
		// ending before that would race its look.
		_, _ = io.Copy(io.Discard, os.Stdin)
	}
	switch mode {
	case "fail":
		t.Fatal("the test fails")
	case "panic":
		panic("the test panics")
	case "hang":
		select {} // until killed
	}
}

// TestNoProcessOutlivesTheTest runs a user's test in a test binary of
// its own and ends it in each way a test ends: it passes, fails, panics,
// is interrupted (SIGINT, as Ctrl-C) or killed (SIGKILL, as a timeout's
// second stage or kill -9). Each time, the stripe-mock it started is gone
// afterwards.
func TestNoProcessOutlivesTheTest(t *testing.T) {
	for _, tt := range []struct {
		mode string
		sig  syscall.Signal // sent once the server is up; 0: none
	}{
		{"pass", 0},
		{"fail", 0},
		{"panic", 0},
		{"hang", syscall.SIGINT},
		{"hang", syscall.SIGKILL},
	} {
		name := tt.mode
		if tt.sig != 0 {
			name = tt.sig.String()
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			mark := randomMark(t)
			cmd := exec.Command(os.Args[0], "-test.run=^TestChildServer$", "-test.count=1")
			cmd.Env = append(os.Environ(), childEnv+"="+tt.mode, markEnv+"="+mark)
			out, err := cmd.StdoutPipe()
			require.NoError(t, err)
			stdin, err := cmd.StdinPipe()
			require.NoError(t, err)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Start())
			t.Cleanup(func() { _ = cmd.Process.Kill() })
			sc := bufio.NewScanner(out)
			ready := false
			for !ready && sc.Scan() {
				ready = strings.HasPrefix(sc.Text(), "ready ")
			}
			if !ready {
				_ = cmd.Wait() // then its stderr is complete
				t.Fatalf("the child test started no server: %s", stderr.String())
			}
			child := cmd.Process.Pid
			require.NotEmpty(t, slices.DeleteFunc(marked(mark), func(pid int) bool { return pid == child }),
				"stripe-mock runs, tagged, while the test runs")
			if tt.sig != 0 {
				require.NoError(t, cmd.Process.Signal(tt.sig))
			} else {
				require.NoError(t, stdin.Close(), "the child test ends as its mode says")
			}
			for sc.Scan() {
			}
			err = cmd.Wait()
			if tt.mode == "pass" {
				assert.NoError(t, err, "%s", stderr.String())
			} else {
				assert.Error(t, err, "the child test did not pass")
			}
			deadline := time.Now().Add(5 * time.Second)
			for len(marked(mark)) > 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			left := marked(mark)
			for _, pid := range left {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
			assert.Empty(t, left, "processes the test started are still running 5s after it ended")
		})
	}
}

func randomMark(t *testing.T) string {
	b := make([]byte, 8)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}

// marked returns the live processes whose environment holds markEnv=mark.
func marked(mark string) []int {
	want := []byte(markEnv + "=" + mark + "\x00")
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var pids []int
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(d + "/environ")
		if err != nil || !bytes.Contains(env, want) {
			continue
		}
		if stat, err := os.ReadFile(d + "/stat"); err == nil {
			if i := bytes.LastIndexByte(stat, ')'); i > 0 && len(stat) > i+2 && stat[i+2] == 'Z' {
				continue // a zombie is dead, waiting to be reaped
			}
		}
		pids = append(pids, pid)
	}
	return pids
}
