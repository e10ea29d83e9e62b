// Command verify replays the recorded cassettes offline and checks every
// response against the contract schemas generated from Stripe's OpenAPI
// spec, plus each scenario step's expectations. It is what `make verify`
// and CI run.
//
// Usage:
//
//	go run ./cmd/verify [-run REGEXP] [-scenarios DIR] [-cassettes DIR] [-contracts DIR] [-strict] [-list]
//
// For each scenario in scenarios/, verify loads cassettes/<name>.yaml and
// replays it with go-vcr (ModeReplayOnly, no latency, no retries). A
// request is matched on method, path, query and parsed form body; headers
// such as Idempotency-Key and Authorization are ignored. A request with no
// recorded interaction is an error that names the closest recorded one and
// how it differs; a recorded interaction never replayed is an error too.
//
// Output is a block per scenario and a line per step:
//
//	lifecycle  (scenarios/lifecycle.yaml, recorded against stripe-mock)
//	  ✓ create           POST /v1/checkout/sessions → 200
//	  ✗ list_items       GET /v1/checkout/sessions/cs_test_…/line_items → 200
//	      error [wrong_type] data[0].amount_total: want integer, got string "2000" (interaction 1)  scenarios/lifecycle.yaml:21
//	FAIL: 1 scenarios, 4 steps, 4 interactions; 1 errors, 0 warnings, 1 skipped (contracts: Stripe API 2026-08-26.dahlia)
//
// Exit status is 0 when everything holds, 1 when there are errors (or
// warnings with -strict), and 2 for bad flags or unreadable inputs (a
// scenario file with a YAML error, a broken cassette, a missing folder).
package main
