// Package record runs scenarios against a Stripe server and saves each
// scenario's interactions as a go-vcr cassette.
package record

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/localserver"
	"github.com/checkoutvcr/checkoutvcr/internal/outcome"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
	"github.com/checkoutvcr/checkoutvcr/internal/webhook"
)

// MockKey is the dummy key used against stripe-mock, which accepts any
// well-formed test key. Record itself gives each scenario a key of its
// own ([ScenarioKey]) when no Key is set.
const MockKey = "sk_test_checkoutvcr"

// ScenarioKey is the dummy key a scenario records with when no key is
// given: sk_test_ and the scenario's name without "_" (stripe-mock
// refuses a "_" after sk_test_), e.g. sk_test_listsessions. On the local
// server each key is an account of its own, so scenarios recorded in
// parallel never see each other's sessions. Like any key, it never
// reaches a cassette.
func ScenarioKey(name string) string { return "sk_test_" + strings.ReplaceAll(name, "_", "") }

// What record starts when given neither BaseURL nor Key; see
// [Options].Start.
const (
	// StartLocal is the local server (internal/localserver) over a
	// stripe-mock: it keeps state, so every expect_stateful is checked and
	// pay steps run. The default.
	StartLocal = "local"
	// StartStripeMock is a plain stripe-mock, which keeps no state.
	StartStripeMock = "stripe-mock"
)

// Options configure [Run].
type Options struct {
	// Scenarios is the folder of scenario files; "" means "scenarios".
	Scenarios string
	// Cassettes is the folder cassettes are written to; "" means "cassettes".
	Cassettes string
	// Run selects scenarios whose name matches; nil means all.
	Run *regexp.Regexp
	// BaseURL is the server to record against. "" means: Stripe
	// (client.DefaultBaseURL) if Key is set, else a stripe-mock started
	// for this run on 127.0.0.1 and stopped at the end. A BaseURL is
	// dialled once before anything runs; if nothing answers, Run returns
	// an error wrapping [ErrConfig].
	BaseURL string
	// Server declares what the BaseURL server is (kind, stateful, local);
	// it is stamped into every cassette and decides whether a step's
	// expect_stateful applies. The zero Server means: for a BaseURL on
	// loopback, a stripe-mock (stateless); for any other BaseURL, Stripe
	// (stateful), directly or through a proxy. Without a BaseURL the
	// server is known and Server is ignored: Stripe with a Key, else the
	// stripe-mock Run starts.
	Server cassette.Server
	// Key is the secret key; "" means each scenario's [ScenarioKey]. Live
	// keys are refused.
	Key string
	// Start is what Run starts on 127.0.0.1 when BaseURL and Key are "":
	// [StartLocal] ("" means it) or [StartStripeMock].
	Start string
	// Mock configures the stripe-mock started when BaseURL and Key are "";
	// with its URL set, that running stripe-mock is used instead and left
	// running (tests share one this way).
	Mock stripemock.Options
	// Transport sends the requests; nil means [http.DefaultTransport].
	Transport http.RoundTripper
	// RedactFields are extra field names scrubbed on top of the policy
	// (rules of [redact.Rule]); nil means none.
	RedactFields []string
	// Redact is the redaction policy; nil means the one in RedactFile.
	Redact *redact.Policy
	// RedactFile is the committed policy file (see [redact.File]); ""
	// means [RedactFile] in the folder above Scenarios if there is one,
	// else [redact.Default]. Secrets (the key, STRIPE_API_BASE
	// credentials, every client_secret) are always redacted.
	RedactFile string
	// MaxBody bounds each response body, checked while it is read; 0
	// means [DefaultMaxBody]. A larger body fails its scenario.
	MaxBody int64
	// Env resolves ${env.NAME}; nil means the process environment.
	Env scenario.Env
	// Webhooks, when it has endpoints, has the local server that Run
	// starts deliver every event it emits to them, signed, before the
	// scenario's next step (see internal/webhook): a scenario run drives
	// your own webhook handler. Delivery failures are logged and do not
	// fail the scenario; the cassette does not depend on them
	// (pending_webhooks stays 0). The zero value delivers nothing. It is
	// ignored for any other server. Since a step waits for its deliveries,
	// zero Attempts, Backoff and Client mean [WebhookAttempts] tries,
	// [WebhookBackoff] apart, each bounded by [WebhookTimeout].
	Webhooks webhook.Options
	// Log receives one line per scenario and a summary; nil discards.
	Log io.Writer
	// Parallel is how many scenarios record at once; 0 means 1.
	Parallel int
	// Progress shows a live line for the scenario being recorded, for a
	// terminal; without it Log gets plain lines only.
	Progress bool
	// RateLimit caps requests per second across all workers. 0 means
	// [DefaultStripeRate] against any server that is not on loopback
	// (Stripe, or Stripe through a proxy) and no limit on loopback
	// (stripe-mock); negative means no limit.
	RateLimit float64
	// DryRun records into a temp folder, prints what would change in
	// Cassettes, and leaves Cassettes untouched.
	DryRun bool
	// Diff is a dry run that compares the new recordings with the
	// committed ones semantically (fields added or removed, types,
	// nullability, enum values newly seen) and fills [Summary].Drift.
	Diff bool
	// Sleep waits between the client's retries; nil means a real timer.
	// Tests inject one so that retries do not really wait.
	Sleep func(ctx context.Context, d time.Duration) error
	// Timeout bounds each request, response body included; 0 means
	// [DefaultTimeout].
	Timeout time.Duration
}

