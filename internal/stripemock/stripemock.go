// Package stripemock starts and stops Stripe's mock server, stripe-mock, on a
// free loopback port.
//
// stripe-mock is pinned in go.mod as a Go tool, so the default command is
// "go tool stripe-mock": the go command builds it from the module cache on
// first use (about half a minute) and reuses the build afterwards. Nothing
// listens on anything but 127.0.0.1.
package stripemock

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Options configure [Start]. The zero value starts the pinned tool with its
// bundled spec and fixtures.
type Options struct {
	// Command is the program and leading arguments that run stripe-mock.
	// Empty means "go tool stripe-mock", run in Dir.
	Command []string
	// Dir is the working directory for Command; it must be inside this
	// module for "go tool" to find the pinned version. Empty means the
	// current directory.
	Dir string
	// Spec is an OpenAPI spec file passed as -spec; empty means bundled.
	Spec string
	// Fixtures is a fixtures file passed as -fixtures; empty means bundled.
	Fixtures string
	// StartTimeout bounds how long Start waits for the server to listen,
	// including a first build of the tool. Zero means 3 minutes.
	StartTimeout time.Duration
}

// Server is a running stripe-mock. Close stops it.
type Server struct {
	// URL is the server's base URL, e.g. "http://127.0.0.1:41234".
	URL string

	cmd       *exec.Cmd
	done      chan struct{}
	closeOnce sync.Once
	mu        sync.Mutex
	log       strings.Builder
}

var listenLine = regexp.MustCompile(`Listening for HTTP at address: (127\.0\.0\.1:\d+)`)

// Start runs stripe-mock on 127.0.0.1 with kernel-chosen ports (HTTP and
// HTTPS both on loopback) and returns once it accepts requests. ctx bounds
// the start only; the server runs until [Server.Close].
func Start(ctx context.Context, opts Options) (*Server, error) {
	argv := opts.Command
	if len(argv) == 0 {
		argv = []string{"go", "tool", "stripe-mock"}
	}
	args := append(append([]string{}, argv[1:]...),
		"-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	if opts.Spec != "" {
		args = append(args, "-spec", opts.Spec)
	}
	if opts.Fixtures != "" {
		args = append(args, "-fixtures", opts.Fixtures)
	}
	cmd := exec.Command(argv[0], args...)
	cmd.Dir = opts.Dir
	// Its own process group, so that Close also stops the binary that
	// "go tool" starts.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("stripe-mock: start %q: %w", strings.Join(argv, " "), err)
	}
	s := &Server{cmd: cmd, done: make(chan struct{})}
	addr := make(chan string, 1)
	go s.readOutput(out, addr)
	go func() { _ = cmd.Wait(); close(s.done) }()

	timeout := opts.StartTimeout
	if timeout == 0 {
		timeout = 3 * time.Minute
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case a := <-addr:
		s.URL = "http://" + a
		return s, nil
	case <-s.done:
		return nil, fmt.Errorf("stripe-mock exited before listening: %s", s.output())
	case <-timer.C:
		s.Close()
		return nil, fmt.Errorf("stripe-mock did not listen within %s: %s", timeout, s.output())
	case <-ctx.Done():
		s.Close()
		return nil, fmt.Errorf("stripe-mock: %w", ctx.Err())
	}
}

func (s *Server) readOutput(r io.Reader, addr chan<- string) {
	sc := bufio.NewScanner(r)
	sent := false
	for sc.Scan() {
		line := sc.Text()
		s.mu.Lock()
		if s.log.Len() < 64<<10 {
			s.log.WriteString(line)
			s.log.WriteByte('\n')
		}
		s.mu.Unlock()
		if m := listenLine.FindStringSubmatch(line); m != nil && !sent {
			addr <- m[1]
			sent = true
		}
	}
	_, _ = io.Copy(io.Discard, r)
}

func (s *Server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.TrimSpace(s.log.String())
}

// Close stops the server and waits for it to exit. It is safe to call more
// than once.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		pgid := s.cmd.Process.Pid
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-s.done
			err = errors.New("stripe-mock did not stop on SIGTERM; killed")
		}
	})
	return err
}

// TestMain starts one stripe-mock for a test binary, stores its URL in
// *url, runs the tests and stops the server. Use it from a package's
// TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(stripemock.TestMain(m, &mockURL)) }
func TestMain(m interface{ Run() int }, url *string) int {
	srv, err := Start(context.Background(), Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "stripemock:", err)
		return 1
	}
	defer srv.Close()
	*url = srv.URL
	return m.Run()
}

// Module is the module path of stripe-mock, pinned in go.mod as a tool.
const Module = "github.com/stripe/stripe-mock"

// ModuleDir returns the folder of the pinned stripe-mock module in the
// module cache, downloading it first if needed (a fresh machine has not
// got it yet, and "go list -m" would then report no folder). dir is the
// working directory of the go command, inside this module; "" means the
// current one. Its embedded/openapi folder holds Stripe's spec3.json and
// fixtures3.json.
func ModuleDir(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", Module)
	cmd.Dir = dir
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return "", fmt.Errorf("go mod download %s: %s", Module, info.Error)
	}
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(exit.Stderr)))
		}
		return "", fmt.Errorf("go mod download %s: %w", Module, err)
	}
	if info.Dir == "" {
		return "", fmt.Errorf("go mod download %s: no folder reported", Module)
	}
	return info.Dir, nil
}
