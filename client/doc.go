// Package client is a Go client for Stripe's Checkout Sessions API:
// create, retrieve, update, expire, list and list line items, with
// auto-paging iterators, retries with stable idempotency keys, and the
// exact HTTP exchange kept on every result and error. Its types (every
// parameter and every field, to full depth) are generated from the
// OpenAPI spec of the pinned API version ([DefaultAPIVersion]); the
// transport, retries, pagination, errors and form encoding are written by
// hand.
//
// # Example
//
//	c := client.New("sk_test_123", client.Options{})
//	s, err := c.Sessions.Create(ctx, &client.SessionCreateParams{
//		Mode:       client.String("payment"),
//		SuccessURL: client.String("https://example.com/ok"),
//		LineItems:  []*client.SessionLineItemParams{{Price: client.String("price_123"), Quantity: client.Int64(2)}},
//	})
//	if err != nil {
//		return err
//	}
//	for item, err := range c.Sessions.AllLineItems(ctx, s.ID, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(*item.Description, *item.Quantity)
//	}
//	_, err = c.Sessions.Expire(ctx, s.ID, nil)
//
// The package's Example runs the same against a fake server; the Session
// example shows typed nested fields, an expanded field, an instance method
// and an error.
//
// # Generated types
//
// zz_generated_params.go and zz_generated_objects.go are written by
// make contracts (go run ./cmd/contracts, generator
// internal/gen/clientgen) from the same spec as contracts/, and a test
// fails when they are stale. Never edit them by hand.
//
//   - Params: [SessionCreateParams], [SessionUpdateParams],
//     [SessionListParams], [LineItemListParams], [SessionRetrieveParams]
//     and [SessionExpireParams], with a struct for every nested object
//     (arrays of objects are slices of struct pointers, metadata-like
//     objects are map[string]string). Each field's doc is the spec's
//     description; a field Stripe also accepts as "" says so.
//   - Enums: every string enum is a named type with one constant per
//     value, e.g. [SessionMode] and [SessionModePayment]. Params fields
//     stay *string, as in stripe-go:
//     client.String(string(client.SessionModePayment)).
//   - Objects: [Session], [LineItem] and every object they hold, e.g.
//     s.CustomerDetails.Address.Country. Fields the spec marks nullable
//     or optional are pointers (nil for null or absent); lists and maps
//     are nil-able already.
//   - Expandable fields are [*Expandable][T]: see below.
//
// A field Stripe removes from a later API version disappears from the
// types when the spec is regenerated, so code that used it stops
// compiling; the README's upgrade section shows it.
//
// # Operations
//
// [Client].Sessions is a [*SessionService] with one method per operation
// of the Checkout Session API: [SessionService.Create],
// [SessionService.Retrieve], [SessionService.Update],
// [SessionService.Expire], [SessionService.List] and
// [SessionService.ListLineItems]. Each takes a context, typed params (nil
// is fine) and any number of [RequestOption]s.
//
// A session that came from a call also has the instance forms of
// Stripe's libraries (stripe-ruby's session.expire, session.update,
// session.refresh, session.list_line_items), which use the client it came
// from: [Session.Expire], [Session.Update], [Session.Refresh] (replaces
// *s), [Session.ListLineItems] and the iterator [Session.AllLineItems]
// (the field LineItems is the expanded first page, hence the name). A
// session decoded by hand has no client: they return [ErrNoClient].
//
// # Configuration
//
// [New] takes a key and an [Options] struct whose zero value is ready to
// use. Tests, recording and replay inject an *http.Client (with their own
// transport), a Sleep function and a clock so that retries never really
// wait, and a fixed idempotency key generator. Per-call [RequestOption]s
// set an idempotency key ([WithIdempotencyKey]), a connected account
// ([WithStripeAccount]), an API version ([WithAPIVersion]), extra headers
// ([WithHeader]) or the retry budget ([WithMaxRetries]).
//
// # Parameters
//
// Params structs ([SessionCreateParams], [SessionUpdateParams],
// [SessionListParams], …) use pointers, maps and slices, so that unset
// (nil) means "not sent"; build scalars with [String], [Int64] and [Bool].
// An explicit empty value is sent as "name=", which is how Stripe clears a
// field: String(""), an empty non-nil map or slice, or
// [github.com/checkoutvcr/checkoutvcr/client/form.Empty] in Extra.
//
// Each params struct embeds [Params]: Expand, sent on every call, and
// Extra, a nested map that carries any parameter not typed here and wins
// over typed fields. Deep sub-structs have an Extra of their own. A
// program may drive every operation through Extra alone, for example with
// a map decoded from YAML.
//
// Parameters are encoded by package
// [github.com/checkoutvcr/checkoutvcr/client/form] with brackets
// ("line_items[0][price]=price_123") and deterministically (sorted keys),
// in the URL query for GETs and in an application/x-www-form-urlencoded
// body for POSTs. Malformed params (a key with a bracket, a NaN, both list
// cursors) are errors reported before anything is sent.
//
// # Lists and pagination
//
// [SessionService.List] and [SessionService.ListLineItems] return one page;
// [SessionService.All] and [SessionService.AllLineItems] return an
// iter.Seq2 over every item, fetching the next page (starting_after the
// last item, or ending_before the first when paging backwards) only when
// the loop reaches it and the page said has_more. Breaking out of the loop
// stops fetching; an error is yielded once and ends the iteration. Setting
// both starting_after and ending_before is [ErrBothCursors].
//
// The same iterators exist in instance form: [SessionList.All] and
// [LineItemList.All] yield a page's items and go on with the call that
// fetched it (its filters and options); the expanded line_items of a
// session from a call can be continued the same way; and
// [Session.AllLineItems] iterates over a session's items.
//
// # Idempotency and retries
//
// Every POST carries an Idempotency-Key: the caller's
// ([WithIdempotencyKey]) or one made by [Options].NewIdempotencyKey (a
// random UUID unless replaced, e.g. by a deterministic generator), and the
// same key is sent on every retry of the call. GETs carry none.
//
// Network failures, 409, 429 and 5xx are retried up to
// [Options].MaxRetries times (default 2; 0 disables), with exponential
// backoff and jitter, honouring Stripe-Should-Retry and Retry-After (capped
// at a minute). [SessionService] gives the exact rules; [ShouldRetry]
// exports the part that depends on the response, for tools (such as a
// recorder) that must agree with the client about what it retries.
//
// # Responses and errors
//
// Every HTTP response the client receives can be inspected as a
// [Response] (status, headers, request id and the exact body bytes):
//
//   - 2xx with a valid body: the result's Response field ([Session].Response,
//     [SessionList].Response, [LineItemList].Response). [Response.Get] reads
//     any field by path, modelled or not.
//
//   - Non-2xx: an [*Error], with every field of Stripe's error object
//     (type, code, decline_code, advice_code, network codes, param,
//     message, doc_url, request_log_url, charge, payment_intent,
//     payment_method, setup_intent, source, payment_method_type) when the
//     body is one, and a descriptive Message otherwise (an HTML page from a
//     proxy, say). Its RequestID, HTTPStatus, Header and Body are always
//     set. Match it with errors.As and the ErrorType and Code constants:
//
//     var se *client.Error
//     if errors.As(err, &se) && se.Code == client.CodeResourceMissing { … }
//
//   - A 2xx body that is not the expected JSON, or any body larger than
//     [Options].MaxResponseBytes (default 8 MiB, never read into memory): a
//     [*DecodeError] holding the Response; the size case wraps
//     [ErrResponseTooLarge].
//
// [ResponseOf] returns the Response from any such error (nil when no
// response arrived). Transport failures are returned wrapped with %w, so
// errors.Is and errors.As reach the transport's own error.
//
// # Unknown fields and expansion
//
// Nothing Stripe sends is lost. Besides the typed fields, every [Session]
// and [LineItem] keeps its own JSON in Raw, wherever it came from (a call,
// a list page, an iterator, an expanded field), and [Session.Get] and
// [LineItem.Get] read any field of it by path: s.Get("custom_text.submit.message").
//
// Nested objects keep unknown fields too: they are in the Raw of the
// session or item that holds them. A test round-trips every recorded body
// in cassettes/ through the typed structs and compares the JSON trees.
//
// Every field the spec marks expandable (customer, payment_intent,
// subscription, invoice, setup_intent, payment_link, a price's product, a
// discount's coupon, …) is an [*Expandable][T]: ID is set either way;
// when expanded, Object is the typed object and Raw its JSON
// ([Expandable.Get], [Expandable.Decode]). T is generated for the objects
// a session can expand into, bounded by one documented rule (package
// internal/gen/clientgen): objects that would add more than 100 generated
// types (an invoice, a PaymentIntent, a SetupIntent) are [Object], which
// keeps their id, their object name and their JSON. line_items is a
// [*LineItemList], present only when expanded.
//
// # Compared with stripe-go
//
// The client follows stripe-go's wire behaviour (form encoding, headers,
// idempotency keys, Stripe-Should-Retry, error fields) and differs only by
// being smaller or stricter: it rejects both list cursors, empty ids,
// bracketed keys and idempotency keys over [MaxIdempotencyKeyLength]
// before sending; it retries only failures it recognises as network
// errors (not, say, a replay transport's "no recording"); it caps response
// size; it honours Retry-After; and its iterators stop on an empty page
// even if has_more is true. One difference is required by this project:
// a 429 is retried (stripe-go retries one only when Stripe-Should-Retry
// says true); Stripe-Should-Retry: false still stops it.
package client
