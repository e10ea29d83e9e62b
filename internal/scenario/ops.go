package scenario

import (
	"context"
	"slices"

	"github.com/checkoutvcr/checkoutvcr/client"
)

// call is one step's request, templates expanded.
type call struct {
	session string
	params  client.Params
	opts    []client.RequestOption
}

// op is one operation a step can name. Its name is also the operation's
// name in contracts/.
type op struct {
	// needsSession says the op acts on one session (the step's session).
	needsSession bool
	do           func(ctx context.Context, c *client.Client, in call) (*client.Response, error)
}

// ops are the operations of Stripe's Checkout Session API, by step op name
// (see [OpNames]):
//
//   - create: POST /v1/checkout/sessions
//   - expire: POST /v1/checkout/sessions/{session}/expire
//   - list: GET /v1/checkout/sessions
//   - list_line_items: GET /v1/checkout/sessions/{session}/line_items
//   - retrieve: GET /v1/checkout/sessions/{session}
//   - update: POST /v1/checkout/sessions/{session}
//
// Each runs through [client.Client] with the step's params as
// [client.Params].Extra, so scenarios and client share one encoder. The
// names, methods and paths are those of the one operation table,
// internal/openapi's CheckoutSessions; a test checks that they agree.
var ops = map[string]op{
	"create": {do: func(ctx context.Context, c *client.Client, in call) (*client.Response, error) {
		v, err := c.Sessions.Create(ctx, &client.SessionCreateParams{Params: in.params}, in.opts...)
		return responseOf(v, err)
	}},
	"expire": {needsSession: true, do: func(ctx context.Context, c *client.Client, in call) (*client.Response, error) {
		v, err := c.Sessions.Expire(ctx, in.session, &client.SessionExpireParams{Params: in.params}, in.opts...)
		return responseOf(v, err)
	}},
	"list": {do: func(ctx context.Context, c *client.Client, in call) (*client.Response, error) {
		v, err := c.Sessions.List(ctx, &client.SessionListParams{Params: in.params}, in.opts...)
		return responseOf(v, err)
	}},
	"list_line_items": {needsSession: true, do: func(ctx context.Context, c *client.Client, in call) (*client.Response, error) {
		v, err := c.Sessions.ListLineItems(ctx, in.session, &client.LineItemListParams{Params: in.params}, in.opts...)
		return responseOf(v, err)
	}},
	"retrieve": {needsSession: true, do: func(ctx context.Context, c *client.Client, in call) (*client.Response, error) {
		v, err := c.Sessions.Retrieve(ctx, in.session, &client.SessionRetrieveParams{Params: in.params}, in.opts...)
		return responseOf(v, err)
	}},
	"update": {needsSession: true, do: func(ctx context.Context, c *client.Client, in call) (*client.Response, error) {
		v, err := c.Sessions.Update(ctx, in.session, &client.SessionUpdateParams{Params: in.params}, in.opts...)
		return responseOf(v, err)
	}},
}

// responseOf returns the HTTP exchange behind a result or an error: a
// decoded object's Response, or the response an API or decoding error
// carries. It is nil when no response arrived (a network error or a replay
// miss).
func responseOf[T interface {
	*client.Session | *client.SessionList | *client.LineItemList
}](v T, err error) (*client.Response, error) {
	if err == nil {
		switch v := any(v).(type) {
		case *client.Session:
			return v.Response, nil
		case *client.SessionList:
			return v.Response, nil
		case *client.LineItemList:
			return v.Response, nil
		}
	}
	return client.ResponseOf(err), err
}

// OpNames returns the names of the operations a step's op can be, sorted:
// create, expire, list, list_line_items, retrieve, update. Each is also the
// operation's name in contracts/.
func OpNames() []string {
	names := make([]string, 0, len(ops))
	for n := range ops {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
