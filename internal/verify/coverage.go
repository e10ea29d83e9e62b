package verify

import (
	"net/url"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/client/form"
	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// coverage accumulates, per operation, the parameters sent and the
// response fields seen non-null.
type coverage struct {
	calls  map[string]int
	params map[string]map[string]bool
	fields map[string]map[string]bool
}

func newCoverage() *coverage {
	return &coverage{calls: map[string]int{}, params: map[string]map[string]bool{}, fields: map[string]map[string]bool{}}
}

// add records one replayed step: the paths of the recorded request's
// parameters and of the response's fields with a value (for a list, of
// the objects it holds), in the form of [contracts.Fields] paths.
func (c *coverage) add(op string, params url.Values, body any) {
	if c == nil {
		return // coverage not asked for
	}
	c.calls[op]++
	for key := range params {
		addParamPaths(set(c.params, op), key)
	}
	obj, _ := body.(map[string]any)
	if items, ok := obj["data"].([]any); ok && obj["object"] == "list" {
		for _, it := range items {
			c.addFields(op, it)
		}
		return
	}
	c.addFields(op, obj)
}

func (c *coverage) addFields(op string, v any) {
	obj, _ := v.(map[string]any)
	if obj["object"] == "error" || obj["error"] != nil {
		return
	}
	addFieldPaths(set(c.fields, op), "", obj, 1)
}

// addParamPaths adds the paths of a bracket key and its parents:
// line_items[0][price_data][currency] gives line_items,
// line_items[].price_data and line_items[].price_data.currency.
func addParamPaths(seen map[string]bool, key string) {
	toks, err := form.SplitKey(key)
	if err != nil {
		toks = []string{key}
	}
	path, depth := "", 0
	for _, tok := range toks {
		switch {
		case tok == "" || strings.Trim(tok, "0123456789") == "":
			path = jsonpath.Each(path)
		case depth == contracts.FieldDepth:
			return
		default:
			path = jsonpath.Key(path, tok)
			depth++
			seen[path] = true
		}
	}
}

// addFieldPaths adds the path of every field of obj with a value, down to
// contracts.FieldDepth levels; list elements are [].
func addFieldPaths(seen map[string]bool, prefix string, v any, depth int) {
	switch v := v.(type) {
	case map[string]any:
		if depth > contracts.FieldDepth {
			return
		}
		for k, e := range v {
			if e == nil {
				continue
			}
			p := jsonpath.Key(prefix, k)
			seen[p] = true
			addFieldPaths(seen, p, e, depth+1)
		}
	case []any:
		for _, e := range v {
			addFieldPaths(seen, jsonpath.Each(prefix), e, depth)
		}
	}
}

func set(m map[string]map[string]bool, op string) map[string]bool {
	if m[op] == nil {
		m[op] = map[string]bool{}
	}
	return m[op]
}

// report lists each operation of the contracts with what the scenarios
// exercise of it.
func (c *coverage) report(set *contracts.Set) (*report.Coverage, error) {
	out := &report.Coverage{}
	for _, op := range set.Operations() {
		f, err := set.Fields(op)
		if err != nil {
			return nil, err
		}
		out.Ops = append(out.Ops, report.OpCoverage{
			Op: op, Object: f.Object, Calls: c.calls[op],
			Params: f.Params, ParamsSent: within(c.params[op], f.Params),
			Fields: f.Response, FieldsSeen: within(c.fields[op], f.Response),
			ParamPaths: f.ParamPaths, ParamPathsSent: within(c.params[op], f.ParamPaths),
			FieldPaths: f.ResponsePaths, FieldPathsSeen: within(c.fields[op], f.ResponsePaths),
		})
	}
	return out, nil
}

// within lists the names in seen that the contract lists, sorted; names
// it does not list are findings, not coverage.
func within(seen map[string]bool, listed []string) []string {
	out := []string{}
	for _, n := range listed {
		if seen[n] {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// merge adds o's counts to c.
func (c *coverage) merge(o *coverage) {
	for op, n := range o.calls {
		c.calls[op] += n
	}
	for _, m := range []struct{ dst, src map[string]map[string]bool }{{c.params, o.params}, {c.fields, o.fields}} {
		for op, names := range m.src {
			for n := range names {
				set(m.dst, op)[n] = true
			}
		}
	}
}