// Record's webhook delivery bounds (see [Options].Webhooks): a step
// waits for its deliveries, so a down endpoint must cost little.
const (
	// WebhookAttempts is how many times record tries one delivery.
	WebhookAttempts = 2
	// WebhookBackoff is the wait before the retry.
	WebhookBackoff = 200 * time.Millisecond
	// WebhookTimeout bounds each attempt.
	WebhookTimeout = 3 * time.Second
)

// DefaultTimeout bounds each request when [Options].Timeout is 0; it is
// the client's own default.
const DefaultTimeout = 80 * time.Second

// probeTimeout bounds the connection attempt that checks, before any
// scenario runs, that a STRIPE_API_BASE server is there.
const probeTimeout = 3 * time.Second

// staleTempAge is how old a hidden temp file in the cassettes folder must
// be before a record run removes it as the leftover of a killed run.
const staleTempAge = time.Hour

// DefaultStripeRate keeps under Stripe's test-mode limit of about 25
// requests a second.
const DefaultStripeRate = 20

// ErrConfig marks the errors of [Run] that come from its inputs (the
// key, a scenario file, the cassettes folder, the server to record
// against), as opposed to a failed scenario: test it with [errors.Is].
var ErrConfig = errors.New("record: configuration")

// configError wraps err so that errors.Is(err, [ErrConfig]) holds; its
// message stays err's.
type configError struct{ err error }

func (e configError) Error() string   { return e.err.Error() }
func (e configError) Unwrap() []error { return []error{e.err, ErrConfig} }

// ErrInterrupted marks scenarios not started because the run was
// interrupted.
var ErrInterrupted = errors.New("interrupted before this scenario started")

// ErrLiveKey is returned, before any request, for a live-mode key.
var ErrLiveKey = errors.New("refusing a live-mode key: record only with a test-mode key (sk_test_… or rk_test_…) or none for stripe-mock")

