// Package localserver is a stateful Stripe Checkout Sessions server layered
// over stripe-mock: Stripe does the shapes, this package adds memory.
//
// [New] returns a [Server], an [http.Handler]. Every /v1 request is first
// sent to stripe-mock ([Options.StripeMock]), which validates it against
// Stripe's OpenAPI spec and answers with Stripe's fixture. The six Checkout
// Sessions operations, the events, and the create, retrieve, update,
// delete and list of the objects a session touches (see below) then
// answer from the server's
// state, built on the fixture's shape; every other /v1 path answers what
// stripe-mock answered.
//
// A request stripe-mock refuses gets stripe-mock's answer, with these
// changes: the memory address stripe-mock prints in validation errors
// ("validator 0xc000a1b2c3 failed") is left out, so the same request always
// gets the same bytes; when the message names the offending property
// ("object property 'mode' validation failed"), the error gets it as its
// param, as Stripe's do. A parameter the operation does not take (by the
// contracts) is refused with Stripe's "Received unknown parameter: X"
// (parameter_unknown, param X), whether stripe-mock refused it without
// naming it ("additional properties are not allowed", top-level parameters)
// or let it through (nested ones). The headers Date and Stripe-Mock-Version
// are never passed on: every answer carries Content-Type, Request-Id and
// Stripe-Version (see Versions).
//
// # Accounts
//
// The API key of a request (Authorization: Bearer sk_test_…, or basic auth
// with the key as user) selects its account. Each distinct key is an
// account of its own, with its own sessions, clock, id sequence and
// idempotency keys: a list with one key never shows another key's
// sessions, and a retrieve of another key's session is a 404. Scenarios
// recorded in parallel with different keys therefore never see each
// other. [AccountID] names an account without revealing its key.
// stripe-mock accepts only keys that look like Stripe's test keys, such as
// sk_test_123 or sk_test_lifecycle; a "_" after sk_test_ gets its 401.
//
// # Time, determinism and the envelope
//
// Without [Options.Epoch] each account's clock is the wall clock plus what
// it was advanced by ([Server.Advance], or the clock control endpoint), and
// never goes back: created is the time of the request, an expires_at an app
// computes from its own clock is judged as Stripe judges it, and open
// sessions expire when the clock passes their expires_at. With Epoch set
// (what record uses, with [DefaultEpoch]) the clock starts there and moves
// only when told; an expires_at within Stripe's bounds of the wall clock
// (an app's own clock) is still accepted, and kept as sent; one outside
// both ranges gets the message of the bound it misses on the nearer clock.
//
// Ids derive from the account and a per-account sequence (cs_test_ plus 58
// characters of a hash; line items, prices, products, PaymentIntents and
// the like from the session id or the account's object sequence), so the
// same request sequence with the same key, at a fixed epoch, gives
// byte-identical responses on a fresh server. Sessions created in the same
// second are ordered by their sequence.
//
// Every answer has a Request-Id of its own (req_ and 14 characters:
// derived from the account and its request count at a fixed epoch, random
// otherwise), and every error object carries request_log_url, as Stripe's
// do: https://dashboard.stripe.com/test/logs/<Request-Id>?t=<unix seconds>.
// With [Options.Keys] only the listed keys are accepted; any other gets
// Stripe's 401 "Invalid API Key provided: sk_test_****…abcd" (one * per
// hidden character).
//
// # The objects behind a session
//
// Per account, created through their Stripe endpoints (stripe-mock
// validates the request and gives the shape; the params and the account
// fill it) and retrievable by id (404 resource_missing, param id,
// otherwise): customers (POST/GET /v1/customers), products, prices
// (one-time or recurring; product or product_data), coupons (amount_off
// with currency, or percent_off; duration; an id of one's own), promotion
// codes (promotion[coupon]), shipping rates (fixed_amount) and tax rates.
// Sessions make PaymentIntents, SetupIntents, subscriptions, invoices and
// customers, retrievable the same way (/v1/payment_intents/{id}, …).
//
// Customers, products, prices, coupons and promotion codes are also
// updated (POST /v1/customers/{id}: the fields Stripe's update takes,
// metadata merged), listed (GET /v1/customers: the account's own, newest
// first, limit and cursors as the session list, and the simple filters)
// and, where Stripe deletes them, deleted (DELETE customers, products
// without prices, coupons: {id, object, deleted: true}). A deleted object
// is unknown from then on (a deleted customer's retrieve answers its
// deleted_customer object); prices and promotion codes are switched off
// with active=false, and a session refuses an inactive one (and a
// promotion code whose coupon was deleted) as it refuses an unknown id.
//
// A session refers to them by id, and an id the account does not have is
// Stripe's 400 resource_missing, "No such customer: 'cus_nope'" with the
// param that named it (customer, line_items[0][price],
// line_items[0][price_data][product], discounts[0][coupon],
// discounts[0][promotion_code], shipping_options[0][shipping_rate]).
//
// # Stripe's strings
//
// Every message in Stripe's words is a named constant in
// stripestrings.go, listed with its public source in one table; the rows
// marked "wording chosen" follow Stripe's rule (status, type, code, param)
// in this server's words.
//
// # The operations
//
//   - create (POST /v1/checkout/sessions): status open; payment_status
//     unpaid, or no_payment_required in setup mode, whose SetupIntent
//     (seti_…, requires_payment_method) is made at creation; automatic_tax
//     with status requires_location_inputs when enabled; mode defaults to
//     payment and ui_mode to hosted_page. Taken from the params: mode,
//     ui_mode, success_url, cancel_url, return_url, redirect_on_completion,
//     metadata, customer, customer_email, customer_account,
//     client_reference_id, locale, submit_type, currency,
//     billing_address_collection, customer_creation,
//     payment_method_collection, payment_method_types (default ["card"]),
//     allow_promotion_codes, automatic_tax, phone_number_collection,
//     shipping_address_collection, shipping_options, custom_text,
//     custom_fields, consent_collection, after_expiration, invoice_creation,
//     adaptive_pricing, managed_payments, origin_context,
//     integration_identifier, discounts, expires_at. url is set for
//     hosted_page sessions only (https://checkout.stripe.com/c/pay/<id>);
//     client_secret (<id>_secret_…) for embedded_page and elements only.
//     Line items take inline price_data (an inactive price and, without a
//     product id, a new product of the account) or a price of the account,
//     named after its product. amount_subtotal is the sum of unit_amount ×
//     quantity; the discounts (coupons, or promotion codes' coupons:
//     percent_off rounded, amount_off in the session's currency, never more
//     than what is left) are spread over the items (amount_discount) and
//     total_details.amount_discount, and listed in discounts; amount_total
//     subtracts them and adds the first shipping option (the one Checkout
//     preselects), which also fills shipping_cost. currency is the param or
//     the first item's. expires_at defaults to created + 24 h.
//     Rules between parameters, with Stripe's messages: customer and
//     customer_email, allow_promotion_codes and discounts exclude each
//     other; a subscription needs a recurring price, a payment takes none;
//     setup mode takes no line_items and needs currency unless
//     payment_method_types is given. Defaults: customer_creation
//     if_required (payment, setup) or always (subscription), null with a
//     customer (even when sent); payment_method_collection if_required
//     (payment) or always;
//     discounts [] (payment, subscription); collected_information an
//     object of nulls; customer_details the customer's email (name and
//     tax_ids null, as recorded creates show); permissions and
//     wallet_options null. Metadata anywhere in the params is bounded (50
//     keys, keys of 40 and values of 500 characters: "Invalid key: … must
//     be a string under 40 characters", param metadata), and so are
//     amounts: a quantity × unit_amount, or a total, above 99999999 is
//     amount_too_large, checked before multiplying.
//   - retrieve, list, list line items: list is newest first (created,
//     then sequence), limit 1–100 (default 10), starting_after or
//     ending_before (not both), has_more, and the filters status,
//     customer, customer_account, customer_details[email], payment_intent,
//     payment_link, subscription and created (an integer or gt/gte/lt/lte).
//     Line items keep the order they were given in.
//   - expand (every operation): each path is checked against the spec
//     (zz_expandable.go, generated from the pinned spec's
//     x-expandableFields and the SDK spec's includable fields): at most
//     four levels ("You cannot expand more than 4 levels of a property."),
//     each segment expandable on the object at its level, else "This
//     property cannot be expanded (mode)." (400); on a list the paths
//     start with data. line_items gives the first ten items; an id is
//     replaced by the account's object (customer, payment_intent,
//     setup_intent, subscription, invoice, price, product, coupon,
//     promotion_code, shipping_rate), other ids by stripe-mock's fixture;
//     a null field stays null.
//   - update: metadata (merged; an empty value unsets its key, an empty
//     metadata unsets all), shipping_options (replaced; totals follow),
//     line_items (elements sessions in payment or subscription mode only:
//     an entry with an id keeps that item, optionally with a new quantity
//     or price; one without adds an item; items left out are removed),
//     collected_information (embedded_page and elements only). Any other
//     parameter is "Received unknown parameter: X". Only open sessions
//     can be updated.
//   - expire: open → expired, url null. Any other status, or an unknown
//     id, fails with Stripe's error.
//
// Errors reproduce Stripe's text where it is known (see # Stripe's
// strings): "No such checkout.session: <id>" (404 resource_missing),
// "Invalid string: cs_t...eCUl; must be at most 66 characters" (404, param
// session), "Only Checkout Sessions with a status in ["open"] can be
// expired. This Checkout Session has a status of `expired`." (400), the two
// expires_at bounds messages, "Missing required param: X."
// (parameter_missing), "You may only specify one of these parameters: …",
// and the idempotency_error messages.
//
// # Idempotency
//
// A POST with an Idempotency-Key is remembered per account: the same key
// with the same parameters (in any order) answers the first status and
// body again with Idempotent-Replayed: true; with other parameters it is a
// 400 idempotency_error, on another path the "same endpoint" error, an
// empty or over-255-character key the length error, and a key whose first
// request is still running a 409. Requests that fail validation (refused
// by stripe-mock, or by this server's parameter checks) are not
// remembered, so a corrected request can reuse the key; errors that come
// from state (expiring a closed session, an unknown id) are. Keys on GET
// have no effect. Keys are never pruned.
//
// # Control endpoints
//
// Under [ControlPrefix], which no Stripe path uses, never forwarded to
// stripe-mock, for the account the request's key selects:
//
//	POST /_checkoutvcr/sessions/{id}/pay   complete an open session as a paying customer would
//	                                       (outcome=paid, the default, delayed_success or delayed_failure)
//	GET  /_checkoutvcr/clock               {"object": "checkoutvcr.clock", "now": <unix seconds>}
//	POST /_checkoutvcr/clock  seconds=N    advance the clock by N ≥ 0 seconds
//
// Paying sets status complete, url null, payment_status paid (setup mode:
// no_payment_required), and makes what the mode implies: a PaymentIntent
// with the session's amount_total, currency and customer, status
// succeeded (payment mode); a customer (when the session has none),
// subscription (active) and invoice (paid, the session's amount)
// (subscription mode); the SetupIntent succeeded (setup mode).
// customer_details gets customer_email, the customer's email, or
// customer@example.com. A delayed outcome leaves the PaymentIntent
// processing, then succeeded (delayed_success) or requires_payment_method
// (delayed_failure); the subscription incomplete, then active or
// incomplete_expired. Advancing the clock expires every open session whose
// expires_at it reaches. [Server.Pay] and [Server.Advance] do the same
// from Go. Each status change is passed to [Options.OnTransition].
//
// # Events
//
// Each status change emits the Stripe Events Stripe would send, kept per
// account and passed to [Options.OnEvents] (where webhook delivery hooks
// in; see internal/webhook):
//
//   - pay (outcome paid): checkout.session.completed, payment_status paid
//     (setup mode: no_payment_required).
//   - pay with outcome=delayed_success, a delayed payment method that
//     succeeds: checkout.session.completed with payment_status unpaid,
//     then checkout.session.async_payment_succeeded with paid.
//     outcome=delayed_failure: completed (unpaid), then
//     checkout.session.async_payment_failed (unpaid). Payment and
//     subscription mode only. Both events come at once, at the same
//     clock second; on Stripe the second comes days later.
//   - expire (the call, or the clock reaching expires_at):
//     checkout.session.expired.
//
// Nothing else emits an event: Stripe has no created or updated event for
// Checkout Sessions. Each event is a full envelope: id (evt_ and 24
// characters, from the account and its event sequence), object event,
// api_version (the account's default version, [Options.APIVersion]; for
// GET /v1/events, the request's; see Versions), created
// (the account's clock), type, data.object (the session as retrieve
// returned it at that moment), livemode false, pending_webhooks
// ([Options.PendingWebhooks]) and request: {id: the call's Request-Id,
// idempotency_key: the key sent} for an expire call, {id: null,
// idempotency_key: null} for what no API request caused (a customer
// paying, the clock). GET /v1/events lists them newest first (created,
// then emission order) with type (a * matches one dot-separated segment:
// checkout.session.*), types[], created, limit and cursors; GET
// /v1/events/{id} retrieves one ("No such event: 'evt_…'", 404
// resource_missing, otherwise). [Server.Events] returns them from Go.
//
// # Versions
//
// Stripe answers every request at an API version: its Stripe-Version
// header, else the account's default. So does the server: the default is
// [Options.APIVersion] ([NewestVersion], 2026-08-26.dahlia, when empty),
// and every answer, errors and control answers included, carries the
// version in its Stripe-Version header. A Stripe-Version that is not a
// version (2019-2-19, 2020-08-27;link_beta=v1) gets Stripe's 400 "Invalid
// Stripe API version: …", at the default version.
//
// stripe-mock knows one version, the newest; the server translates in
// between, as Stripe's own version-change modules do (version.go,
// version_changes.go):
//
//   - The request is held to its version's contracts (the per-version
//     contracts of package contracts, [contracts.LoadVersion]): a
//     parameter that version does not have is refused with "Received
//     unknown parameter: name_collection" (parameter_unknown), an enum
//     value it does not have with "Invalid ui_mode: must be one of custom,
//     embedded, or hosted". It is then translated up to the newest version
//     (ui_mode embedded → embedded_page) before stripe-mock sees it.
//   - The answer is mapped down: the version changes since the request's
//     version ([versionChanges]: the ui_mode values hosted_page,
//     embedded_page and elements are hosted, embedded and custom before
//     2026-03-25.dahlia; a discount's source.coupon is coupon before
//     2025-09-30.clover), then every field the version's contract does not
//     have is left out ([contracts.Set.PruneResponse]), at every depth, in
//     lists, expanded objects, events' data.object and the pay control
//     endpoint's session. Error messages name the version's ui_mode values.
//   - A version without a spec of its own is answered with the nearest
//     contracts there are: 2025-08-27.basil with 2025-05-28.basil's (so
//     fields Stripe added within basil after May 2025 are absent), a
//     version older than every spec (2020-08-27) with the oldest,
//     2022-11-15, and a version newer than the newest as the newest. Its
//     Stripe-Version header is the version asked for all the same.
//   - Events: [Options.OnEvents] and [Server.Events] give them at the
//     account's default version, GET /v1/events and /v1/events/{id} at the
//     request's (api_version and data.object both); [RenderEvent] renders
//     an event's [Event].Latest at any version, which is how a webhook
//     endpoint with a version of its own gets its events.
//
// # Where it departs from Stripe
//
// internal/localserver/conformance_test.go measures the server against
// Stripe's documented and recorded behaviour, one case per behaviour with
// its source, and TestCorpusReplay replays real recorded creates
// (testdata/stripe-corpus) and pins the fields that still differ.
//
//   - Fields that depend on the account's settings keep stripe-mock's
//     fixture values or defaults (payment_method_types ["card"],
//     payment_method_options, adaptive_pricing,
//     payment_method_configuration_details); branding_settings is absent.
//   - No taxes or currency conversion: tax rates are kept but not applied.
//     Only fixed-amount shipping rates are priced; currencies of different
//     items are not checked against each other. unit_amount_decimal is
//     rounded to a whole amount for totals.
//   - Promotion code restrictions and coupon redemption limits are kept,
//     not enforced.
//   - Some refusals follow Stripe's rules in this server's words (the rows
//     "wording chosen" in stripestrings.go), and everything about the
//     control endpoints is this server's own. Other invalid parameters (a
//     value outside an enum, a wrong type) are refused in stripe-mock's
//     words ("Request validation error: …").
//   - Subscriptions and invoices carry the session's amount, currency,
//     customer and status over stripe-mock's fixture for the rest.
//   - automatic_tax.status is requires_location_inputs until the session
//     is paid, then complete; no tax is computed.
//   - The expanded line_items on a session are the first ten items.
//   - Delayed payments complete and settle in one call. Only the four
//     checkout.session.* events exist (no payment_intent.*, charge.*,
//     customer.* events).
//
// # Bounds
//
// Served by [Server.Listen], the server stays up under hostile clients
// (bounds.go): at most 512 connections at once (past that a new one gets
// a 503 api_error with Stripe-Should-Retry: true), 10 s to send the
// headers (64 KiB at most, else net/http's 431) and 30 s to send the body
// (a 408 invalid_request_error), 8 MiB of body (a 413), 60 s idle between
// keep-alive requests; at most 10,000 accounts (API keys), the one used
// least recently forgotten past that, and 100,000 sessions per account
// (a create past it is a 400 invalid_request_error). An account remembers
// at most 10,000 idempotency keys holding 64 MiB of answers, forgetting
// the oldest first (Stripe forgets a key after 24 hours).
package localserver
