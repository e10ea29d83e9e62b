// Command record runs the scenarios in scenarios/ against a Stripe server
// and saves every interaction as a go-vcr v3 cassette in cassettes/, one
// per scenario. It is what `make record` runs.
//
// By default it starts stripe-mock (pinned in go.mod as a Go tool) on a
// free 127.0.0.1 port and stops it at the end. With STRIPE_SECRET_KEY set
// to a test-mode key it records against Stripe's test mode instead; with
// STRIPE_API_BASE it records against that server.
//
//	go run ./cmd/record                              # stripe-mock on loopback
//	STRIPE_SECRET_KEY=sk_test_… go run ./cmd/record  # Stripe test mode
//	go run ./cmd/record -run lifecycle               # one scenario
//
// Safety: live-mode keys are refused before any request. Before a cassette
// is saved, Authorization, Cookie and Set-Cookie headers are dropped, the
// key is replaced wherever it occurs, and client_secret values (plus any
// -redact fields) become REDACTED. A cassette is written to a temp file,
// synced and renamed, and only when every step of its scenario got a
// response and its expectations held, so a failed run never damages the
// cassette already there. Requests never follow redirects, so the key is
// only sent to the configured server.
//
// Each POST carries an Idempotency-Key derived from the scenario and step
// (checkoutvcr-<scenario>-<step>), so re-recording against stripe-mock
// changes only what the server changed. Against Stripe a per-run suffix is
// added, because Stripe replays a key's first response for 24 hours.
//
// Exit status: 0 when every selected scenario was saved, 1 when any was
// not, 2 for bad flags, a refused key or unreadable scenario files.
package main
