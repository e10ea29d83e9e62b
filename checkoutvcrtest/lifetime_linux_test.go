package checkoutvcrtest_test

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/checkoutvcrtest"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

// childEnv makes TestChildServer act as a user's test; its value says how
// that test ends.
const childEnv = "CHECKOUTVCRTEST_CHILD"

// markEnv tags every process a child test starts: stripe-mock inherits
// the environment, so /proc/*/environ finds exactly those processes.
const markEnv = "CHECKOUTVCRTEST_MARK"

// standInEnv, set beside stripemock.BinaryEnv naming this test binary,
// makes the binary a stand-in for stripe-mock when it is started as one
// (see standIn).
const standInEnv = "CHECKOUTVCRTEST_STANDIN"

// A test binary started with stripe-mock's flags under standInEnv is
// standIn, before the testing package reads its flags.
func init() {
	if os.Getenv(standInEnv) == "1" && len(os.Args) > 1 && os.Args[1] == "-http-addr" {
		os.Exit(standIn(os.Args[1:]))
	}
}

// standIn is this test binary started as stripe-mock (with its
// -http-addr), for the lifetime tests: it listens, says so as stripe-mock
// does, and answers every request with 404 until it is stopped. Like
// stripe-mock it is a Go program with Go's default signal handling, which
// is all of stripe-mock those tests see; it starts in milliseconds, where
// stripe-mock reads its OpenAPI spec and fixtures first (about a
// CPU-second a start).
func standIn(args []string) int {
	addr := ""
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "-http-addr" {
			addr = args[i+1]
		}
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Println("stand-in:", err)
		return 1
	}
	fmt.Println("Listening for HTTP at address:", l.Addr())
	_ = http.Serve(l, http.NotFoundHandler())
	return 1
}

// TestChildServer is a user's test when childEnv is set: it starts a
// server (two when it passes), says so on stdout with the stripe-mock URL
// of each, waits for a line on stdin (the parent has looked at its
// processes), then ends as childEnv says.
func TestChildServer(t *testing.T) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		return
	}
	srv := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{})
	mocks := []string{srv.StripeMockURL}
	if mode == "pass" {
		mocks = append(mocks, checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{}).StripeMockURL)
	}
	fmt.Println("ready", srv.URL, strings.Join(mocks, " "))
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
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
// afterwards. Without Main each server has a stripe-mock of its own (two
// processes for the two servers of a passing test); under Main they share
// one, which Main stops when the tests end, and which the kernel kills
// when a panic ends the test binary before Main can.
//
// The children run this test binary as their stripe-mock (standIn), but
// for the panic under Main, which runs the pinned stripe-mock: what is
// under test is how the harness starts and stops the process, and one
// real stripe-mock among the eight it would take saves about seven
// CPU-seconds in every make test.
func TestNoProcessOutlivesTheTest(t *testing.T) {
	t.Parallel()
	self, err := os.Executable()
	require.NoError(t, err)
	for _, tt := range []struct {
		mode string
		sig  syscall.Signal // sent once the server is up; 0: none
		main bool           // the child runs its tests through Main
		real bool           // the child runs the pinned stripe-mock, not standIn
	}{
		{"pass", 0, false, false},
		{"fail", 0, false, false},
		{"panic", 0, false, false},
		{"hang", syscall.SIGINT, false, false},
		{"hang", syscall.SIGKILL, false, false},
		{"pass", 0, true, false},
		{"panic", 0, true, true},
	} {
		name := tt.mode
		if tt.sig != 0 {
			name = tt.sig.String()
		}
		if tt.main {
			name = "Main/" + name
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			mark := randomMark(t)
			cmd := exec.Command(os.Args[0], "-test.run=^TestChildServer$", "-test.count=1")
			cmd.Env = append(os.Environ(), childEnv+"="+tt.mode, markEnv+"="+mark)
			if !tt.main {
				cmd.Env = append(cmd.Env, ownEnv+"=1")
			}
			if !tt.real {
				cmd.Env = append(cmd.Env, stripemock.BinaryEnv+"="+self, standInEnv+"=1")
			}
			out, err := cmd.StdoutPipe()
			require.NoError(t, err)
			in, err := cmd.StdinPipe()
			require.NoError(t, err)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			require.NoError(t, startWithDefaultSIGINT(cmd))
			t.Cleanup(func() { _ = cmd.Process.Kill() })
			sc := bufio.NewScanner(out)
			var ready []string
			for ready == nil && sc.Scan() {
				if strings.HasPrefix(sc.Text(), "ready ") {
					ready = strings.Fields(sc.Text())
				}
			}
			if ready == nil {
				_ = cmd.Wait() // then its stderr is complete
				t.Fatalf("the child test started no server: %s", stderr.String())
			}
			mocks := ready[2:]
			want := 1 // stripe-mock processes
			if len(mocks) == 2 {
				if tt.main {
					assert.Equal(t, mocks[0], mocks[1], "under Main the servers share one stripe-mock")
				} else {
					assert.NotEqual(t, mocks[0], mocks[1], "without Main each server has its own stripe-mock")
					want = 2
				}
			}
			var running []int
			for _, pid := range marked(mark) {
				if pid != cmd.Process.Pid {
					running = append(running, pid)
				}
			}
			require.Len(t, running, want, "stripe-mock runs, tagged, while the test runs")
			_, err = io.WriteString(in, "go on\n")
			require.NoError(t, err)
			if tt.sig != 0 {
				require.NoError(t, cmd.Process.Signal(tt.sig))
			}
			ended := make(chan struct{})
			go func() {
				for sc.Scan() {
				}
				close(ended)
			}()
			select {
			case <-ended:
			case <-time.After(time.Minute):
				_ = cmd.Process.Kill()
				<-ended
				t.Errorf("the child test still ran a minute after it was told to end (%s); killed", name)
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

// startWithDefaultSIGINT starts cmd with SIGINT at its default action, as
// in a terminal's go test, even when this process was started with it
// ignored (as a script's background job is: "make test &"). An ignored
// signal stays ignored across exec, so the child would ignore the
// interrupt it is sent; a signal Go handles is reset to its default in the
// child. So SIGINT is handled here while the child starts, then put back as
// it was, and one that arrived meanwhile is raised again. (It is handled
// whether or not it is ignored: signal.Ignored no longer says so once a
// handler has come and gone.)
func startWithDefaultSIGINT(cmd *exec.Cmd) error {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT)
	err := cmd.Start()
	signal.Stop(c)
	select {
	case <-c:
		_ = syscall.Kill(os.Getpid(), syscall.SIGINT)
	default:
	}
	return err
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