// Outcome is what happened to one scenario.
type Outcome struct {
	// Name is the scenario's name.
	Name string
	// Steps counts the scenario's steps; 0 when it did not run.
	Steps int
	// Interactions counts the requests recorded.
	Interactions int
	// Duration is how long recording the scenario took; 0 if it did not
	// start.
	Duration time.Duration
	// Skipped names the steps not sent, each with why: control steps
	// (op pay) against a server without control endpoints.
	Skipped []string
	// Kept is true when the new recording differed from the cassette
	// already there, but only in ids and timestamps, so the old file was
	// kept. A recording byte-identical to it is not Kept: nothing changed.
	Kept bool
	// Err is why the scenario was not saved (an [ErrInterrupted] if it
	// never started); nil means its cassette was written.
	Err error
	// Existed says a cassette for the scenario was there before the run;
	// the messages then say "old cassette kept", else "no cassette".
	Existed bool
	// Written says the recording was written: always when Err is nil, and
	// in a dry run ([Options].DryRun or Diff) also when every step got an
	// answer that the outcome rule refused (a body the client cannot
	// decode), so that the dry run can show what changed.
	Written bool
}

// Summary is the result of a record run.
type Summary struct {
	// Target is the base URL of the server recorded against.
	Target string
	// Outcomes holds one entry per selected scenario, in name order.
	Outcomes []Outcome
	// Drift is set by a [Options].Diff run; nil otherwise.
	Drift []Drift
}

// Breaking counts the breaking changes in s.Drift.
func (s *Summary) Breaking() int {
	n := 0
	for _, d := range s.Drift {
		if d.Breaking {
			n++
		}
	}
	return n
}

// Failed counts scenarios that were not saved.
func (s *Summary) Failed() int {
	n := 0
	for _, o := range s.Outcomes {
		if o.Err != nil {
			n++
		}
	}
	return n
}

// CheckKey refuses live-mode keys (with [ErrLiveKey]) and anything that
// is not a Stripe secret or restricted test key, of the shape
// [stripekey.CheckShape] checks: the prefix, then letters and digits only
// (a trailing newline or carriage return is refused, not trimmed). ""
// is allowed: it means stripe-mock.
func CheckKey(key string) error {
	switch {
	case key == "":
		return nil
	case stripekey.IsLiveKey(key):
		return ErrLiveKey
	case stripekey.IsTestKey(key):
		return stripekey.CheckShape("STRIPE_SECRET_KEY", key)
	}
	return errors.New("STRIPE_SECRET_KEY does not look like a Stripe test key (sk_test_… or rk_test_…)")
}

// Run records every selected scenario. A scenario's cassette is replaced
// only when every step got a response and its expectations held; the
// error is for problems that stop the whole run (bad key, bad scenarios,
// stripe-mock not starting).
func Run(ctx context.Context, opts Options) (*Summary, error) {
	if err := CheckKey(opts.Key); err != nil {
		return nil, configError{err}
	}
	if err := checkOptions(opts); err != nil {
		return nil, configError{err}
	}
	scs, err := scenario.Select(cmp.Or(opts.Scenarios, "scenarios"), opts.Run)
	if err != nil {
		return nil, configError{err}
	}
	pol, err := policy(opts, cmp.Or(opts.Scenarios, "scenarios"))
	if err != nil {
		return nil, configError{err}
	}
	red := newRedactor(opts, pol, cmp.Or(opts.Key, MockKey))
	log := io.Writer(io.Discard)
	if opts.Log != nil {
		log = &redactingWriter{w: opts.Log, red: red}
	}
	into := cmp.Or(opts.Cassettes, "cassettes")
	if !opts.DryRun && !opts.Diff {
		if err := checkWritable(into); err != nil {
			return nil, configError{err}
		}
		removeStaleTemps(log, into, time.Now())
	}
	base, key, server, stop, err := target(ctx, opts, log)
	if err != nil {
		return nil, err
	}
	defer stop()
	// A killed dry run leaves its temp folder; any later run removes it.
	removeStaleDryRuns(log, os.TempDir(), time.Now())
	if opts.DryRun || opts.Diff {
		var release func()
		if into, release, err = makeDryRunDir(); err != nil {
			return nil, err
		}
		defer release()
	}
	r := &runner{opts: opts, base: base, key: key, server: server, into: into, red: red,
		transport: guard{next: limit(opts, base), maxBody: cmp.Or(opts.MaxBody, DefaultMaxBody)}}
	sum := &Summary{Target: red.URL(base), Outcomes: r.all(ctx, scs, log)}
	warnUnmatched(log, red, sum)
	if opts.DryRun {
		printChanges(log, sum, into, cmp.Or(opts.Cassettes, "cassettes"))
	}
	shown := into // a dry run names the folder it left untouched
	if opts.DryRun || opts.Diff {
		shown = cmp.Or(opts.Cassettes, "cassettes")
	}
	printSummary(log, sum, len(scs), shown, opts.DryRun || opts.Diff)
	if opts.Diff {
		sum.Drift = diffDirs(sum, into, cmp.Or(opts.Cassettes, "cassettes"))
		for i := range sum.Drift { // field names and values come from the server
			sum.Drift[i].Path, sum.Drift[i].Change = red.String(sum.Drift[i].Path), red.String(sum.Drift[i].Change)
		}
		printDrift(log, sum.Drift)
	}
	return sum, nil
}

