// Package stripemock starts and stops Stripe's mock server, stripe-mock, on a
// free loopback port.
//
// stripe-mock is pinned in go.mod as a Go tool. By default [Start] asks
// "go tool -n stripe-mock" for the path of the built binary (the go command
// builds it from the module cache on first use, about half a minute, and
// reuses the build afterwards) and runs that binary itself, so the server is
// a direct child of this process: [Server.Close] stops it, and on Linux it is
// killed when this process dies, even by SIGKILL. Nothing listens on anything
// but 127.0.0.1.
package stripemock

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/checkoutvcr/checkoutvcr/internal/cmdref"
)

// Options configure [Start]. The zero value starts the pinned tool with its
// bundled spec and fixtures.
type Options struct {
	// URL is the base URL of a stripe-mock that is already running, e.g.
	// the one a test binary shares (see package stripemocktest): Start
	// then starts nothing and returns a [Server] for it, whose Close
	// leaves it running. Command, Spec and Fixtures must then be empty.
	// Empty means start one.
	URL string
	// Command is the program and leading arguments that run stripe-mock.
	// Empty means the binary that the environment variable [BinaryEnv]
	// names, if set, else the one "go tool -n stripe-mock" names,
	// resolved in Dir.
	Command []string
	// Dir is the working directory for Command and for the go command; it
	// must be inside this module for "go tool" to find the pinned version.
	// Empty means the current directory.
	Dir string
	// Spec is an OpenAPI spec file passed as -spec; empty means bundled.
	Spec string
	// Fixtures is a fixtures file passed as -fixtures; empty means bundled.
	Fixtures string
	// StartTimeout bounds how long Start waits for the server to listen,
	// including a first build of the tool. Zero means 3 minutes.
	StartTimeout time.Duration
}

// Server is a running stripe-mock, made by [Start]. [Server.Close] stops
// it.
type Server struct {
	// URL is the server's base URL, e.g. "http://127.0.0.1:41234".
	URL string

	cmd       *exec.Cmd     // nil for a server Start did not start (Options.URL)
	done      chan struct{} // closed when the process has exited
	outDone   chan struct{} // closed when its output reached EOF
	closeOnce sync.Once
	mu        sync.Mutex
	log       strings.Builder
}

// BinaryEnv is the environment variable that names a stripe-mock binary
// (an absolute path, or a command name looked up in PATH) for [Start] to
// run when [Options].Command is empty, instead of the one
// "go tool -n stripe-mock" names: a stripe-mock installed some other way,
// or the pinned tool's binary, looked up once. make test sets it to the
// latter, so that its test binaries, and the processes they start, do not
// each ask the go command, a third of a CPU-second each time.
const BinaryEnv = "CHECKOUTVCR_STRIPE_MOCK"

var listenLine = regexp.MustCompile(`Listening for HTTP at address: (127\.0\.0\.1:\d+)`)

// Start runs stripe-mock on 127.0.0.1 with kernel-chosen ports (HTTP and
// HTTPS both on loopback) and returns once it accepts requests. ctx bounds
// the start only; the server runs until [Server.Close]. With opts.URL it
// starts nothing (see [Options]).
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.URL != "" {
		if len(opts.Command) > 0 || opts.Spec != "" || opts.Fixtures != "" {
			return nil, errors.New("stripe-mock: Options.URL names a running server; Command, Spec and Fixtures would start one")
		}
		return &Server{URL: opts.URL}, nil
	}
	timeout := opts.StartTimeout
	if timeout == 0 {
		timeout = 3 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	argv, fromEnv := opts.Command, ""
	if len(argv) == 0 {
		bin := os.Getenv(BinaryEnv)
		if bin != "" {
			// A relative path would be relative to each test binary's
			// own package folder.
			if strings.ContainsRune(bin, filepath.Separator) && !filepath.IsAbs(bin) {
				return nil, setupError{fmt.Errorf("stripe-mock: %s=%s: give an absolute path, or a command name to look up in PATH", BinaryEnv, bin)}
			}
			// Not there, or not executable: the setup's fault, not the
			// start's (a missing Dir fails the start the same way).
			if _, err := exec.LookPath(bin); err != nil {
				return nil, setupError{fmt.Errorf("stripe-mock: %w (%s names it)", err, BinaryEnv)}
			}
			fromEnv = " (" + BinaryEnv + " names it)"
		} else {
			var err error
			if bin, err = ToolPath(ctx, opts.Dir); err != nil {
				return nil, err
			}
		}
		argv = []string{bin}
	}
	args := append(append([]string{}, argv[1:]...),
		"-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	if opts.Spec != "" {
		args = append(args, "-spec", opts.Spec)
	}
	if opts.Fixtures != "" {
		args = append(args, "-fixtures", opts.Fixtures)
	}
	s, r, err := startWithRetry(ctx, argv, args, opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("%w%s", err, fromEnv)
	}
	addr := make(chan string, 1)
	go s.readOutput(r, addr)

	select {
	case a := <-addr:
		s.URL = "http://" + a
		return s, nil
	case <-s.done:
		out := s.finalOutput()
		if out == "" {
			out = "no output (" + s.cmd.ProcessState.String() + ")"
		}
		return nil, fmt.Errorf("stripe-mock%s exited before listening: %s", fromEnv, out)
	case <-ctx.Done():
		s.Close()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("stripe-mock did not listen within %s: %s", timeout, s.finalOutput())
		}
		return nil, fmt.Errorf("stripe-mock: %w", ctx.Err())
	}
}

