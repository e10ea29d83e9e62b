package client

import (
	"context"
	"encoding/json"
)

// rawResult receives any JSON body: [Client.Call] returns the exchange,
// not a typed object.
type rawResult struct {
	json.RawMessage
	r *Response
}

func (x *rawResult) setResponse(r *Response) { x.r = r }

// Call sends one request to path (e.g. a local server's
// "/_checkoutvcr/sessions/cs_test_…/pay") with the client's key, headers,
// idempotency and retries, as the typed operations do, and returns the
// exchange. A status outside 2xx is an [*Error] carrying the response
// ([ResponseOf]). It is for endpoints this client has no typed method
// for; the Checkout Session operations are on [Client].Sessions.
func (c *Client) Call(ctx context.Context, method, path string, p *Params, opts ...RequestOption) (*Response, error) {
	var out rawResult
	if p == nil {
		p = &Params{}
	}
	if err := c.do(ctx, method, path, p, &out, opts); err != nil {
		return ResponseOf(err), err
	}
	return out.r, nil
}
