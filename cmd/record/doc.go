// Command record runs the scenarios in scenarios/ against a Stripe server
// and saves every interaction as a go-vcr v3 cassette in cassettes/, one
// per scenario. It is what `make record` runs.
//
// By default it starts stripe-mock (pinned in go.mod as a Go tool) on a
// free 127.0.0.1 port, then the local Checkout server
// (internal/localserver, also runnable as cmd/checkoutserver) over it on
// another, records against the local server and stops both at the end
// (CHECKOUTVCR_STRIPE_MOCK names another stripe-mock binary to start).
// The local server keeps state, so every expect_stateful of a scenario is
// checked and pay steps (op pay) run; each cassette is stamped
// "Checkoutvcr-Server: local; stateful=true; local=true". With
// -server stripe-mock it starts a plain stripe-mock instead, which keeps
// no state: pay steps are skipped and reported as skipped by name
// ("skipped step pay: op pay needs the local server's control endpoint…").
// With STRIPE_API_BASE, -server says what that server is (-server local
// for a running cmd/checkoutserver; a loopback server is otherwise taken
// for stripe-mock). With STRIPE_SECRET_KEY set
// to a test-mode key it records against Stripe's test mode instead; with
// STRIPE_API_BASE it records against that server, after checking once that
// it accepts a connection: an unreachable server is reported at once, with
// exit status 2 ("cannot reach STRIPE_API_BASE http://127.0.0.1:1
// (connection refused); is the server running?").
//
//	go run ./cmd/record                              # the local server on loopback
//	go run ./cmd/record -server stripe-mock          # plain stripe-mock on loopback
//	STRIPE_SECRET_KEY=sk_test_… go run ./cmd/record  # Stripe test mode
//	go run ./cmd/record -run lifecycle               # one scenario
//	go run ./cmd/record -dry-run                     # what would change, writing nothing
//	go run ./cmd/record -webhook http://127.0.0.1:4242/webhook=whsec_test_secret
//	                                                 # drive your webhook handler with the events
//
// With -webhook (repeatable), the local server record starts delivers each
// event it emits (checkout.session.completed, .expired,
// .async_payment_succeeded, .async_payment_failed) to URL, signed with the
// whsec_ secret as Stripe signs deliveries, before the scenario's next
// step; failed deliveries are retried, then logged, and never change a
// cassette. URL=whsec_…@2025-08-27.basil renders that endpoint's events
// (api_version and data.object) at that Stripe API version; without
// @VERSION they are at the local server's default, the newest version.
//
// A scenario that states stripe_version: (e.g. 2025-08-27.basil) sends it
// as the Stripe-Version of its every request; the local server answers at
// it, and the cassette's Stripe-Version response headers say which version
// answered.
//
// A request that gets no complete answer within -timeout (default 80s) is
// retried like any network error, at most twice.
//
// Safety: live-mode keys are refused before any request, and so is a key
// in any argument (-run=sk_test_…). Everything record writes or prints
// passes through one redactor (internal/redact): Authorization, Cookie and
// Set-Cookie headers are dropped; the key, STRIPE_API_BASE credentials and
// every client_secret are replaced wherever they occur, raw, JSON-escaped
// or URL-encoded; the fields of redact.yaml (beside the scenarios folder:
// fields, keep, defaults) and of -redact become REDACTED, on top of the
// PII defaults (customer email, phone, name, address, tax ids); a -redact
// field wins over redact.yaml's keep:. A step
// whose expect checks a redacted field is refused before anything is sent;
// a declared field that matched nothing is a warning. Response bodies are
// limited while read (-max-body, default 4 MiB); scenario files and
// redact.yaml must be regular files. A cassette is written to a temp file,
// synced and renamed, and only when every step of its scenario got a
// response, its expectations held and the response passed the outcome
// rule verify applies too (internal/outcome: no body the client cannot
// decode, no redirect, no error status that no applicable expectation asks
// for, no integer an int64 cannot hold), so a failed run never damages the
// cassette already there; the message says "old cassette kept", or "there
// was no old cassette". Each request is checked against its request
// contract before it is sent, and one that breaks it is not sent: the
// message is verify's finding, with a "did you mean" for a misspelt
// parameter. A step that expects Stripe to reject its request is sent as
// written. The client tells record which exchanges it retried; only those
// are left out of the cassette. Requests never follow redirects, so the key is
// only sent to the configured server.
//
// Leftovers: a record killed outright (kill -9, a second Ctrl-C) may leave
// a hidden temp file, .<name>.yaml.tmp-*, in the cassettes folder. Each
// record run that writes cassettes starts by removing such files older than
// an hour, which no running record can still be writing, and says so.
// A stripe-mock that record started dies with it (on Linux, even on
// kill -9).
//
// Dry run: -dry-run records into a temp folder and prints, per scenario,
// "would be created", "would not change", "would change only ids and
// timestamps" (what stripe-mock and Stripe make up on every run: object
// ids, created and expires_at, URLs that hold ids), or "would change: N
// changes (see -diff)" followed by the first few, each with the
// interactions showing it, such as `mode value "payment" newly seen (#0
// #2)`, "status 200 → 400 (#3)" or "request form
// line_items[0][quantity]: 2 → 5 (#0)". The changes are -diff's, counted
// the same way (one per path and change, however many interactions show
// it), so the two agree on how many changes there are and what they are.
//
// Keys and isolation: without STRIPE_SECRET_KEY each scenario records
// with a dummy key of its own, sk_test_ and its name without "_" (e.g.
// sk_test_listsessions; stripe-mock refuses a "_" after sk_test_). The
// local server makes each key an account of its own, so a list in one
// scenario sees only that scenario's sessions and -parallel writes the
// same bytes as a serial run. Like any key, it is replaced in cassettes
// and never printed.
//
// Determinism: the local server derives ids and timestamps from the
// account, the request sequence and a fixed clock; record drops the Date
// header and the timing of each exchange, replaces the loopback host:port
// by "stripe-mock", and derives idempotency keys from scenario and step.
// So re-recording unchanged scenarios rewrites nothing: make record &&
// git status --porcelain cassettes prints nothing. Against any server, a
// new recording that differs from the cassette already there only in ids
// and timestamps (what -dry-run calls "would change only ids and
// timestamps") keeps the old file, and record says so.
//
// Each POST carries an Idempotency-Key derived from the scenario, the
// step and the request (checkoutvcr-<scenario>-<step>-<8 hex digits of a
// hash of method, path and canonical form body, ids set aside, chained
// over the scenario's steps>), so re-recording an
// unchanged scenario changes only what the server changed, and an edited
// step gets a new key that a long-running local server has not seen. Against any server not on
// loopback (127.0.0.0/8, ::1, localhost), which may be Stripe or a proxy
// to it, a per-run suffix is added, because Stripe replays a key's first
// response for 24 hours, and requests are paced to 20 a second (-rate) to
// stay under test mode's limit.
//
// Exit status: 0 when every selected scenario was saved, 1 when any was
// not, 2 for bad flags, a refused key, an unreachable STRIPE_API_BASE, a
// stripe-mock that cannot be found (no tool line, a bad
// CHECKOUTVCR_STRIPE_MOCK) or unreadable scenario files, 130 when
// interrupted (SIGINT or SIGTERM, at start-up or while recording; one line
// names the scenarios not re-recorded).
package main