// startWithRetry starts argv with args in dir, retrying while the binary
// is still being written: on a cold build cache several test binaries ask
// "go tool -n stripe-mock" at once, and one of them may exec the file
// while another go command is still writing it (ETXTBSY, "text file
// busy"). It returns the running server and the read end of its output.
func startWithRetry(ctx context.Context, argv, args []string, dir string) (*Server, *os.File, error) {
	for delay := 50 * time.Millisecond; ; delay = min(2*delay, time.Second) {
		cmd := exec.Command(argv[0], args...)
		cmd.Dir = dir
		cmd.SysProcAttr = sysProcAttr()
		// A pipe of our own: cmd.Wait closes the pipes exec makes, which
		// can lose the last lines a failing server printed.
		r, w, err := os.Pipe()
		if err != nil {
			return nil, nil, err
		}
		cmd.Stdout, cmd.Stderr = w, w
		s := &Server{cmd: cmd, done: make(chan struct{}), outDone: make(chan struct{})}
		err = s.start()
		w.Close() // the child holds its own copy; EOF comes when it exits
		if err == nil {
			return s, r, nil
		}
		r.Close()
		if !errors.Is(err, syscall.ETXTBSY) {
			return nil, nil, fmt.Errorf("stripe-mock: start %q: %w", strings.Join(argv, " "), err)
		}
		select {
		case <-ctx.Done():
			return nil, nil, fmt.Errorf("stripe-mock: start %q: %w (still being built when %w)", strings.Join(argv, " "), err, ctx.Err())
		case <-time.After(delay):
		}
	}
}

// start starts s.cmd and waits for it in a goroutine locked to the OS
// thread that started it: on Linux the child's parent-death signal fires
// when that thread exits, so the thread must outlive the child.
func (s *Server) start() error {
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := s.cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		_ = s.cmd.Wait()
		close(s.done)
	}()
	return <-started
}

// ErrNoTool is wrapped by the error of [Start] when the module has no
// tool line for stripe-mock: a setup error, whose message is the go get
// -tool line that fixes it. Test it with [errors.Is].
var ErrNoTool = errors.New("stripe-mock is not a tool of the module")

// ErrSetup is wrapped by the error of [Start] when the setup names no
// stripe-mock it can run: the module has no tool line for it ([ErrNoTool]),
// or [BinaryEnv] names a relative path, or a program that is not there or
// not executable. The commands exit 2 for it, as for a bad flag. Test it
// with [errors.Is].
var ErrSetup = errors.New("stripe-mock is not set up")

// noToolError is an [ErrNoTool] with its message.
type noToolError struct{ msg string }

func (e noToolError) Error() string   { return e.msg }
func (e noToolError) Unwrap() []error { return []error{ErrNoTool, ErrSetup} }

// setupError is an [ErrSetup] with its cause.
type setupError struct{ err error }

func (e setupError) Error() string   { return e.err.Error() }
func (e setupError) Unwrap() []error { return []error{ErrSetup, e.err} }

// tools caches ToolPath's answers by absolute folder: asking the go
// command costs a third of a CPU-second (it also runs the compiler and
// linker to learn their versions), paid once per process and module.
var tools goAnswers

// ToolPath builds the pinned stripe-mock if needed and returns the path of
// its binary, so that it can run without a "go tool" process in between:
// what "go tool -n stripe-mock" prints when run in dir ("" means the
// current folder). A later call for the same folder reuses the answer
// while the binary is still there. Its error wraps [ErrNoTool] when the
// module has no tool line for stripe-mock.
func ToolPath(ctx context.Context, dir string) (string, error) {
	key, err := filepath.Abs(cmp.Or(dir, "."))
	if err != nil {
		return "", fmt.Errorf("stripe-mock: %w", err)
	}
	return tools.get(key, func() (string, error) { return askTool(ctx, dir) })
}

