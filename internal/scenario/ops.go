package scenario

import (
	"context"
	"net/http"
	"slices"

	"github.com/checkoutvcr/checkoutvcr/internal/localserver/control"

	"github.com/checkoutvcr/checkoutvcr/client"
)

// call is one step's request, templates expanded.
type call struct {
	session string
	method  string // op call's
	path    string // op call's, templates expanded
	params  client.Params
	opts    []client.RequestOption
}

// op is one operation a step can name. Its name is also the operation's
// name in contracts/.
type op struct {
	// needsSession says the op acts on one session (the step's session).
	needsSession bool
	// control says the op is not Stripe's: it calls a control endpoint
	// of the local server (internal/localserver), and is skipped, visibly,
	// against any other server ([RunOptions].Controls).
	control bool
	// do makes the call and returns its exchange. ctx carries the step's
	// sharedbody.Body: the client may then skip its typed decode of a body
	// it proves decodable, so do must read nothing of the typed result but
	// its Response (as responseOf does).
	do func(ctx context.Context, c *client.Client, in call) (*client.Response, error)
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
// and call ([OpCall]), any other Stripe operation by method and path,
// and one that is not Stripe's:
//
//   - pay: POST /_checkoutvcr/sessions/{session}/pay, the local server's
//     control endpoint that completes an open session as a paying
//     customer would. It runs only against a server with control
//     endpoints ([RunOptions].Controls); elsewhere the step is skipped
//     ([StepResult].Skipped).
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
	"pay": {needsSession: true, control: true, do: func(ctx context.Context, c *client.Client, in call) (*client.Response, error) {
		return c.Call(ctx, http.MethodPost, control.PayPath(in.session), &in.params, in.opts...)
	}},
	"update": {needsSession: true, do: func(ctx context.Context, c *client.Client, in call) (*client.Response, error) {
		v, err := c.Sessions.Update(ctx, in.session, &client.SessionUpdateParams{Params: in.params}, in.opts...)
		return responseOf(v, err)
	}},
	OpCall: callOp,
}

// IsControl reports whether op names a control step (pay), which only the
// local server answers.
func IsControl(op string) bool { return ops[op].control }

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
// call, create, expire, list, list_line_items, pay, retrieve, update. Each but
// pay (see [IsControl]) and call (see [Step.ContractOp]) is also the
// operation's name in contracts/.
func OpNames() []string {
	names := make([]string, 0, len(ops))
	for n := range ops {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
