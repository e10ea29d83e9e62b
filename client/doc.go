// Package client is a small Go client for Stripe's Checkout Sessions API:
// create, retrieve, update, expire, list and list line items, with
// auto-paging iterators, retries and the exact HTTP exchange kept on every
// result and error.
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
// # Configuration
//
// [New] takes a key and an [Options] struct whose zero value is ready to
// use. Tests, recording and replay inject an *http.Client (with their own
// transport), a Sleep function so that retries never really wait, and a
// fixed idempotency key generator. Per-call [RequestOption]s set an
// idempotency key, a connected account, an API version, extra headers, or
// the retry budget.
//
// # Parameters
//
// Params structs ([SessionCreateParams], [SessionListParams], …) use
// pointers for optional scalars, so unset means "not sent"; build them
// with [String], [Int64] and [Bool]. Each embeds [Params], whose Extra map
// carries any parameter not typed here and wins over typed fields. A
// program may drive every operation through Extra alone, for example with
// a map decoded from YAML. Parameters are encoded by package [form]: with
// brackets ("line_items[0][price]=price_123"), deterministically, in the URL
// query for GETs and in an application/x-www-form-urlencoded body for POSTs.
//
// Every request sends Authorization: Bearer <key>, Stripe-Version and
// User-Agent; POSTs also send Content-Type and an Idempotency-Key that stays
// the same across retries. Retry rules are described on [SessionService].
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
//   - A 2xx body that is not the expected JSON, or any body larger than
//     [Options].MaxResponseBytes: a [*DecodeError] holding the Response.
//
// [ResponseOf] returns the Response from any such error (nil when no
// response arrived). Transport failures are returned wrapped with %w, so
// errors.Is and errors.As reach the transport's own error.
//
// Fields that Stripe returns as an id or, when expanded, as an object are
// [*Expandable]: ID is set either way and Object holds the expanded JSON.
package client
