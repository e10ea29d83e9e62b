// Package localserver is a stateful Stripe Checkout Sessions server layered
// over stripe-mock: Stripe does the shapes, this package adds memory.
//
// [New] returns a [Server], an [http.Handler]. Every /v1 request is first
// sent to stripe-mock ([Options.StripeMock]), which validates it against
// Stripe's OpenAPI spec and answers with Stripe's fixture. The six Checkout
// Sessions operations then answer from the server's state, built on the
// fixture's shape; every other /v1 path answers what stripe-mock answered.
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
// are never passed on: every answer carries Content-Type and Request-Id.
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
// # Determinism
//
// Ids derive from the account and a per-account sequence (cs_test_ plus 58
// characters of a hash; line items, prices, products, shipping rates,
// PaymentIntents and the like from the session id), and timestamps from
// the account's clock, which starts at [Options.Epoch] ([DefaultEpoch]) and
// moves only when told to ([Server.Advance], or the clock control
// endpoint). So the same request sequence with the same key gives
// byte-identical responses on a fresh server. Sessions created in the same
// second are ordered by their sequence.
//
// # The operations
//
//   - create (POST /v1/checkout/sessions): status open; payment_status
//     unpaid, or no_payment_required in setup mode; automatic_tax with
//     status requires_location_inputs when enabled; mode defaults to
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
//     integration_identifier, expires_at. url is set for hosted_page
//     sessions only (https://checkout.stripe.com/c/pay/<id>); client_secret
//     (<id>_secret_…) for embedded_page and elements only. Line items take
//     inline price_data (an inactive price and, without a product id, a new
//     product) or a price id, fetched from stripe-mock with its product's
//     name as description. amount_subtotal is the sum of unit_amount ×
//     quantity; amount_total adds the first shipping option (the one
//     Checkout preselects), which also fills shipping_cost;
//     total_details.amount_shipping is that amount, discounts and tax are
//     0. currency is the param or the first item's. expires_at defaults
//     to created + 24 h.
//   - retrieve, list, list line items: list is newest first (created,
//     then sequence), limit 1–100 (default 10), starting_after or
//     ending_before (not both), has_more, and the filters status,
//     customer, customer_account, customer_details[email], payment_intent,
//     payment_link, subscription and created (an integer or gt/gte/lt/lte).
//     Line items keep the order they were given in. expand: line_items
//     (the first ten items) and data.line_items; customer, invoice,
//     payment_intent, payment_link, setup_intent, subscription (and
//     data.price.product on line items) are replaced by stripe-mock's
//     object for that id; a null field stays null.
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
// Errors reproduce Stripe's text where it is known: "No such
// checkout.session: <id>" (404 resource_missing), "Invalid string:
// cs_t...eCUl; must be at most 66 characters" (404, param session), "Only Checkout Sessions
// with a status in ["open"] can be expired. This Checkout Session has a
// status of `expired`." (400), the two expires_at bounds messages (at least
// 30 minutes, less than 24 hours after creation), "Missing required param:
// X." (parameter_missing), "You may only specify one of these parameters:
// ending_before, starting_after.", and the idempotency_error messages.
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
// no_payment_required), and a payment_intent (payment mode), a
// subscription, invoice and customer (subscription mode) or a setup_intent
// (setup mode), and customer_details with customer_email (or
// customer@example.com). Advancing the clock expires every open session
// whose expires_at it reaches. [Server.Pay] and [Server.Advance] do the
// same from Go. Each status change is passed to [Options.OnTransition].
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
// api_version ([Options.APIVersion], by default the contracts'), created
// (the account's clock), type, data.object (the session as retrieve
// returned it at that moment), livemode false, pending_webhooks
// ([Options.PendingWebhooks]) and request: {id: req_123,
// idempotency_key: the key sent} for an expire call, {id: null,
// idempotency_key: null} for what no API request caused (a customer
// paying, the clock). GET /v1/events lists them newest first (created,
// then emission order) with type (a * matches one dot-separated segment:
// checkout.session.*), types[], created, limit and cursors; GET
// /v1/events/{id} retrieves one ("No such event: 'evt_…'", 404
// resource_missing, otherwise). [Server.Events] returns them from Go.
//
// # Where it departs from Stripe
//
//   - Fields the server does not model keep stripe-mock's fixture values
//     (for example payment_method_options, wallet_options,
//     saved_payment_method_options, permissions,
//     payment_method_configuration_details), whatever the params said.
//   - No discounts, promotion codes, taxes or currency conversion: those
//     amounts are 0 or null. Only fixed-amount shipping rates are priced.
//   - Prices named by id are stripe-mock's fixture for that id (2000 usd,
//     recurring monthly, whatever the id), and are not checked against the
//     mode; currencies of different items are not checked against each
//     other. unit_amount_decimal is rounded to a whole amount for totals.
//   - Some refusals are modelled on Stripe's rules but their wording is
//     this server's own, not Stripe's verbatim text: URLs that do not fit
//     the ui_mode (success_url or cancel_url on embedded_page/elements,
//     return_url or redirect_on_completion on hosted_page, a missing
//     return_url), line_items in setup mode, updating a session that is not
//     open (the expire sentence with "updated"), line_items updates outside
//     elements sessions, collected_information on hosted_page sessions,
//     limit out of range, an unknown line item id, the 409 for a key in
//     use, and everything about the control endpoints.
//   - Other invalid parameters (a value outside an enum, a wrong type) are
//     refused in stripe-mock's words ("Request validation error: …"), not
//     Stripe's.
//   - payment_intent stays null until the session is paid (as Stripe does
//     since 2022-08-01); nothing else (PaymentIntent, Subscription,
//     Customer objects) is created: expanding those ids returns
//     stripe-mock's fixture with that id.
//   - customer_details is null at creation unless customer_email is
//     given, in which case it holds that email (so the
//     customer_details[email] filter finds open sessions); Stripe documents
//     the field as filled "after a completed Checkout Session", which is
//     unverified for this case. Paying fills it in any case.
//   - automatic_tax.status is requires_location_inputs until the session
//     is paid, then complete; no tax is computed.
//   - The clock never moves by itself; nothing expires until it is
//     advanced. An account remembers at most 10,000 idempotency keys
//     holding 64 MiB of answers, forgetting the oldest first (Stripe
//     forgets a key after 24 hours).
//   - The expanded line_items on a session are the first ten items.
//   - Delayed payments complete and settle in one call. Only the four
//     checkout.session.* events exist (no payment_intent.*, charge.*,
//     customer.* events); request.id is always req_123.
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
// (a create past it is a 400 invalid_request_error).
package localserver