// runner records scenarios; it is shared by the workers.
type runner struct {
	opts      Options
	base, key string
	server    cassette.Server // what base declares itself
	into      string          // folder the cassettes are written to
	red       *redact.Redactor
	transport http.RoundTripper
}

// all records scs with opts.Parallel workers and prints each outcome in
// scenario order as soon as it and those before it are done. Once ctx is
// cancelled (SIGINT) no new scenario starts; those running finish, so no
// cassette is left half-recorded.
func (r *runner) all(ctx context.Context, scs []scenario.Entry, log io.Writer) []Outcome {
	outcomes := make([]Outcome, len(scs))
	done := make([]chan struct{}, len(scs))
	for i := range done {
		done[i] = make(chan struct{})
	}
	next := make(chan int)
	go func() {
		defer close(next)
		for i, sc := range scs {
			if ctx.Err() == nil {
				select {
				case next <- i:
					continue
				case <-ctx.Done():
				}
			}
			outcomes[i] = Outcome{Name: sc.Name, Err: ErrInterrupted, Existed: r.existed(sc.Name)}
			close(done[i])
		}
	}()
	for range max(1, r.opts.Parallel) {
		go func() {
			for i := range next {
				// Not ctx: an interrupt lets a started scenario finish.
				outcomes[i] = r.scenario(context.WithoutCancel(ctx), scs[i])
				outcomes[i].Err = scrub(r.red, outcomes[i].Err)
				close(done[i])
			}
		}()
	}
	for i, sc := range scs {
		if r.opts.Progress {
			// A live line, replaced by the outcome when it is known.
			fmt.Fprintf(log, "\r\x1b[K⋯ %-24s recording (%d of %d)", sc.Name, i+1, len(scs))
			<-done[i]
			fmt.Fprint(log, "\r\x1b[K")
		}
		<-done[i]
		printOutcome(log, outcomes[i])
	}
	return outcomes
}

