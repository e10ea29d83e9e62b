// Package drift compares two recordings of the same JSON response while
// setting aside what changes on every run.
//
// What changes on every run is decided in one place: the fields of
// [Volatile] (ids, timestamps, URLs, secrets), whose values are compared
// by JSON type only, and the id-shaped text that [Stable] masks in any
// string. Both comparisons walk the JSON with one walker:
//
//   - [Diff] compares two values position by position and lists the paths
//     that differ ("line_items.data[0].price"); record -dry-run uses it.
//   - [ShapeOf] summarises a value by path, list positions written [], as
//     the types and enum-like values seen there, and [Shape.Compare] says
//     how a path changed between two such summaries; record -diff uses it.
package drift

import (
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
)

// volatileFields change on every run (ids, timestamps, URLs, secrets);
// their values are not compared, only their types.
var volatileFields = map[string]bool{
	"id": true, "created": true, "expires_at": true, "url": true, "client_secret": true,
	"success_url": true, "cancel_url": true, "return_url": true, "payment_intent": true,
	"subscription": true, "customer": true, "invoice": true, "setup_intent": true, "request_log_url": true,
}

// volatileText matches what a server makes up on every run inside any
// text: Stripe object ids (cs_test_a1B2…, li_1Pgc…, req_…) and the Go
// pointers stripe-mock quotes in its validation errors (0x7d1c8192180).
// An id's random part has a digit or a capital; parameter names
// (consent_collection) have neither.
var volatileText = regexp.MustCompile(`\b[a-z]{2,8}_(?:test_|live_)?[A-Za-z0-9]{12,}\b|\b0x[0-9a-f]{6,}\b`)

// Volatile reports whether the field named key changes on every run, so
// that only its JSON type is worth comparing.
func Volatile(key string) bool { return volatileFields[key] }

// Stable replaces the parts of s that change on every run (object ids, Go
// pointers) by "<id>".
func Stable(s string) string {
	return volatileText.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "0x") || strings.ContainsAny(m, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			return "<id>"
		}
		return m
	})
}

// JSONType names the JSON type of a value decoded by encoding/json:
// null, boolean, integer, number, string, array or object.
func JSONType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// Diff lists the path of each value that differs between a and b, in
// order: a field only one side has, or a value of another type, or a list
// of another length, is one path and is not looked into. The values of
// [Volatile] fields are compared by JSON type only, strings after
// [Stable]. A difference at the top is "body".
func Diff(a, b any) []string {
	var out []string
	differ := func(n node) {
		out = append(out, orBody(n.path))
	}
	walk(node{a: a, b: b, hasA: true, hasB: true}, func(n node) bool {
		if !n.hasA || !n.hasB {
			differ(n)
			return false
		}
		if Volatile(n.key) {
			if JSONType(n.a) != JSONType(n.b) {
				differ(n)
			}
			return false
		}
		switch a := n.a.(type) {
		case map[string]any:
			if _, ok := n.b.(map[string]any); !ok {
				differ(n)
				return false
			}
			return true
		case []any:
			if bl, ok := n.b.([]any); !ok || len(a) != len(bl) {
				differ(n)
				return false
			}
			return true
		case string:
			if bs, ok := n.b.(string); !ok || Stable(a) != Stable(bs) {
				differ(n)
			}
		default:
			if !reflect.DeepEqual(a, n.b) {
				differ(n)
			}
		}
		return false
	})
	return out
}

func orBody(path string) string {
	if path == "" {
		return "body"
	}
	return path
}

// node is a position the walker visits in one or two JSON values.
type node struct {
	path  string // with list positions: line_items.data[0].price
	shape string // with [] for every list position: line_items.data[].price
	key   string // the field name, or the enclosing field's for list elements
	a, b  any
	// hasA and hasB say whether a and b have a value at path.
	hasA, hasB bool
}

// walk visits n and, while visit returns true, its children, depth first:
// the fields either side has, in sorted order, then list elements by
// position. It is the one JSON walker of this package.
func walk(n node, visit func(node) bool) {
	if !visit(n) {
		return
	}
	am, aIsMap := n.a.(map[string]any)
	bm, bIsMap := n.b.(map[string]any)
	if aIsMap || bIsMap {
		keys := maps.Clone(am)
		if keys == nil {
			keys = map[string]any{}
		}
		maps.Copy(keys, bm)
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			c := node{path: jsonpath.Key(n.path, k), shape: jsonpath.Key(n.shape, k), key: k}
			c.a, c.hasA = am[k]
			c.b, c.hasB = bm[k]
			walk(c, visit)
		}
		return
	}
	al, _ := n.a.([]any)
	bl, _ := n.b.([]any)
	for i := range max(len(al), len(bl)) {
		c := node{path: jsonpath.At(n.path, i), shape: jsonpath.Each(n.shape), key: n.key}
		if i < len(al) {
			c.a, c.hasA = al[i], true
		}
		if i < len(bl) {
			c.b, c.hasB = bl[i], true
		}
		walk(c, visit)
	}
}
