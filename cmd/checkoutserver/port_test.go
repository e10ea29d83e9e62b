package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStartsBesideAStripeMockOnItsDefaultPorts: with a stripe-mock on its
// default ports (HTTP 12111, HTTPS 12112), the command with no flags
// starts, on its own default port.
func TestStartsBesideAStripeMockOnItsDefaultPorts(t *testing.T) {
	holdStripeMockDefaults(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	url, done := startArgs(t, ctx, &stderr)
	if strings.Contains(stderr.String(), "is in use") {
		assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, url, "another process holds the default port: a free one is used")
	} else {
		assert.Equal(t, "http://"+defaultAddr, url)
	}
	status, _ := postForm(t, url, "/v1/checkout/sessions", "mode=setup&currency=usd&success_url=https://example.com/ok")
	assert.Equal(t, 200, status)
	cancel()
	require.NoError(t, <-done)
}

// TestTakenPortNamesItsHolder: when the port is taken, the command names
// the process holding it; without -addr it listens on a free port
// instead, with -addr it fails (exit 1). It runs over the shared
// stripe-mock: which port the command listens on does not depend on it.
func TestTakenPortNamesItsHolder(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	holder := fmt.Sprintf("is in use by pid %d (%s", os.Getpid(), filepath.Base(os.Args[0]))

	err = run(context.Background(), []string{"-addr", l.Addr().String(), "-stripe-mock", mock.URL(t)}, io.Discard, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), l.Addr().String()+" "+holder)
	assert.Contains(t, err.Error(), "; stop it, or pass another -addr (-addr 127.0.0.1:0 picks a free port)")
	assert.Equal(t, 1, exitCode(err, io.Discard))

	d, err := net.Listen("tcp", defaultAddr)
	if err != nil { // someone else holds it: the fallback is still shown
		holder = "is in use"
	} else {
		defer d.Close()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	url, done := startArgs(t, ctx, &stderr, "-stripe-mock", mock.URL(t))
	assert.NotEqual(t, "http://"+defaultAddr, url)
	assert.Contains(t, stderr.String(), "checkoutserver: "+defaultAddr+" "+holder)
	assert.Contains(t, stderr.String(), "; listening on a free port instead\n")
	cancel()
	require.NoError(t, <-done)
}

// startArgs runs the command with args as given (no -addr added) and
// returns the URL it prints.
func startArgs(t *testing.T, ctx context.Context, stderr io.Writer, args ...string) (string, <-chan error) {
	t.Helper()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, pw, stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err, "stderr: %s", stderr)
	m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(line)
	require.NotNil(t, m, line)
	go io.Copy(io.Discard, pr)
	return m[1], done
}

// holdStripeMockDefaults makes sure something listens on 127.0.0.1:12111
// and :12112: a stripe-mock on its default ports, started here. When
// another process already holds one of them (another stripe-mock, whose
// HTTPS port is *:12112 by default), this stripe-mock cannot start and
// the port still free is held by a listener of the test's own.
func holdStripeMockDefaults(t *testing.T) {
	t.Helper()
	bin, err := stripemock.ToolPath(context.Background(), "")
	require.NoError(t, err)
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:12111", "-https-addr", "127.0.0.1:12112")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() { io.Copy(io.Discard, out); _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-exited })
	deadline := time.After(30 * time.Second)
	for _, addr := range []string{"127.0.0.1:12111", "127.0.0.1:12112"} {
		for !answers(addr) {
			select {
			case <-exited: // a port was taken: hold the free one ourselves
				if l, err := net.Listen("tcp", addr); err == nil {
					t.Cleanup(func() { l.Close() })
				}
			case <-deadline:
				t.Fatalf("nothing listens on %s", addr)
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

func answers(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err == nil {
		c.Close()
	}
	return err == nil
}