// target picks the server, starting stripe-mock when needed, and says
// what it is.
func target(ctx context.Context, opts Options, log io.Writer) (base, key string, server cassette.Server, stop func(), err error) {
	key = opts.Key
	switch {
	case opts.BaseURL != "":
		u, err := url.Parse(opts.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", "", server, nil, configError{fmt.Errorf("STRIPE_API_BASE %q is not an http(s) URL", redact.Display(opts.BaseURL))}
		}
		if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(opts.BaseURL, "#") {
			return "", "", server, nil, configError{fmt.Errorf("STRIPE_API_BASE %s has a query or fragment; give the scheme, host and optional path prefix only, e.g. http://127.0.0.1:12111", redact.Display(opts.BaseURL))}
		}
		if err := probe(ctx, redact.Display(opts.BaseURL), u); err != nil {
			return "", "", server, nil, configError{err}
		}
		// A path prefix (a proxy's /stripe) is kept; the client appends
		// /v1/… to it.
		u.Path, u.RawPath = strings.TrimRight(u.Path, "/"), strings.TrimRight(u.RawPath, "/")
		return u.String(), key, declared(opts), func() {}, nil
	case opts.Key != "":
		return client.DefaultBaseURL, key, cassette.Server{Kind: cassette.ServerStripe, Stateful: true}, func() {}, nil
	}
	start := cmp.Or(opts.Start, StartLocal)
	if start != StartLocal && start != StartStripeMock {
		return "", "", server, nil, configError{fmt.Errorf("server %q: want %s or %s", start, StartLocal, StartStripeMock)}
	}
	if opts.Mock.URL == "" {
		fmt.Fprintln(log, "starting stripe-mock on 127.0.0.1 (the first run builds it; this can take a minute)…")
	}
	srv, err := stripemock.Start(ctx, opts.Mock)
	if errors.Is(err, stripemock.ErrSetup) {
		return "", "", server, nil, configError{err}
	}
	if err != nil {
		return "", "", server, nil, err
	}
	if start == StartStripeMock {
		return srv.URL, key, cassette.Server{Kind: cassette.ServerStripeMock, Local: true}, func() { srv.Close() }, nil
	}
	// A fixed epoch: ids, timestamps and Request-Ids repeat, so an
	// unchanged scenario re-records to the same bytes.
	lopts := localserver.Options{StripeMock: srv.URL, Epoch: localserver.DefaultEpoch}
	if len(opts.Webhooks.Endpoints) > 0 {
		hooks := recordWebhooks(opts.Webhooks)
		// Each endpoint gets the events at its own version, else the newest.
		hooks.Render, hooks.DefaultVersion = localserver.RenderEvent, localserver.NewestVersion()
		sender, err := webhook.New(hooks)
		if err != nil {
			srv.Close()
			return "", "", server, nil, configError{err}
		}
		lopts.OnEvents = deliverer(ctx, sender, log)
	}
	ls, err := localserver.New(lopts)
	if err == nil {
		var l *localserver.Listening
		if l, err = ls.Listen(""); err == nil {
			fmt.Fprintln(log, "local Checkout server on 127.0.0.1, over stripe-mock")
			return l.URL, key, cassette.Server{Kind: cassette.ServerLocal, Stateful: true, Local: true}, func() { l.Close(); srv.Close() }, nil
		}
	}
	srv.Close()
	return "", "", server, nil, fmt.Errorf("starting the local server: %w", err)
}

// recordWebhooks fills in record's delivery bounds where o leaves them.
func recordWebhooks(o webhook.Options) webhook.Options {
	o.Attempts = cmp.Or(o.Attempts, WebhookAttempts)
	o.Backoff = cmp.Or(o.Backoff, WebhookBackoff)
	if o.Client == nil {
		o.Client = &http.Client{Timeout: WebhookTimeout, CheckRedirect: noRedirects}
	}
	return o
}

// deliverer delivers each batch of events before the request that
// emitted them is answered, and logs the deliveries that failed.
func deliverer(ctx context.Context, sender *webhook.Sender, log io.Writer) func([]localserver.Event) {
	var mu sync.Mutex
	return func(evs []localserver.Event) {
		for _, r := range sender.Deliver(ctx, localserver.WebhookEvents(evs)) { // rendered per endpoint
			if r.Delivered {
				continue
			}
			last := r.Attempts[len(r.Attempts)-1]
			mu.Lock()
			fmt.Fprintf(log, "webhook %s %s to %s not delivered after %d attempt(s): %v\n", r.Event.Type, r.Event.ID, r.Endpoint, len(r.Attempts), last.Err)
			mu.Unlock()
		}
	}
}

// declared is what the server at opts.BaseURL is: opts.Server if set,
// else a stripe-mock on loopback and Stripe anywhere else.
func declared(opts Options) cassette.Server {
	if opts.Server != (cassette.Server{}) {
		return opts.Server
	}
	if isLocal(opts.BaseURL) {
		return cassette.Server{Kind: cassette.ServerStripeMock, Local: true}
	}
	return cassette.Server{Kind: cassette.ServerStripe, Stateful: true}
}

