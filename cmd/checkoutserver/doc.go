// Command checkoutserver runs the stateful Stripe Checkout Sessions server
// (package internal/localserver) on loopback, for local development and
// for recording: a stripe-mock with memory for Checkout Sessions.
//
// Usage:
//
//	go run ./cmd/checkoutserver [-addr 127.0.0.1:12180] [-stripe-mock URL] [-epoch SECONDS] [-api-version VERSION] [-keys FILE] [-webhook URL=whsec_…[@VERSION]]
//
// Without -stripe-mock it starts the stripe-mock pinned in go.mod (the
// first start builds it, about half a minute) on a free loopback port, and
// stops it on exit. It prints the URL it listens on, serves until SIGINT or
// SIGTERM, then finishes the requests in flight (5 seconds at most), stops
// stripe-mock and exits 0. A bad flag exits 2, and so does a stripe-mock it
// cannot find (no tool line in go.mod, or a CHECKOUTVCR_STRIPE_MOCK, the
// path or name of a stripe-mock binary to run instead, that is relative or
// names no program); any other failure to start exits 1.
//
// Flags:
//
//	-addr host:port          listen address (default 127.0.0.1:12180, a port no other tool
//	                         defaults to; when it is taken, the process holding it is named and
//	                         a free port is used; port 0 picks a free port). A taken -addr
//	                         given on the command line is an error naming its holder.
//	                         Only loopback addresses are accepted: the server has no
//	                         authentication of its own and, without -keys, accepts any key.
//	-allow-non-loopback      accept an -addr that is not loopback anyway.
//	-stripe-mock URL         use this running stripe-mock instead of starting one.
//	-spec file               OpenAPI spec for the stripe-mock it starts (default: bundled).
//	-fixtures file           fixtures for the stripe-mock it starts (default: bundled).
//	-epoch seconds           fix every account's clock at this Unix time, moving only when told
//	                         (ids, timestamps and Request-Ids then repeat run to run, as record
//	                         uses); 0, the default, follows the wall clock.
//	-keys file               accept only the API keys listed in file (one a line, # comments);
//	                         any other gets Stripe's 401 "Invalid API Key provided: sk_test_****…".
//	-api-version version     the account's default Stripe API version (default: the newest,
//	                         2026-08-26.dahlia): what a request without a Stripe-Version
//	                         header is answered at, and the version of events.
//	-webhook URL=whsec_…     deliver every event to URL, signed with that secret
//	                         (repeatable; each event's pending_webhooks counts them).
//	                         URL=whsec_…@2025-08-27.basil renders that endpoint's events
//	                         (api_version, data.object) at that version.
//	-webhook-attempts n      tries per event and endpoint while it fails (1 to 10, default 4;
//	                         1 s, 2 s, 4 s apart).
//	-webhook-duplicates      deliver every event twice.
//	-webhook-reorder         swap each pair of events one call emits.
//
// Point any Stripe client at it. With stripe-go:
//
//	stripe.Key = "sk_test_123"
//	stripe.SetBackend(stripe.APIBackend, stripe.GetBackendWithConfig(stripe.APIBackend,
//		&stripe.BackendConfig{URL: stripe.String("http://127.0.0.1:12180")}))
//
// A worked session with curl; each API key is an account of its own, with
// its own sessions, objects and clock:
//
//	$ K=sk_test_123; S=http://127.0.0.1:12180
//	$ curl -s -u $K: $S/v1/prices -d currency=usd -d unit_amount=2000 -d 'product_data[name]=T-shirt'
//	{ ..., "id": "price_k0DShkqZY9voOQFdffDXUu5L", "unit_amount": 2000, ... }
//	$ curl -s -u $K: $S/v1/checkout/sessions -d mode=payment \
//	    -d success_url=https://example.com/ok -d 'line_items[0][price]=price_k0DShkqZY9voOQFdffDXUu5L' \
//	    -d 'line_items[0][quantity]=2' -d 'metadata[order]=42'
//	{ ..., "amount_total": 4000, "id": "cs_test_…", "metadata": {"order": "42"}, "status": "open", ... }
//	$ curl -s -u $K: $S/v1/checkout/sessions/cs_test_…/expire -X POST \
//	    -H 'Content-Type: application/x-www-form-urlencoded'
//	{ ..., "status": "expired", "url": null, ... }
//	$ curl -s -u $K: $S/v1/checkout/sessions/cs_test_…/expire -X POST \
//	    -H 'Content-Type: application/x-www-form-urlencoded'
//	{"error": {"message": "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of `expired`.", ...}}
//
// Local-only controls, for the same key (they never reach stripe-mock):
//
//	$ curl -s -u $K: -X POST $S/_checkoutvcr/sessions/cs_test_…/pay       # complete and pay an open session
//	$ curl -s -u $K: $S/_checkoutvcr/clock                                 # {"now": <unix seconds>, ...}
//	$ curl -s -u $K: $S/_checkoutvcr/clock -d seconds=86400                # advance; sessions past expires_at expire
//	$ curl -s -u $K: $S/_checkoutvcr/sessions/cs_test_…/pay -d outcome=delayed_success   # completed (unpaid), then async_payment_succeeded
//
// Events: paying emits checkout.session.completed (and, with
// outcome=delayed_success or delayed_failure,
// checkout.session.async_payment_succeeded or _failed), expiring
// checkout.session.expired. List them with curl -u $K: $S/v1/events, and
// have them delivered to your handler, signed as Stripe signs them:
//
//	$ go run ./cmd/checkoutserver -webhook http://127.0.0.1:4242/webhook=whsec_test_secret
//	checkoutserver: webhook checkout.session.completed evt_… to http://127.0.0.1:4242/webhook: 200 after 1 attempt(s)
//
// A failing endpoint is retried (see -webhook-attempts); each delivery's
// outcome is printed on stderr, never the secret.
//
// Versions: every answer is rendered at the request's Stripe-Version (else
// -api-version) and says so in its Stripe-Version header, as Stripe's do:
//
//	$ curl -s -u $K: $S/v1/checkout/sessions -H 'Stripe-Version: 2025-08-27.basil' \
//	    -d mode=payment -d ui_mode=embedded -d return_url=https://example.com/return \
//	    -d 'line_items[0][price]=price_1' -d 'line_items[0][quantity]=1'
//	{ ..., "client_secret": "cs_test_…_secret_…", "ui_mode": "embedded", ... }
//
// What the server models, and where it departs from Stripe, is documented
// in package internal/localserver.
package main
