package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/cli"
	"github.com/checkoutvcr/checkoutvcr/internal/cmdref"
	"github.com/checkoutvcr/checkoutvcr/internal/record"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
	"github.com/checkoutvcr/checkoutvcr/internal/webhook"
)

func main() {
	// The first Ctrl-C lets running scenarios finish and starts no new
	// one; a second one kills the process as usual.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	finished := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			again := make(chan os.Signal, 1)
			signal.Notify(again, os.Interrupt, syscall.SIGTERM)
			stop()
			fmt.Fprintln(os.Stderr, "record: interrupted; finishing the scenarios in progress (Ctrl-C again to kill)")
			select {
			case <-again:
				// Killed: no scenario finishes, but a dry run's temp
				// folder does not stay behind.
				record.RemoveDryRuns()
				fmt.Fprintln(os.Stderr, "record: killed; the scenarios in progress were not saved")
				os.Exit(exitInterrupted)
			case <-finished:
			}
		case <-finished:
		}
	}()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	close(finished)
	os.Exit(exitCode(err, os.Stderr))
}

// errBreaking means record -diff found breaking changes; they are printed.
var errBreaking = errors.New("breaking drift")

// errFailed means some scenarios were not saved; they are already printed.
var errFailed = errors.New("some scenarios were not recorded")

// exitInterrupted is the exit code after SIGINT or SIGTERM, as a shell
// reports a process killed by SIGINT (128+2); verify uses it too.
const exitInterrupted = 130

// interruptedError is a run stopped by SIGINT or SIGTERM: it says which
// scenarios were recorded before it, and that the rest were left alone.
type interruptedError struct{ sum *record.Summary }

func (e interruptedError) Error() string {
	if e.sum == nil {
		return "interrupted before any scenario was recorded; the cassettes are unchanged"
	}
	var not []string
	for _, o := range e.sum.Outcomes {
		if o.Err != nil {
			not = append(not, o.Name)
		}
	}
	total := len(e.sum.Outcomes)
	if len(not) == 0 {
		return fmt.Sprintf("interrupted: every scenario (%d) had been recorded and saved when it came", total)
	}
	return fmt.Sprintf("interrupted: recorded %d of %d scenarios; not re-recorded: %s (their cassettes are unchanged)",
		total-len(not), total, strings.Join(not, ", "))
}

