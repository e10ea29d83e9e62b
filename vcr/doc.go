// Package vcr records and replays the HTTP exchanges of any [http.Client]
// (stripe-go's, this module's client, your own) as go-vcr v3 cassettes,
// with checkoutvcr's rules:
//
//   - Redaction before save: the Authorization, Cookie, Set-Cookie and
//     Proxy-Authorization headers are never written; the secrets you name
//     (the API key, raw, JSON-escaped or URL-encoded) and every
//     client_secret value become [Placeholder], and so do the customer's
//     personal data ([DefaultRedactFields]) and the fields you name
//     ([RecordOptions]).
//   - Retry-aware capture: an exchange the client retried is not saved, so
//     a replay, which makes no retries, sees what the client finally got.
//     The client says so ([Recorder.Retried]), or a rule recognises it
//     ([RecordOptions].Retried).
//   - Atomic, all-or-nothing saves: nothing is written until
//     [Recorder.Commit], which writes a temp file beside the cassette,
//     syncs it and renames it over the old one; [Recorder.Abort] keeps the
//     old cassette byte for byte.
//   - Canonical matching on replay: method, path, query and form body,
//     parsed so that parameter order does not matter and list positions
//     do; headers are ignored. A request with no recorded exchange fails
//     with a [*MissError] naming the closest recorded one and how it
//     differs, field by field.
//
// [Recorder] and [Replayer] are each an [http.RoundTripper]: give one to
// the client as its transport. With stripe-go:
//
//	rec, err := vcr.Record("testdata/cassettes/checkout.yaml", vcr.RecordOptions{
//		Secrets: []string{key},
//		Retried: vcr.StripeGoRetried, // the rule stripe-go retries by
//	})
//	…
//	sc := stripe.NewClient(key, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
//		HTTPClient: &http.Client{Transport: rec},
//	})))
//	… // drive your code
//	err = rec.Commit() // or rec.Abort() if the test failed
//
// and in the test that replays:
//
//	rp, err := vcr.Replay("testdata/cassettes/checkout.yaml", vcr.ReplayOptions{})
//	… // the same code, with &http.Client{Transport: rp}
//	if unused := rp.Unused(); len(unused) > 0 { t.Errorf("stale cassette: %v", unused) }
//
// [Replayer.Exchanges] hands each replayed exchange to
// [github.com/checkoutvcr/checkoutvcr/contracts.Set.CheckExchange], which
// checks the request and the response against Stripe's contract. The
// module's examples/stripego does all of this against stripe-mock;
// package github.com/checkoutvcr/checkoutvcr/checkoutvcrtest starts the
// local Checkout server for such a test in one line.
package vcr