// goAnswers keeps what the go command answered, by key, for as long as
// the file or folder it named is still there (the build or module cache
// may be cleaned meanwhile: then the go command is asked again).
type goAnswers struct {
	sync.Mutex
	path map[string]string
}

// get returns key's answer, from ask if there is none yet or its path is gone.
func (a *goAnswers) get(key string, ask func() (string, error)) (string, error) {
	a.Lock()
	path, ok := a.path[key]
	a.Unlock()
	if ok {
		if _, err := os.Stat(path); err == nil {
			return path, nil
		}
	}
	path, err := ask()
	if err != nil {
		return "", err
	}
	a.Lock()
	if a.path == nil {
		a.path = map[string]string{}
	}
	a.path[key] = path
	a.Unlock()
	return path, nil
}

// askTool runs "go tool -n stripe-mock" in dir.
func askTool(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "tool", "-n", "stripe-mock")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if strings.Contains(string(exit.Stderr), `no such tool "stripe-mock"`) {
				where := "this module"
				if dir != "" {
					where = "the module in " + dir
				}
				gomod := exec.CommandContext(ctx, "go", "env", "GOMOD")
				gomod.Dir = dir
				if out, err := gomod.Output(); err == nil && (strings.TrimSpace(string(out)) == "" || strings.TrimSpace(string(out)) == os.DevNull) {
					return "", noToolError{fmt.Sprintf("stripe-mock: not in a Go module here, so no pinned stripe-mock tool; run from your module's folder, or set %s to a stripe-mock binary", BinaryEnv)}
				}
				return "", noToolError{fmt.Sprintf("stripe-mock is not a tool of %s; add it with: %s", where, cmdref.StripeMock)}
			}
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(exit.Stderr)))
		}
		return "", fmt.Errorf("stripe-mock: go tool -n stripe-mock: %w", err)
	}
	path := strings.TrimSpace(string(out))
	if path == "" || strings.Contains(path, "\n") {
		return "", fmt.Errorf("stripe-mock: go tool -n stripe-mock printed %q, not a path", out)
	}
	return path, nil
}

// readOutput keeps the server's output (up to 64 KiB) and sends the
// address once it listens. It reads until EOF, so the server never
// blocks on a full pipe.
func (s *Server) readOutput(r *os.File, addr chan<- string) {
	defer close(s.outDone)
	defer r.Close()
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

// finalOutput returns the output once the reader hit EOF. A grandchild
// that kept the pipe open could delay EOF forever, so it waits a second
// at most.
func (s *Server) finalOutput() string {
	select {
	case <-s.outDone:
	case <-time.After(time.Second):
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.TrimSpace(s.log.String())
}

// Close stops the server and waits for it to exit. It is safe to call more
// than once. A server given by [Options].URL is left running.
func (s *Server) Close() error {
	if s.cmd == nil {
		return nil
	}
	var err error
	s.closeOnce.Do(func() {
		_ = terminate(s.cmd.Process)
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			_ = kill(s.cmd.Process)
			<-s.done
			err = errors.New("stripe-mock did not stop on SIGTERM; killed")
		}
	})
	return err
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
	return Download(ctx, dir, Module)
}

// Download returns the folder of moduleAtVersion ("module@version", or a
// module path go.mod requires) in the module cache, downloading it through
// the module proxy first if this machine has not got it, by running go mod
// download -json in dir ("" means the current folder). The release
// contracts are generated from (cmd/contracts) are fetched this way: go.mod
// can require one stripe-mock only. A later call for the same folder and
// module reuses the answer while its folder is still there.
func Download(ctx context.Context, dir, moduleAtVersion string) (string, error) {
	abs, err := filepath.Abs(cmp.Or(dir, "."))
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %w", moduleAtVersion, err)
	}
	return downloads.get(abs+"\x00"+moduleAtVersion, func() (string, error) { return download(ctx, dir, moduleAtVersion) })
}

// downloads caches Download's answers by absolute folder and module: the
// spec's readers (the generators, their tests) ask several times a process.
var downloads goAnswers

// download runs go mod download -json moduleAtVersion in dir.
func download(ctx context.Context, dir, moduleAtVersion string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", moduleAtVersion)
	cmd.Dir = dir
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return "", fmt.Errorf("go mod download %s: %s", moduleAtVersion, info.Error)
	}
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(exit.Stderr)))
		}
		return "", fmt.Errorf("go mod download %s: %w", moduleAtVersion, err)
	}
	if info.Dir == "" {
		return "", fmt.Errorf("go mod download %s: no folder reported", moduleAtVersion)
	}
	return info.Dir, nil
}
