// Command verify replays the recorded cassettes offline and checks every
// response against the contract schemas generated from Stripe's OpenAPI
// spec, plus each scenario step's expectations. It is what `make verify`
// and CI run.
//
// Usage:
//
//	go run ./cmd/verify [-run REGEXP] [-scenarios DIR] [-cassettes DIR] [-contracts DIR]
//	                    [-strict] [-coverage] [-format text|json|junit] [-o FILE] [-list]
//	                    [-text FILE] [-json FILE] [-junit FILE]
//	go run ./cmd/verify [-contracts DIR] [-host HOST]... [-strict] [-format …] [-o FILE]
//	                    [-text FILE] [-json FILE] [-junit FILE] CASSETTE|FOLDER...
//
// Flags:
//
//	-run REGEXP      verify only the scenarios whose name matches
//	-scenarios DIR   folder of scenario files (default scenarios)
//	-cassettes DIR   folder of cassettes, one DIR/<scenario>.yaml each (default cassettes)
//	-contracts DIR   contracts made by make contracts (default: built into the binary)
//	-strict          count warnings (unknown fields, violations in a skewed response) as errors
//	-coverage        also report which contract parameters and response fields the scenarios exercise
//	-format FORMAT   text (default), json or junit
//	-o FILE          write the report to FILE instead of stdout
//	-text FILE       also write a text report to FILE (likewise -json FILE, -junit FILE)
//	-host HOST       with cassette arguments: one more host whose calls are Stripe's (repeatable)
//	-list            list the scenarios and their steps, then exit
//
// For each scenario in scenarios/, verify loads cassettes/<name>.yaml and
// replays it offline (no network, no latency, no retries): the cassette
// is read into go-vcr's types and requests are answered from an index. A
// request is matched on method, path, query and parsed form body; headers
// such as Idempotency-Key and Authorization are ignored. A request with no
// recorded interaction is an error that names the closest recorded one and
// how it differs; a recorded interaction never replayed is an error too.
//
// # Text
//
// The default report is a block per scenario and a line per step:
//
//	lifecycle  (scenarios/lifecycle.yaml, recorded against stripe-mock)
//	  ✗ create           POST /v1/checkout/sessions → 200
//	      error [wrong_type] amount_total: want integer or null, got string "2000" (interaction 0)  scenarios/lifecycle.yaml:10
//	  ✓ line_items       GET /v1/checkout/sessions/cs_test_…/line_items?limit=10 → 200
//	  ✗ update           POST /v1/checkout/sessions/cs_test_… → 200
//	      error [wrong_type] amount_total: same as above (interaction 2)  scenarios/lifecycle.yaml:52
//	  ✓ expire           POST /v1/checkout/sessions/cs_test_…/expire → 200
//	      note [skipped_stateful] expect_stateful (line 72: id, status) skipped: stripe-mock keeps no state; record against the local server (make record RUN=lifecycle) or Stripe test mode to check it (interaction 3)  scenarios/lifecycle.yaml:66
//
//	Repeated findings (printed in full the first time only):
//	  `amount_total` wrong_type — 2 responses in 1 scenario
//
//	FAIL: 1 scenario, 4 steps, 4 interactions; 2 errors, 0 warnings, 1 note (1 skipped) (contracts: Stripe API 2026-08-26.dahlia)
//
// A finding that says the same as an earlier one (same kind, JSON path,
// want, got and message) is printed in full once and then as "same as
// above", with its own interaction and file:line; the "Repeated findings"
// section counts them. Notes are always printed in full. Colours are used
// only when stdout is a terminal and NO_COLOR is unset.
//
// # JSON
//
// -format json writes one object whose schema is stable: fields may be
// added, none removed or changed in meaning. Every field is always
// present; strings that do not apply are "", empty lists are [], and a
// status or interaction that does not apply is null. In Go, from any
// module, decode it into github.com/checkoutvcr/checkoutvcr/report.Report.
//
//	{
//	  "api_version": "2026-08-26.dahlia",
//	  "summary": {"scenarios": 1, "steps": 4, "interactions": 4,
//	              "errors": 1, "warnings": 0, "notes": 1, "skipped": 1, "passed": false},
//	  "scenarios": [{
//	    "name": "lifecycle",
//	    "file": "scenarios/lifecycle.yaml",
//	    "cassette": "cassettes/lifecycle.yaml",
//	    "server": "stripe-mock",
//	    "stripe_version": "2026-08-26.dahlia",
//	    "steps": [{
//	      "id": "create", "line": 10, "request": "POST /v1/checkout/sessions",
//	      "status": 200, "stripe_version": "2026-08-26.dahlia", "passed": false,
//	      "findings": [{"kind": "wrong_type", "severity": "error", "path": "amount_total",
//	                    "want": "integer or null", "got": "string \"2000\"",
//	                    "message": "", "interaction": 0, "drift": "", "cassette_line": 61}]
//	    }],
//	    "findings": []
//	  }],
//	  "repeated": [{"kind": "wrong_type", "path": "amount_total", "count": 3, "scenarios": 2,
//	                "summary": "`amount_total` wrong_type — 3 responses in 2 scenarios"}]
//	}
//
// A finding's cassette_line is the line of the scenario's cassette that
// the recorded value (or a secret) is on; checking cassettes without
// scenarios, that line is the finding's "line" instead. Each is absent
// when not known (a finding about the request, or without a path).
//
// api_version is the contracts' Stripe API version; a step's
// stripe_version is the version that answered it (the recorded response's
// Stripe-Version header, else the request's, else "unknown"), and a
// scenario's the first of those that differs from the contracts' (else
// the last); server "stripe-mock" or "stripe". When a scenario's version
// differs, its first finding is one version_skew error with the direction
// and what to do (its drift "older", "newer" or "other"), and each field
// finding in those responses is a note whose drift says "added since X"
// or "removed or renamed since X"; other violations there are warnings.
// summary.skipped counts notes (stateful expectations skipped on a
// stripe-mock cassette). severity is "error", "warning" or "note", as
// found; passed (per step and overall) is false when a finding is an
// error, or a warning under -strict. A scenario's own findings (unused
// interactions, a missing cassette, version skew) are in its "findings".
// "repeated" groups a finding that occurs on several steps or scenarios
// (each occurrence is still listed where it is); "coverage" is added by
// -coverage.
//
// For example, to list every failing path:
//
//	go run ./cmd/verify -format json | jq -r '.scenarios[].steps[].findings[] | select(.severity=="error") | .path'
//
// # Any Stripe cassette
//
// Given cassette files or folders as arguments, verify checks those
// cassettes alone, no scenarios: any go-vcr v3 or v4 cassette, whatever
// recorded it. Each interaction is checked against its operation, found
// among every operation of the pinned spec (customers, prices, payment
// intents, … as well as Checkout Sessions), for its request and
// response; a secret left in (an Authorization header, an sk_/rk_ key, a
// client_secret value, a whsec_ secret) is a "secret" error with its line
// and the fix; the answering version is reported per interaction. Calls to
// other hosts are listed as skipped_interaction notes (-host adds one, e.g.
// a proxy). The scenario flags (-run, -scenarios, -cassettes, -list,
// -coverage) are refused there.
//
//	go run ./cmd/verify testdata/cassettes -junit report.xml
//
// # JUnit
//
// -format junit writes JUnit XML: a <testsuite> per scenario, a <testcase>
// per step (classname the scenario, name the step id, with file and line,
// and the time it took), a <failure type=KIND> for a step whose findings
// fail, other findings (warnings, notes) in <system-out>, a <skipped> test
// case "<step> (expect_stateful)" for each skipped stateful expectation,
// and a "(cassette)" test case for findings about the scenario as a whole:
//
//	go run ./cmd/verify -format junit -o report.xml
//
// # Several reports in one run
//
// -text, -json and -junit each write one more report to a file, atomically,
// beside the one on stdout (or -o), so CI gets its log and its files from
// one run:
//
//	go run ./cmd/verify -junit reports/verify.xml -json reports/verify.json
//
// Every report file (these and -o's) is written on every exit: when verify
// cannot run (exit 2), each holds one failing test case, "verify" /
// "(run)", whose message says why; so does stdout with -format json or
// junit and no -o, so that a CI step redirecting stdout gets a document.
// A report file that cannot be written is one line naming its flag and
// what is wrong ("verify: -o: out is a folder; name a file"), exit 2.
//
// # Output file
//
// -o FILE writes the report to a temp file in FILE's folder and renames it
// into place, so FILE is either the old report or the whole new one. With
// -o, stdout stays empty and stderr gets the PASS/FAIL line.
//
// # Exit status
//
// 0 when everything holds, 1 when there are errors (or warnings with
// -strict), and 2 for bad flags or unreadable inputs (a scenario file with
// a YAML error, a broken cassette, a missing folder, a -contracts folder
// whose files are missing or broken) or an -o file that cannot be written,
// and 130 when interrupted (Ctrl-C): the message names the scenarios
// verified before the interrupt and whether each passed. The report is
// written in every format whether or not verify passes, and report files
// on exit 2 too.
package main
