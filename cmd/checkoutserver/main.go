package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/cli"
	"github.com/checkoutvcr/checkoutvcr/internal/localserver"
	"github.com/checkoutvcr/checkoutvcr/internal/portowner"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
	"github.com/checkoutvcr/checkoutvcr/internal/webhook"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

func exitCode(err error, stderr io.Writer) int {
	var usage cli.UsageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage), errors.Is(err, stripemock.ErrSetup):
		fmt.Fprintln(stderr, "checkoutserver:", cli.Message(err))
		return 2
	}
	// Through the one redactor, as record prints its errors: a
	// -webhook value the flag package quotes holds a whsec_ secret.
	fmt.Fprintln(stderr, "checkoutserver:", cli.Message(err))
	return 1
}

// config is the parsed command line.
type config struct {
	addr        string
	addrSet     bool // -addr was given: no fallback to a free port
	mockURL     string
	allowRemote bool
	epoch       int64
	apiVersion  string
	keysFile    string
	mock        stripemock.Options
	hooks       webhook.Options
}

// webhookSleep waits between deliveries of one event; nil means a real
// timer. Tests replace it so that a retried delivery does not really wait.
var webhookSleep func(ctx context.Context, d time.Duration) error

// endpointsFlag collects -webhook URL=whsec_… flags.
type endpointsFlag struct{ to *[]webhook.Endpoint }

func (f endpointsFlag) String() string { return "" }

func (f endpointsFlag) Set(v string) error {
	e, err := webhook.ParseEndpoint(v)
	if err != nil {
		return err
	}
	*f.to = append(*f.to, e)
	return nil
}

func parse(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("checkoutserver", flag.ContinueOnError)
	var c config
	fs.StringVar(&c.addr, "addr", defaultAddr, "listen on this `host:port` (port 0: any free port; the URL is printed); when the default is taken, a free port is used instead")
	fs.StringVar(&c.mockURL, "stripe-mock", "", "use the stripe-mock at this base `URL` instead of starting one")
	fs.StringVar(&c.mock.Spec, "spec", "", "OpenAPI spec `file` for the stripe-mock this command starts (default: its bundled spec)")
	fs.StringVar(&c.mock.Fixtures, "fixtures", "", "fixtures `file` for the stripe-mock this command starts (default: its bundled fixtures)")
	fs.BoolVar(&c.allowRemote, "allow-non-loopback", false, "allow an -addr that is not a loopback address (the server has no authentication of its own)")
	fs.Int64Var(&c.epoch, "epoch", 0, "fix every account's clock at these Unix `seconds` (ids and Request-Ids then repeat run to run, as record uses); 0: follow the wall clock")
	fs.StringVar(&c.apiVersion, "api-version", localserver.NewestVersion(), "the account's default Stripe API `version`: what requests without a Stripe-Version header, and events, are answered at")
	fs.StringVar(&c.keysFile, "keys", "", "accept only the API keys listed in this `file` (one a line, # comments); others get Stripe's 401 \"Invalid API Key provided\"")
	fs.Var(endpointsFlag{&c.hooks.Endpoints}, "webhook", "deliver every event, signed, to this `URL=whsec_secret[@VERSION]` (repeatable); @VERSION renders its events at that API version (default: -api-version)")
	fs.IntVar(&c.hooks.Attempts, "webhook-attempts", 4, "deliveries of one event to a failing endpoint, at most (`n`, 1 to 10), 1 s apart then doubling")
	fs.BoolVar(&c.hooks.Duplicates, "webhook-duplicates", false, "deliver every event twice")
	fs.BoolVar(&c.hooks.Reorder, "webhook-reorder", false, "swap each pair of events one call emits (completed and async_payment_*)")
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "usage: checkoutserver [flags]")
		fmt.Fprintln(w, "\nA stateful Stripe Checkout Sessions server over stripe-mock, for local development and recording.")
		fmt.Fprintln(w, "Each API key is its own account. Control endpoints: POST /_checkoutvcr/sessions/{id}/pay,")
		fmt.Fprintln(w, "GET and POST /_checkoutvcr/clock (seconds=N). See go doc ./cmd/checkoutserver.\n\nflags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	if err := cli.Parse(fs, args, stderr, usage); err != nil {
		return c, err
	}
	fs.Visit(func(f *flag.Flag) { c.addrSet = c.addrSet || f.Name == "addr" })
	if c.epoch < 0 || c.epoch > maxEpoch {
		return c, cli.Usagef("-epoch %d: want Unix seconds from 0 to %d (year 9999)", c.epoch, int64(maxEpoch))
	}
	if c.hooks.Attempts < 1 || c.hooks.Attempts > maxAttempts {
		return c, cli.Usagef("-webhook-attempts %d: want 1 to %d deliveries", c.hooks.Attempts, maxAttempts)
	}
	if !contracts.ValidVersion(c.apiVersion) {
		return c, cli.Usagef("-api-version %q: want a Stripe API version such as 2025-08-27.basil", c.apiVersion)
	}
	if err := contracts.Embedded().CheckReleased(c.apiVersion); err != nil {
		return c, cli.Usagef("-api-version %v", err)
	}
	if err := checkLoopback(c.addr, c.allowRemote); err != nil {
		return c, err
	}
	return c, nil
}

