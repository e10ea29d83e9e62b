// Package client is a small Go client for Stripe's Checkout Sessions API:
// create, retrieve, update, expire, list and list line items, with
// auto-paging iterators, retries with stable idempotency keys, and the
// exact HTTP exchange kept on every result and error.
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
// The package's Example runs the same against a fake server.
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
//   - Non-2xx: an [*Error], with Stripe's error fields when the body is a
//     Stripe error object and a descriptive Message otherwise (an HTML page
//     from a proxy, say). Its HTTPStatus, Header and Body are always set.
//     Match it with errors.As and the ErrorType and Code constants.
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
// Fields that Stripe returns as an id or, when expanded, as an object
// (customer, payment_intent, subscription, invoice, setup_intent,
// payment_link, and a price's product) are [*Expandable]: ID is set either
// way, and Object holds the expanded JSON ([Expandable.Get],
// [Expandable.Decode]). line_items is a [*LineItemList], present only when
// expanded.
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