func exitCode(err error, stderr io.Writer) int {
	var usage cli.UsageError
	var config *cli.ConfigError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(interruptedError)):
		fmt.Fprintln(stderr, "record:", err)
		return exitInterrupted
	case errors.Is(err, errFailed), errors.Is(err, errBreaking):
		return 1
	case errors.As(err, &usage), errors.As(err, &config), errors.Is(err, record.ErrConfig):
		fmt.Fprintln(stderr, "record:", cli.Message(err))
		return 2
	}
	fmt.Fprintln(stderr, "record:", cli.Message(err))
	return 1
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("record", flag.ContinueOnError)
	var opts record.Options
	fs.StringVar(&opts.Scenarios, "scenarios", "scenarios", "folder of scenario `dir`/*.yaml files")
	fs.StringVar(&opts.Cassettes, "cassettes", "cassettes", "folder the cassettes are written to, one `dir`/<scenario>.yaml per scenario")
	runPattern := fs.String("run", "", "record only scenarios whose name matches this `regexp`")
	redact := fs.String("redact", "", "comma-separated field `names` to scrub for this run on top of redact.yaml (winning over its keep:): a name (email), the end of a dotted path (customer_details.email) or a glob (*email*); to keep them for every re-record, list them in redact.yaml instead")
	fs.StringVar(&opts.RedactFile, "redact-config", "", "redaction policy `file` (default: redact.yaml beside the scenarios folder if there is one; else the built-in PII defaults)")
	fs.Int64Var(&opts.MaxBody, "max-body", record.DefaultMaxBody, "fail a scenario whose response body is over this many `bytes` (checked while it is read; at most 8388608)")
	server := fs.String("server", "", "the `kind` of server: local (the stateful local server over stripe-mock; default) or stripe-mock (stateless); record starts it on 127.0.0.1, or, with STRIPE_API_BASE, declares that server to be of this kind")
	fs.StringVar(&opts.Mock.Spec, "spec", "", "OpenAPI spec `file` for the stripe-mock that record starts (default: its bundled spec)")
	fs.StringVar(&opts.Mock.Fixtures, "fixtures", "", "fixtures `file` for the stripe-mock that record starts (default: its bundled fixtures)")
	fs.IntVar(&opts.Parallel, "parallel", 1, "record up to `n` scenarios at once; output stays in scenario order")
	fs.Float64Var(&opts.RateLimit, "rate", 0, "at most `n` requests per second across all scenarios (default: 20 against any server not on loopback, such as Stripe or a proxy to it; unlimited on loopback; -1: unlimited)")
	fs.DurationVar(&opts.Timeout, "timeout", record.DefaultTimeout, "give up on a request (response body included) after this `duration`; it is retried like any network error")
	fs.BoolVar(&opts.Diff, "diff", false, "record into a temp folder and compare with the cassettes folder semantically (fields added, removed, retyped, nullability, enum values); exit 1 on a breaking change; writes nothing")
	fs.Func("webhook", "deliver every event the local server emits, signed, to this `URL=whsec_secret[@VERSION]` before the next step (repeatable); @VERSION renders its events at that Stripe API version (default: the newest)", func(v string) error {
		e, err := webhook.ParseEndpoint(v)
		opts.Webhooks.Endpoints = append(opts.Webhooks.Endpoints, e)
		return err
	})
	fs.BoolVar(&opts.DryRun, "dry-run", false, "record into a temp folder and print what would change in the cassettes folder, without touching it")
	if slices.ContainsFunc(args, looksLikeKey) {
		return cli.Usagef("a key on the command line shows in ps and shell history; export STRIPE_SECRET_KEY instead")
	}
	if err := cli.Parse(fs, args, stderr, func(io.Writer) { usage(fs) }); err != nil {
		return err
	}
	var err error
	if opts.Run, err = cli.Regexp(*runPattern); err != nil {
		return err
	}
	if opts.Parallel < 1 {
		return cli.Usagef("-parallel %d: want 1 or more", opts.Parallel)
	}
	if opts.Timeout <= 0 {
		return cli.Usagef("-timeout %s: want a positive duration, e.g. 30s", opts.Timeout)
	}
	if opts.MaxBody < 1 {
		return cli.Usagef("-max-body %d: want 1 to %d bytes", opts.MaxBody, record.MaxMaxBody)
	}
	for flag, file := range map[string]string{"spec": opts.Mock.Spec, "fixtures": opts.Mock.Fixtures} {
		if file == "" {
			continue
		}
		// stripe-mock would exit with a two-line message of its own.
		if fi, err := os.Stat(file); err != nil {
			return cli.Usagef("-%s %s: %v", flag, file, errors.Unwrap(err))
		} else if !fi.Mode().IsRegular() {
			return cli.Usagef("-%s %s: not a regular file; want stripe-mock's JSON %s file", flag, file, flag)
		}
	}
	if *redact != "" {
		opts.RedactFields = strings.Split(*redact, ",")
	}
	opts.BaseURL = getenv("STRIPE_API_BASE")
	opts.Key = getenv("STRIPE_SECRET_KEY")
	switch *server {
	case "", record.StartLocal, record.StartStripeMock:
	default:
		return cli.Usagef("-server %q: want %s or %s", *server, record.StartLocal, record.StartStripeMock)
	}
	switch {
	case *server != "" && opts.BaseURL != "":
		opts.Server = cassette.Server{Kind: *server, Stateful: *server == record.StartLocal, Local: true}
	case *server != "" && opts.Key != "":
		return cli.Usagef("-server %s: STRIPE_SECRET_KEY without STRIPE_API_BASE records against Stripe; unset it to record against a local server", *server)
	}
	opts.Start = *server
	opts.Log = stdout
	opts.Progress = report.IsTerminal(stdout)
	if err := scenariosHere(fs, opts.Scenarios); err != nil {
		return err
	}
	sum, err := record.Run(ctx, opts)
	if ctx.Err() != nil { // SIGINT or SIGTERM, at start-up or while recording
		return interruptedError{sum}
	}
	if err != nil {
		return err
	}
	if sum.Failed() > 0 {
		return errFailed
	}
	if sum.Breaking() > 0 {
		return errBreaking
	}
	return nil
}

