// Package report is verify's JSON report as Go types, for programs that
// read it: decode the output of
//
//	go run github.com/checkoutvcr/checkoutvcr/cmd/verify -format json -o report.json
//
// into a [Report]:
//
//	var rep report.Report
//	err := json.Unmarshal(data, &rep)
//
// # Schema
//
// Every field except "suggest" is always present: strings are "" when they do not apply,
// lists are [] when empty, and numbers that do not apply are null. Fields
// may be added in later versions; none will be removed or change meaning.
//
//	{
//	  "api_version": "2026-08-26.dahlia",  // the contracts' Stripe API version
//	  "summary": {
//	    "scenarios": 1, "steps": 4, "interactions": 4,
//	    "errors": 1,    // findings of severity "error"
//	    "warnings": 0,  // findings of severity "warning"
//	    "notes": 3,     // findings of severity "note" (never fail)
//	    "skipped": 1,   // of the notes, those saying something was not checked (skipped_stateful, skipped_interaction)
//	    "passed": false // false when there are errors (with -strict, warnings are errors)
//	  },
//	  "scenarios": [{
//	    "name": "lifecycle",
//	    "file": "scenarios/lifecycle.yaml",
//	    "cassette": "cassettes/lifecycle.yaml",
//	    "server": "stripe-mock",               // the cassette's stamp: or "stripe", "local", "custom"; "" if nothing was replayed
//	    "stripe_version": "2026-08-26.dahlia", // the API version that answered
//	    "steps": [{
//	      "id": "create",
//	      "line": 9,                           // the step's line in file
//	      "request": "POST /v1/checkout/sessions",
//	      "status": 200,                       // null if no response was replayed
//	      "stripe_version": "2026-08-26.dahlia",
//	      "passed": false,                     // no finding on this step fails verify
//	      "findings": [{
//	        "kind": "wrong_type",              // see below
//	        "severity": "error",               // "error", "warning" or "note"
//	        "path": "amount_total",            // JSON path in the response, or ""
//	        "want": "integer or null",         // what the contract or expectation says, or ""
//	        "got": "string \"2000\"",          // what came back, or ""
//	        "message": "",                     // a sentence, for kinds without a path
//	        "interaction": 0,                  // the cassette interaction, or null
//	        "suggest": "success_url",          // request_unknown_field only, when a listed parameter is close; else absent
//	        "drift": "",                       // in a response at another API version, e.g. "added since 2020-08-27"
//	        "line": 154,                       // cassettes without scenarios: the field's line in the cassette; else absent
//	        "cassette_line": 154               // with scenarios: the field's (or secret's) line in "cassette"; else absent
//	      }]
//	    }],
//	    "findings": []                         // about the scenario as a whole, same shape
//	  }],
//	  "repeated": [{                           // findings that occur more than once, grouped
//	    "kind": "wrong_type", "path": "amount_total", "count": 3, "scenarios": 2,
//	    "summary": "`amount_total` wrong_type — 3 responses in 2 scenarios"
//	  }],
//	  "coverage": {…}                          // only with verify -coverage
//	}
//
// With -strict every warning is an error: its "severity" is "error", the
// summary counts it among "errors", and "passed" is false; verify's text
// and JUnit output say and count the same.
//
// A finding's kind is one of the kinds of
// [github.com/checkoutvcr/checkoutvcr/contracts.Kinds], the one table of
// kinds and their default severities (missing_field, wrong_type,
// unknown_field, expectation, skipped_stateful, version_skew, …); the
// README's "Finding lines and kinds" explains each.
package report
