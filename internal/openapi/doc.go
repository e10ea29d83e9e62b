// Package openapi is the part of Stripe's OpenAPI 3.0 spec (spec3.json)
// that this module reads, and the one table of the Checkout Sessions
// operations it covers.
//
// # The operation table
//
// [CheckoutSessions] lists the six operations, each an [Endpoint]: its
// name (that of Stripe's own client libraries: create, expire, list,
// list_line_items, retrieve, update), HTTP method and path template.
// Everything else that names operations agrees with it: the contracts
// generator (internal/gen/contractgen) converts exactly these, so
// contracts/manifest.json lists them; the scenario step ops
// (internal/scenario) and the methods of client.SessionService are tested
// against it, name, method and path.
//
// What an endpoint's schemas are follows from its method, as in Stripe's
// spec: the request schema of a POST is its
// application/x-www-form-urlencoded body ([Operation.RequestSchema]); that
// of a GET is its query parameters gathered into one object
// ([Operation.QuerySchema]); path parameters belong to the URL, not to the
// request schema. Responses are application/json, per status code
// ([Operation.ResponseSchema]): "200" and Stripe's error object under
// "default".
//
// # The spec model
//
// [Parse] decodes a spec into a [Spec], keeping numbers exact
// ([encoding/json.Number]) and schemas as generic maps, so a converter sees
// every keyword. [Spec.Operation] finds an endpoint's [Operation];
// [PinnedSpecPath] locates the spec3.json of the stripe-mock module that
// go.mod pins, and [ReadPinned] reads it.
//
// Package openapitest (internal/openapi/openapitest) is for tests: the
// pinned spec parsed once per test binary, and the check that a set of
// callers (the client's methods, the scenario ops) agrees with the table.
//
// # Example
//
//	s, err := openapi.ReadPinned(ctx)
//	...
//	for _, e := range openapi.CheckoutSessions() {
//		op, err := s.Operation(e) // "spec has no POST /v1/checkout/sessions" if absent
//		...
//		fmt.Println(e.Name, op.OperationID)
//	}
package openapi