// scenariosHere refuses the default scenarios folder when it does not
// exist, as in a team's module whose Go tests record through the vcr
// package: the usage error says what record needs.
func scenariosHere(flags *flag.FlagSet, dir string) error {
	set := false
	flags.Visit(func(f *flag.Flag) { set = set || f.Name == "scenarios" })
	if _, err := os.Stat(dir); set || !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return cli.Usagef("no %s folder here: record runs scenario files (-scenarios DIR); a Go test records its own calls through the vcr package instead (go doc github.com/checkoutvcr/checkoutvcr/checkoutvcrtest)", dir)
}

// usage prints the help, naming the commands as they are typed from here
// (go tool record in a module that declares it as a tool: see
// [cmdref.Command]).
func usage(fs *flag.FlagSet) {
	text := strings.ReplaceAll(usageText, "go run ./cmd/record", cmdref.Command(".", "record"))
	fmt.Fprint(fs.Output(), strings.ReplaceAll(text, "go run ./cmd/checkoutserver", cmdref.Command(".", "checkoutserver")))
	fs.PrintDefaults()
}

const usageText = `Usage: go run ./cmd/record [flags]

record runs each scenario in scenarios/ against a Stripe server and saves
its interactions as cassettes/<scenario>.yaml (go-vcr v3). A cassette is
replaced only when its whole scenario succeeded; otherwise the old one is
kept byte for byte.

The server comes from the environment and -server:
  neither             start stripe-mock and, over it, the local Checkout
                      server (stateful: expect_stateful checked, pay steps
                      run), both on 127.0.0.1, and stop both at the end
  -server stripe-mock start a plain stripe-mock instead (stateless: pay
                      steps are skipped, and say so)
  STRIPE_API_BASE     record against this base URL (e.g. http://127.0.0.1:12111);
                      it must accept a connection before anything runs; a
                      loopback one is taken for stripe-mock unless -server
                      says local (e.g. a running go run ./cmd/checkoutserver)
  STRIPE_SECRET_KEY   a test-mode key (sk_test_… or rk_test_…); with no
                      STRIPE_API_BASE, record against https://api.stripe.com
  CHECKOUTVCR_STRIPE_MOCK
                      the stripe-mock binary to start (an absolute path or
                      a name in PATH); by default the module's pinned tool
                      (go tool -n stripe-mock)
Without STRIPE_SECRET_KEY each scenario records with a dummy key of its own,
sk_test_<name without _>: an account of its own on the local server, so
-parallel gives the same bytes as a serial run. Against the local server,
re-recording unchanged scenarios writes the same bytes; against any server
a new recording that differs only in ids and timestamps keeps the old file.
Live keys (sk_live_…, rk_live_…) are refused before any request. The key,
credentials in STRIPE_API_BASE, Authorization, cookies and client_secret
values never reach a cassette or the log, in any encoding; the personal
data of a session (email, phone, name, address, tax ids) is replaced by
REDACTED unless redact.yaml keeps it (see README, Safety).

Exit status: 0 when every selected scenario was saved (or, with -diff, no
breaking drift), 1 when some were not (or a change is breaking), 2 for bad
flags, a refused key, an unreachable STRIPE_API_BASE, a stripe-mock that
cannot be found (no tool line, a bad CHECKOUTVCR_STRIPE_MOCK) or unreadable
scenario files, 130 when interrupted (SIGINT or SIGTERM; the message
names the scenarios not re-recorded).

Flags:
`

// looksLikeKey spots a Stripe key passed as an argument, in any spelling:
// -run=sk_test_…, a key inside a pattern, after any prefix.
func looksLikeKey(arg string) bool { return stripekey.Contains(arg) }
