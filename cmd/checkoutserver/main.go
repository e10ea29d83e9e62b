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
	"sync"
	"syscall"
	"time"

	"github.com/checkoutvcr/checkoutvcr/internal/cli"
	"github.com/checkoutvcr/checkoutvcr/internal/localserver"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
	"github.com/checkoutvcr/checkoutvcr/internal/webhook"
	"github.com/checkoutvcr/checkoutvcr/webhooktest"
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
	case errors.As(err, &usage), errors.Is(err, stripemock.ErrNoTool):
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
	mockURL     string
	allowRemote bool
	epoch       int64
	mock        stripemock.Options
	hooks       webhook.Options
}

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
	fs.StringVar(&c.addr, "addr", "127.0.0.1:12112", "listen on this `host:port` (port 0: any free port; the URL is printed)")
	fs.StringVar(&c.mockURL, "stripe-mock", "", "use the stripe-mock at this base `URL` instead of starting one")
	fs.StringVar(&c.mock.Spec, "spec", "", "OpenAPI spec `file` for the stripe-mock this command starts (default: its bundled spec)")
	fs.StringVar(&c.mock.Fixtures, "fixtures", "", "fixtures `file` for the stripe-mock this command starts (default: its bundled fixtures)")
	fs.BoolVar(&c.allowRemote, "allow-non-loopback", false, "allow an -addr that is not a loopback address (the server has no authentication of its own)")
	fs.Int64Var(&c.epoch, "epoch", localserver.DefaultEpoch.Unix(), "Unix `seconds` every account's clock starts at")
	fs.Var(endpointsFlag{&c.hooks.Endpoints}, "webhook", "deliver every event, signed, to this `URL=whsec_secret` (repeatable)")
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
	if c.epoch < 0 || c.epoch > maxEpoch {
		return c, cli.Usagef("-epoch %d: want Unix seconds from 0 to %d (year 9999)", c.epoch, int64(maxEpoch))
	}
	if c.hooks.Attempts < 1 || c.hooks.Attempts > maxAttempts {
		return c, cli.Usagef("-webhook-attempts %d: want 1 to %d deliveries", c.hooks.Attempts, maxAttempts)
	}
	if err := checkLoopback(c.addr, c.allowRemote); err != nil {
		return c, err
	}
	return c, nil
}

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
	opts := localserver.Options{StripeMock: mockURL, Epoch: time.Unix(c.epoch, 0)}
	if len(c.hooks.Endpoints) > 0 {
		sender, err := webhook.New(c.hooks)
		if err != nil {
			return cli.Usagef("-webhook: %v", err)
		}
		defer sender.Wait()
		opts.PendingWebhooks = len(c.hooks.Endpoints)
		opts.OnEvents = func(evs []localserver.Event) { sender.Go(ctx, toWebhook(evs), logDelivery(stderr)) }
	}
	srv, err := localserver.New(opts)
	if err != nil {
		return err
	}
	l, err := srv.Listen(c.addr)
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

// toWebhook turns the server's events into deliverable ones.
func toWebhook(evs []localserver.Event) []webhooktest.Event {
	out := make([]webhooktest.Event, 0, len(evs))
	for _, e := range evs {
		out = append(out, webhooktest.Event{ID: e.ID, Type: e.Type, Object: e.Session, Body: e.Body})
	}
	return out
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
