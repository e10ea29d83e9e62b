package contracts

import (
	"strings"
)

// Lookup returns the operation that answers method on path, and whether
// there is one. path is a URL path without query
// ("/v1/checkout/sessions/cs_test_123/expire"); a query, if any, is
// ignored. Each {name} segment of an operation's path template
// ("/v1/checkout/sessions/{session}/expire") matches any one non-empty
// segment; where two templates match, the one with fewer such segments
// wins, so a literal segment beats a parameter.
//
// The operations of the manifest (the six Checkout Sessions ones) are
// tried first; then every other operation of the spec, from the catalog
// that contracts/ carries beside them ("GET /v1/customers/cus_1" finds
// GetCustomersCustomer). The catalog is read on the first lookup that
// needs it, not by [Load].
func (s *Set) Lookup(method, path string) (Operation, bool) {
	path, _, _ = strings.Cut(path, "?")
	got := strings.Split(strings.Trim(path, "/"), "/")
	var best Operation
	bestParams := -1
	for _, name := range s.Operations() {
		op, _ := s.Operation(name)
		if !strings.EqualFold(op.Method, method) {
			continue
		}
		n, ok := matchTemplate(op.Path, got)
		if ok && (bestParams < 0 || n < bestParams) {
			best, bestParams = op, n
		}
	}
	if bestParams >= 0 {
		return best, true
	}
	return s.lookupCatalog(method, got)
}

// matchTemplate reports whether the path segments got match template,
// and how many of its segments are {parameters}.
func matchTemplate(template string, got []string) (params int, ok bool) {
	return matchSegments(segments(template), got)
}

// segments splits a URL path into its segments.
func segments(path string) []string { return strings.Split(strings.Trim(path, "/"), "/") }

// matchSegments is [matchTemplate] for a template split by [segments].
func matchSegments(want, got []string) (params int, ok bool) {
	if len(want) != len(got) {
		return 0, false
	}
	for i, w := range want {
		switch {
		case strings.HasPrefix(w, "{") && strings.HasSuffix(w, "}"):
			if got[i] == "" {
				return 0, false
			}
			params++
		case w != got[i]:
			return 0, false
		}
	}
	return params, true
}