// probe dials the server at u once, so that an unreachable
// STRIPE_API_BASE is reported at once instead of after every scenario's
// retries.
func probe(ctx context.Context, raw string, u *url.URL) error {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	d := net.Dialer{Timeout: probeTimeout}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(u.Hostname(), port))
	if err != nil {
		return fmt.Errorf("cannot reach STRIPE_API_BASE %s (%s); is the server running?", raw, dialReason(err))
	}
	conn.Close()
	return nil
}

// dialReason is the short cause of a failed dial: "connection refused",
// "no answer within 3s", "lookup nohost: no such host".
func dialReason(err error) string {
	var errno syscall.Errno
	var dns *net.DNSError
	var ne net.Error
	switch {
	case errors.As(err, &errno):
		return errno.Error()
	case errors.As(err, &dns):
		return dns.Error()
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("no answer within %s", probeTimeout)
	}
	return err.Error()
}

// isLocal reports whether base is on this machine's loopback (127.0.0.0/8,
// ::1, localhost): a stripe-mock, not Stripe. Anything else may be Stripe,
// directly or through a proxy, and gets Stripe's treatment.
func isLocal(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// removeStaleTemps removes the hidden temp files (.<name>.yaml.tmp-*, and
// the write test's) that a killed record run left in dir. Only files older
// than staleTempAge: a younger one may belong to a run still going.
func removeStaleTemps(log io.Writer, dir string, now time.Time) {
	var removed []string
	for _, pattern := range []string{".*.yaml.tmp-*", ".checkoutvcr-write-test-*"} {
		paths, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, p := range paths {
			info, err := os.Lstat(p)
			if err != nil || !info.Mode().IsRegular() || now.Sub(info.ModTime()) < staleTempAge {
				continue
			}
			if os.Remove(p) == nil {
				removed = append(removed, filepath.Base(p))
			}
		}
	}
	if len(removed) > 0 {
		fmt.Fprintf(log, "removed %s left by an earlier, killed run: %s\n", plural(len(removed), "temp file"), strings.Join(removed, ", "))
	}
}
func (r *runner) scenario(ctx context.Context, e scenario.Entry) Outcome {
	start := time.Now()
	o := Outcome{Name: e.Name, Existed: r.existed(e.Name)}
	sc, err := scenario.ParseFile(e.File)
	if err != nil {
		o.Err = err // it parsed when the run began; changed since?
		return o
	}
	o.Steps = len(sc.Steps)
	set, err := scenarioContracts(sc.StripeVersion)
	if err != nil {
		o.Err = err
		return o
	}
	if o.Err = redactedExpectations(sc, r.red); o.Err != nil {
		return o
	}
	key := cmp.Or(r.key, ScenarioKey(sc.Name))
	r.red.AddSecret(key)
	rec, err := cassette.RecordWith(cassette.Path(r.into, sc.Name), cassette.RecordOptions{
		Transport: r.transport,
		Redactor:  cassette.Redactor{With: r.red},
		Server:    r.server,
		Keep: func(recorded, existing string) bool {
			if sameBytes(recorded, existing) {
				return true
			}
			o.Kept = onlyVolatile(recorded, existing)
			return o.Kept
		},
	})
	if err != nil {
		o.Err = err
		return o
	}
	// The client says which exchanges it retries; those alone are dropped.
	onRetry := func(resp *client.Response, _ error) {
		if resp != nil {
			rec.Retried()
		}
	}
	keys := &derivedKeys{}
	c := client.New(key, client.Options{BaseURL: r.base, Sleep: r.opts.Sleep, OnRetry: onRetry,
		HTTPClient: &http.Client{Transport: keys.transport(contractGuard{set: set, next: rec.Transport()}), CheckRedirect: noRedirects, Timeout: timeout(r.opts)}})
	dry := r.opts.DryRun || r.opts.Diff
	var stop func(scenario.StepResult) bool
	if !dry {
		// The scenario already fails and will not be saved: no more of
		// its requests (against Stripe, objects made for nothing). A dry
		// run goes on, to show every change.
		stop = func(sr scenario.StepResult) bool {
			return outcomeError(&scenario.Result{Scenario: sc, Steps: []scenario.StepResult{sr}}, r.server, set) != nil
		}
	}
	res := scenario.Run(ctx, sc, scenario.RunOptions{Client: c, Env: r.opts.Env, IdempotencyKey: keys.derive(idempotencyKey(r.base)),
		Controls: r.server.Kind == cassette.ServerLocal, StopAfter: stop})
	for _, sr := range res.Steps {
		if sr.Skipped != "" {
			o.Skipped = append(o.Skipped, sr.Step.ID+": "+sr.Skipped)
		}
		if sr.EventsSkipped != "" {
			o.Skipped = append(o.Skipped, sr.Step.ID+" (expect_events): "+sr.EventsSkipped)
		}
	}
	o.Interactions = rec.Interactions()
	o.Err = outcomeError(res, r.server, set)
	commit := rec.Commit
	if dry {
		commit = func() error { return writeDryRun(rec.Commit) }
	}
	switch {
	case o.Err == nil:
		o.Err = commit()
		o.Written = o.Err == nil
	case dry && res.Err() == nil:
		o.Written = commit() == nil
	default:
		rec.Abort()
	}
	o.Duration = time.Since(start)
	return o
}

// existed reports whether the cassettes folder (the real one, also in a
// dry run) holds a cassette for scenario name.
func (r *runner) existed(name string) bool {
	_, err := os.Lstat(cassette.Path(cmp.Or(r.opts.Cassettes, "cassettes"), name))
	return err == nil
}

// timeout is the per-request limit opts ask for.
func timeout(opts Options) time.Duration {
	if opts.Timeout <= 0 {
		return DefaultTimeout
	}
	return opts.Timeout
}

// noRedirects keeps the key from following a redirect to another host.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// idempotencyKey derives keys from scenario and step, so re-recording
// against stripe-mock changes only what the server changed. Against a
// server not on loopback (Stripe, or Stripe through a proxy) a per-run
// suffix is added: Stripe remembers keys for 24 hours and would replay the
// first run's responses. [derivedKeys] then appends a hash of the request
// itself.
func idempotencyKey(base string) func(*scenario.Scenario, *scenario.Step) string {
	suffix := ""
	if !isLocal(base) {
		suffix = "-" + time.Now().UTC().Format("20060102T150405")
	}
	return func(sc *scenario.Scenario, st *scenario.Step) string {
		return "checkoutvcr-" + sc.Name + "-" + st.ID + suffix
	}
}

// outcomeError says why a run must not be saved, for the first step that
// went wrong: no response, an expectation that did not hold, or an
// exchange that the outcome rule ([outcome.Check], shared with verify)
// fails: a body the client cannot decode, a redirect, an error status no
// expectation asks for (a 500 is not worth a cassette).
//
// It also refuses a response holding an integer that a Go client's int64
// cannot hold where the contract says integer ([contracts.Set.CheckIntegers]),
// in a field the client models or not: verify reports it as wrong_type.
func outcomeError(res *scenario.Result, server cassette.Server, set *contracts.Set) error {
	for _, sr := range res.Steps {
		if sr.Skipped != "" {
			continue
		}
		var reqErr *RequestError
		if errors.As(sr.Err, &reqErr) {
			return fmt.Errorf("step %q (%s): %w", sr.Step.ID, sr.Step.Pos, reqErr)
		}
		if sr.Response == nil {
			return sr.Err
		}
		apply, _ := sr.Applicable(server.Stateful) // verify reports what is skipped
		for _, e := range apply {
			if ms := e.Check(sr.Response.StatusCode, sr.JSON); len(ms) > 0 {
				return fmt.Errorf("step %q (%s): %s failed: %s%s", sr.Step.ID, sr.Step.Pos, e.Name, ms[0], stripeSaid(sr.Response.StatusCode, sr.JSON))
			}
		}
		for _, er := range sr.Events {
			if ms := er.Check(); len(ms) > 0 {
				return fmt.Errorf("step %q (%s): expect_events %s (line %d) failed: %s", sr.Step.ID, sr.Step.Pos, er.Expect.Type, er.Expect.Pos.Line, ms[0])
			}
		}
		// An integer first: verify words it so too (wrong_type at its path).
		if vs, err := set.CheckIntegers(sr.Step.ContractOp(), sr.Response.StatusCode, sr.JSON); err == nil && len(vs) > 0 {
			f := report.FromContracts(contracts.Finding{Violation: vs[0], Severity: vs[0].Kind.Severity(), Interaction: -1})
			return fmt.Errorf("step %q (%s): [%s] %s; a Go client cannot decode it", sr.Step.ID, sr.Step.Pos, f.Kind, f.String())
		}
		if f := outcome.Check(sr, server.Stateful); f != nil {
			return fmt.Errorf("step %q (%s): %s [%s]", sr.Step.ID, sr.Step.Pos, f.Message, f.Kind)
		}
		if sr.Err != nil {
			return sr.Err
		}
	}
	return nil
}

// stripeSaid quotes the message and param of the Stripe error in an
// error response, for an expectation that failed because of it:
// `; Stripe said: "Received unknown parameter: x" (param x)`.
func stripeSaid(status int, body any) string {
	obj, _ := body.(map[string]any)
	e, _ := obj["error"].(map[string]any)
	msg, _ := e["message"].(string)
	if status < 400 || msg == "" {
		return ""
	}
	out := fmt.Sprintf("; Stripe said: %q", msg)
	if param, _ := e["param"].(string); param != "" {
		out += " (param " + param + ")"
	}
	return out
}

// plural is "1 step", "2 steps".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func printOutcome(w io.Writer, o Outcome) {
	kept := "old cassette kept"
	if !o.Existed {
		kept = "there was no old cassette"
	}
	if errors.Is(o.Err, ErrInterrupted) {
		fmt.Fprintf(w, "- %-24s not recorded (interrupted); %s\n", o.Name, kept)
		return
	}
	if o.Err != nil {
		fmt.Fprintf(w, "✗ %-24s not saved (%s): %v\n", o.Name, kept, o.Err)
		return
	}
	note := ""
	if o.Kept {
		note = "; only ids and timestamps changed: old cassette kept"
	}
	fmt.Fprintf(w, "✓ %-24s %s, %s, %s%s\n", o.Name, plural(o.Steps, "step"), plural(o.Interactions, "interaction"), o.Duration.Round(time.Millisecond), note)
	for _, s := range o.Skipped {
		fmt.Fprintf(w, "    skipped step %s\n", s)
	}
}