// defaultAddr is where the server listens without -addr: a port no other
// tool defaults to (stripe-mock takes 12111 and 12112, Stripe's samples
// 4242).
const defaultAddr = "127.0.0.1:12180"

// maxAttempts is the largest -webhook-attempts: the last retry then
// waits 2^(10-2) s, about four minutes.
const maxAttempts = 10

// maxEpoch is the largest -epoch: 9999-12-31T23:59:59Z.
const maxEpoch = 253402300799

// checkLoopback refuses an address that is not loopback, unless allowed.
func checkLoopback(addr string, allow bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return cli.Usagef("-addr %q: %v", addr, err)
	}
	if allow || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return cli.Usagef("-addr %q is not a loopback address; the server has no authentication of its own (pass -allow-non-loopback to serve it anyway)", addr)
	}
	return nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	mockURL := c.mockURL
	if mockURL == "" {
		fmt.Fprintln(stderr, "checkoutserver: starting stripe-mock (the first start builds it, about half a minute)")
		mock, err := stripemock.Start(ctx, c.mock)
		if err != nil {
			return fmt.Errorf("start stripe-mock: %w", err)
		}
		defer mock.Close()
		mockURL = mock.URL
	}
	opts := localserver.Options{StripeMock: mockURL, APIVersion: c.apiVersion}
	if c.epoch != 0 {
		opts.Epoch = time.Unix(c.epoch, 0)
	}
	if c.keysFile != "" {
		keys, err := readKeys(c.keysFile)
		if err != nil {
			return cli.Usagef("-keys: %v", err)
		}
		opts.Keys = keys
	}
	if len(c.hooks.Endpoints) > 0 {
		// Each endpoint gets the events at its own version, else the account's.
		c.hooks.Render, c.hooks.DefaultVersion = localserver.RenderEvent, c.apiVersion
		c.hooks.Sleep = webhookSleep
		sender, err := webhook.New(c.hooks)
		if err != nil {
			return cli.Usagef("-webhook: %v", err)
		}
		defer sender.Wait()
		opts.PendingWebhooks = len(c.hooks.Endpoints)
		opts.OnEvents = func(evs []localserver.Event) { sender.Go(ctx, localserver.WebhookEvents(evs), logDelivery(stderr)) }
	}
	srv, err := localserver.New(opts)
	if err != nil {
		return err
	}
	l, err := listen(srv, c, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "checkoutserver: listening on %s (stripe-mock at %s)\n", l.URL, redact.Display(mockURL))
	select {
	case err := <-l.Done():
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stderr, "checkoutserver: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return l.Shutdown(sctx)
}

// listen serves srv on c.addr. When that port is taken, it names the
// process holding it if it can tell; without -addr it then listens on a
// free port instead (the URL printed says which), with -addr it fails.
func listen(srv *localserver.Server, c config, stderr io.Writer) (*localserver.Listening, error) {
	l, err := srv.Listen(c.addr)
	if err == nil || !errors.Is(err, syscall.EADDRINUSE) {
		return l, err
	}
	held := c.addr + " is in use"
	if _, port, perr := net.SplitHostPort(c.addr); perr == nil {
		if n, perr := strconv.Atoi(port); perr == nil {
			if p, ok := portowner.Find(n); ok {
				held += " by " + p.String()
			}
		}
	}
	if c.addrSet {
		return nil, fmt.Errorf("%s; stop it, or pass another -addr (-addr 127.0.0.1:0 picks a free port)", held)
	}
	host, _, _ := net.SplitHostPort(c.addr)
	fmt.Fprintf(stderr, "checkoutserver: %s; listening on a free port instead\n", held)
	return srv.Listen(net.JoinHostPort(host, "0"))
}

// readKeys reads a -keys file: one key a line; blank lines and lines
// starting with # are skipped. An empty list is refused (it would refuse
// every request).
func readKeys(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	keys := []string{}
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.ContainsAny(line, " \t") {
			return nil, fmt.Errorf("%s:%d: a key has no spaces", path, i+1)
		}
		keys = append(keys, line)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s lists no key", path)
	}
	return keys, nil
}

// logDelivery prints one line per delivery: event, endpoint, outcome.
func logDelivery(w io.Writer) func(webhook.Result) {
	var mu sync.Mutex
	return func(r webhook.Result) {
		last := r.Attempts[len(r.Attempts)-1]
		what := fmt.Sprintf("%d", last.Status)
		if last.Err != nil {
			what = last.Err.Error()
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "checkoutserver: webhook %s %s to %s: %s after %d attempt(s)\n", r.Event.Type, r.Event.ID, r.Endpoint, what, len(r.Attempts))
	}
}
