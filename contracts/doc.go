// Package contracts holds the JSON Schema contracts of Stripe's Checkout
// Sessions API and checks requests and responses against them.
//
// The contracts are generated from Stripe's OpenAPI specs (the spec3.json
// inside each pinned release of the github.com/stripe/stripe-mock module,
// fetched with go mod download: see # Versions) by
//
//	go run ./cmd/contracts
//
// and embedded in this package; never edit them by hand (a test in
// cmd/contracts compares them with a fresh generation).
//
// # Use
//
//	set, err := contracts.Load() // or contracts.LoadDir("contracts")
//	...
//	vs, err := set.CheckResponse("create", resp.StatusCode, body)
//	for _, v := range vs {
//		fmt.Println(v) // error wrong_type at amount_total: want integer or null, got string "2000" (...)
//	}
//
// [Set.CheckResponse] returns one [Violation] per broken rule, with the
// JSON path of the value, what the contract wants, what came back and
// where the rule is. Each [Kind] has a default [Severity]: unknown fields
// in a response are warnings, everything else is an error. An error result means misuse
// (an unknown operation, see [ErrUnknownOperation]) or a broken contract,
// never a bad response. [Set.CheckRequest] does the same for the form
// parameters a client sends.
//
// [Set.CheckValue] checks a body that is already decoded ([DecodeJSON], or
// encoding/json with UseNumber), so that a caller decodes each body once.
// Valid values take a fast path that answers from the compiled schemas
// without building an error tree; anything else is validated, and
// explained, by jsonschema/v6 (see fast.go).
//
// # Versions
//
// Stripe answers each request in the shape of its API version, and the
// contracts cover every version Stripe's specs can be had for: one set
// per release of the stripe-mock module that embeds a spec (2022-11-15,
// 2023-08-16, 2023-10-16, 2024-04-10, 2024-09-30.acacia,
// 2025-05-28.basil, 2025-09-30.clover, 2025-11-17.clover,
// 2026-05-27.dahlia and 2026-08-26.dahlia, the newest, which [Load]
// returns). [Versions] lists them, oldest first, each with its source
// module version and spec SHA-256; [LoadVersion] returns the [Set] for
// any version string with the [Resolution] that says how it maps:
//
//	set, res, err := contracts.LoadVersion("2025-08-27.basil")
//	// set.APIVersion() == "2025-05-28.basil", res.Match == contracts.MatchEarlierSpec
//
// The mapping ([Library.Resolve]):
//
//   - a version with a spec of its own is checked against it
//     ([MatchExact]), pre-acacia ones included;
//   - from acacia (2024-09-30) on, Stripe's monthly releases within a
//     major only add. A version of such a major without a spec of its own
//     maps to the newest spec of its major released before it
//     ([MatchEarlierSpec]: 2025-08-27.basil → 2025-05-28.basil): it has
//     everything that spec has, so a field the spec requires that is
//     absent is an error, while a field or enum value the spec lacks is a
//     note, "added within basil after 2025-05-28.basil" (never an error,
//     nor a warning);
//   - when its major has no spec before it, it maps to the oldest spec of
//     its major after it ([MatchLaterSpec]: 2026-03-25.dahlia →
//     2026-05-27.dahlia): that spec has every field the version has, so an
//     unknown field is the usual warning, while a field the spec requires
//     that is absent may have been added in between and is a note;
//   - a version no contract covers (older than every spec, such as
//     2020-08-27; a pre-acacia version without a spec; an unknown major)
//     is checked against the nearest contracts by date ([MatchNone]) with
//     a version skew: the caller reports one version_skew, and the field
//     findings are its evidence ([Resolution.Classify], [Skew.Classify]).
//
// Older versions' sets load lazily, the first time an exchange at that
// version is seen; [Embedded] shares them across a process. A [Set]'s
// [Shape] views (Component, ResponseShape, RequestShape, Prune) let a
// server render a body at a version, and package internal/upgrade
// compare versions.
//
// # One exchange
//
// [Set.Lookup] finds the operation for a method and path
// ("POST", "/v1/checkout/sessions/cs_test_123/expire" is "expire"), and
// [Set.CheckExchange] checks one recorded [Exchange] — request parameters,
// then response — returning [Finding]s that carry the cassette file, line
// and interaction they came from:
//
//	fs, err := set.CheckExchange(contracts.Exchange{
//		Method: "POST", Path: "/v1/checkout/sessions", Form: form,
//		Status: 200, Body: body, File: "cassettes/lifecycle.yaml", Line: 4,
//	}, contracts.ExchangeOptions{})
//	for _, f := range fs {
//		fmt.Println(f) // cassettes/lifecycle.yaml:4: error wrong_type at amount_total: ...
//	}
//
// [Kinds] is the one table of finding kinds, with each one's default
// [Severity]: the kinds of [Violation], their request_ forms
// ([Kind.Request]) and the kinds of a scenario's checks, which verify and
// every report format use.
//
// # Files
//
// All files are JSON Schema draft 2020-12, with sorted keys and two-space
// indentation (the catalog's two files, and every file but manifest.json
// under versions/, are stored gzipped as <name>.gz; the package reads
// either form):
//
//   - versions.json: the index of every version's contracts, oldest first:
//     api_version, dir ("." for the newest, the folder's own;
//     "versions/<api_version>" for the others), module (the stripe-mock
//     release, e.g. "github.com/stripe/stripe-mock@v0.195.0") and
//     spec_sha256. Each versions/<api_version>/ folder is laid out as the
//     newest's, with the Checkout Sessions operations (update exists from
//     2024-09-30.acacia on) and the two events operations, GetEvents and
//     GetEventsId, and no catalog.
//   - manifest.json: api_version (the Stripe API version, e.g.
//     "2026-08-26.dahlia"), spec_sha256 (of the spec3.json used),
//     generated_by, module (the source module at its version), the names of the two bundles, per operation its
//     method, path, operationId and file, and sources: each spec file the
//     contracts came from (name, info.version, SHA-256) and which rules
//     it gave.
//   - <op>.json, one per operation (create, expire, list, list_line_items,
//     retrieve, update): $defs "request", "response_200" and
//     "response_default" (Stripe's error object, for 4xx and 5xx), mostly
//     references into the bundles.
//   - requests.json: a bundle whose $defs are the request schemas, one per
//     operation: the form body of a POST, or the query parameters of a GET
//     gathered into one object. Path parameters are not included.
//   - components.json: a bundle whose $defs are every component schema the
//     operations reach: all 1454 of Stripe's, with the catalog's.
//   - catalog.json: every other operation of the spec ([Set.Lookup] finds
//     them; 586 at the pinned version: customers, prices, products,
//     payment intents, subscriptions, invoices, coupons, promotion codes,
//     …), named by operationId, each with its method, path and resource
//     in the catalog's bundle, operations.json. That bundle (compact JSON)
//     holds one resource "operations/<name>" per operation, with its
//     request, response_200 and response_default inline or by reference.
//     Neither file is read by [Load]: the first lookup that the manifest's
//     own operations cannot answer reads catalog.json, and the first check
//     of a catalog operation splits operations.json, so checking Checkout
//     Sessions alone costs what it did before the catalog.
//
// In a bundle every schema is an embedded resource with its own $id:
// schema X of components.json is "components/X", and refers to schema Y
// as {"$ref": "Y"}; an operation file refers to it as "components/X".
// Any 2020-12 validator that is given the bundles resolves these.
//
// The conversion from OpenAPI 3.0: nullable: true adds "null" to type (and
// to enum), or a {"type": "null"} branch to an anyOf without type;
// descriptions, titles, examples, formats Stripe invented (unix-time,
// decimal, currency) and x-* keys are dropped; objects with properties and
// no additionalProperties get "additionalProperties": false, so that
// fields the spec does not list are reported (as warnings).
//
// Required lists: a response schema requires what spec3.json requires
// and, when the generator is given Stripe's SDK spec from the same
// stripe-mock release (spec3.beta.sdk.json, as make contracts does), every
// property that spec requires at the same place and spec3.json has: the
// SDK spec marks the properties Stripe always sends, null or not (58 of
// checkout.session's 68, where spec3.json marks 12). Beta-only properties
// stay out, and request schemas keep spec3.json's lists. A response that
// lacks one is a missing_field; [Skew.Classify] explains it when the
// response is at another API version ([AnsweringVersion]).
//
// # Lazy references
//
// Inside components.json, a reference to an object schema, and the object
// branches of an expandable field (an id string, or the object itself when
// the request asked to expand it), are written with the custom keyword
// x-lazy-ref:
//
//	"customer": {"anyOf": [
//		{"maxLength": 5000, "type": "string"},
//		{"type": "object", "x-lazy-ref": ["customer", "deleted_customer"]},
//		{"type": "null"}]}
//
// An object is valid if it is valid against one of the named schemas.
// This package implements the keyword as a jsonschema/v6 vocabulary that
// compiles the named schemas the first time a value needs them, and
// reports the errors of the candidate the object looks like (deleted_*
// for an object with a "deleted" field). So start-up compiles a few
// schemas (about 5 ms for all six operations' responses), yet an expanded
// customer or line item is validated like everything else: Stripe's
// closure behind expandable fields is about 1000 schemas, of which a
// response holds a handful. A generic validator ignores the unknown
// keyword, and so accepts any object there.
//
// A [Set] compiles each schema once, on first use, and is safe for
// concurrent use.
package contracts
