// Package redact is the one redactor for every output of checkoutvcr:
// cassettes, record's log, the text, JSON and JUnit reports and drift
// diffs all pass what they write through a [Redactor].
//
// A Redactor knows secrets: the API key in use, credentials in
// STRIPE_API_BASE, and every client_secret it has seen in a JSON body
// ([Redactor.JSON], [Redactor.Learn]). It finds each one raw, JSON-escaped
// (\u003c, \u0073…) and URL-encoded (%2B, %2b, %73…) — see [Variants] —
// and anything shaped like a key (sk_test_…, rk_live_…, even inside
// x_sk_live_…) or a client secret (cs_…_secret_…), and replaces it by
// [Placeholder]. It scrubs headers ([Redactor.Header], which also drops
// Authorization and cookies), URLs ([Redactor.URL]: userinfo removed,
// query parameters scrubbed), form bodies ([Redactor.Form]) and JSON
// bodies, in strings at any depth, in keys, and whole when a
// client_secret is not a string.
//
// Besides secrets it scrubs the fields of a [Policy]: [Defaults] (a
// Checkout Session's personal data), plus the fields of a committed
// redact.yaml ([Load]; see [File]), minus its keep: entries. Names match
// by the rules of [Rule]: a name, the end of a dotted path, or globs.
// [Redactor.Unmatched] lists declared fields that matched nothing, and
// [Redactor.Scrubs] tells whether a field would be scrubbed, so record can
// refuse an expectation on a field the cassette will not hold.
//
// [Terminal] and [Line] neutralise escape sequences in anything printed
// for a human.
package redact
