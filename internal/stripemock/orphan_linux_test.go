package stripemock

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helperEnv makes the test binary act as a program that starts
// stripe-mock, prints its URL and blocks until it is killed.
const helperEnv = "STRIPEMOCK_TEST_HELPER"

// TestHelperProcess is that program when helperEnv is set, and does
// nothing otherwise.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		return
	}
	s, err := Start(context.Background(), Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println(s.URL, s.cmd.Process.Pid)
	select {}
}

// TestServerDiesWithKilledParent starts stripe-mock from a helper process,
// kills the helper with SIGKILL (what a second Ctrl-C or kill -9 does to
// record) and checks that stripe-mock stops answering: it must not be
// left running, orphaned.
func TestServerDiesWithKilledParent(t *testing.T) {
	helper := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	helper.Env = append(os.Environ(), helperEnv+"=1")
	out, err := helper.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, helper.Start())
	t.Cleanup(func() { helper.Process.Kill(); helper.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err, "the helper printed no URL")
	var url string
	var pid int
	_, err = fmt.Sscan(line, &url, &pid)
	require.NoError(t, err, "helper said %q", line)
	addr := strings.TrimPrefix(url, "http://")
	require.True(t, answers(addr), "stripe-mock answers while the helper runs")

	require.NoError(t, helper.Process.Signal(syscall.SIGKILL))
	helper.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for answers(addr) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !assert.False(t, answers(addr), "stripe-mock still answers 5s after its parent was killed") {
		_ = syscall.Kill(-pid, syscall.SIGKILL) // the orphan's process group
	}
}

func answers(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return false
	}
	c.Close()
	return true
}
