package contracts

import (
	"maps"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
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
	got := segments(path)
	if name, ok := bestMatch(s.byVerb[strings.ToUpper(method)], got); ok {
		return s.Operation(name)
	}
	return s.lookupCatalog(method, got)
}

// byVerb groups operations' path templates, split by [segments], by
// upper-case method, each group sorted by name: built once, when the
// manifest or the catalog is read, not on each lookup.
func byVerb(ops map[string]manifest.Operation) map[string][]template {
	m := map[string][]template{}
	for _, n := range slices.Sorted(maps.Keys(ops)) {
		o := ops[n]
		verb := strings.ToUpper(o.Method)
		m[verb] = append(m[verb], template{name: n, segments: segments(o.Path)})
	}
	return m
}

// bestMatch returns the name of the template of ts that matches the path
// segments got with the fewest {parameters}, the first by name among
// equals, and whether one matches.
func bestMatch(ts []template, got []string) (string, bool) {
	best, bestParams := "", -1
	for _, t := range ts {
		n, ok := matchSegments(t.segments, got)
		if ok && (bestParams < 0 || n < bestParams) {
			best, bestParams = t.name, n
		}
	}
	return best, bestParams >= 0
}

// segments splits a URL path into its segments.
func segments(path string) []string { return strings.Split(strings.Trim(path, "/"), "/") }

// matchSegments reports whether the path segments got match the template
// segments want, and how many of want are {parameters}.
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