// printSummary ends a run's log; into is the cassettes folder (in a dry
// run, the one left untouched).
func printSummary(w io.Writer, sum *Summary, total int, into string, dryRun bool) {
	var interrupted []string
	for _, o := range sum.Outcomes {
		if errors.Is(o.Err, ErrInterrupted) {
			interrupted = append(interrupted, o.Name)
		}
	}
	verb := "recorded"
	if dryRun {
		verb, into = "dry run: recorded", "a temp folder ("+strings.TrimSuffix(into, string(filepath.Separator))+string(filepath.Separator)+" untouched)"
	}
	fmt.Fprintf(w, "%s %d of %s against %s into %s\n", verb, total-sum.Failed(), plural(total, "scenario"), sum.Target, into)
	if len(interrupted) > 0 {
		fmt.Fprintf(w, "interrupted: not re-recorded: %s (their cassettes are unchanged)\n", strings.Join(interrupted, ", "))
	}
}

// checkWritable makes sure cassettes can be saved in dir before any
// request is made: it creates dir if needed, then a file in it.
func checkWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cassettes folder: %w", err)
	}
	f, err := os.CreateTemp(dir, ".checkoutvcr-write-test-*")
	if err != nil {
		return fmt.Errorf("cassettes folder %s is not writable: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}
