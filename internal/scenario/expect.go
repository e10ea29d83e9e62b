package scenario

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
)

// Mismatch is one difference between an expectation and a response.
type Mismatch struct {
	// Path is the JSON path of the value, e.g. "metadata.order", or
	// "(status)" for the HTTP status code.
	Path string
	// Want and Got are short renderings of the expected and actual value.
	Want, Got string
}

// String renders m as "path: (-want +got)" followed by a "- want" line
// and a "+ got" line.
func (m Mismatch) String() string {
	return fmt.Sprintf("%s: (-want +got)\n  - %s\n  + %s", m.Path, m.Want, m.Got)
}

// Check compares a response (status and decoded JSON body) with e and
// returns the differences; nil means it matches. Its templates must
// already be expanded (see [StepResult].Expect).
func (e *Expect) Check(status int, body any) []Mismatch {
	var out []Mismatch
	if e.Status != 0 && e.Status != status {
		out = append(out, Mismatch{Path: "(status)", Want: fmt.Sprint(e.Status), Got: fmt.Sprint(status)})
	}
	if e.Body != nil {
		out = subset("", e.Body, body, out)
	}
	if e.Error != nil {
		out = e.Error.check(body, out)
	}
	return out
}

func (ee *ErrorExpect) check(body any, out []Mismatch) []Mismatch {
	errObj, _ := field(body, "error").(map[string]any)
	if errObj == nil {
		return append(out, Mismatch{Path: "error", Want: "a Stripe error object", Got: render(field(body, "error"))})
	}
	for _, f := range []struct{ name, want string }{{"type", ee.Type}, {"code", ee.Code}, {"param", ee.Param}} {
		if f.want != "" && errObj[f.name] != f.want {
			out = append(out, Mismatch{Path: "error." + f.name, Want: render(f.want), Got: render(errObj[f.name])})
		}
	}
	if msg, _ := errObj["message"].(string); ee.Message != "" && !strings.Contains(msg, ee.Message) {
		out = append(out, Mismatch{Path: "error.message", Want: "contains " + render(ee.Message), Got: render(errObj["message"])})
	}
	return out
}

func field(v any, name string) any {
	m, _ := v.(map[string]any)
	return m[name]
}

// subset appends a Mismatch for each part of want that got does not have.
func subset(path string, want, got any, out []Mismatch) []Mismatch {
	switch w := want.(type) {
	case map[string]any:
		if c, ok := w["$contains"]; ok && len(w) == 1 {
			return contains(path, c, got, out)
		}
		g, ok := got.(map[string]any)
		if !ok {
			return append(out, Mismatch{Path: orRoot(path), Want: "an object", Got: render(got)})
		}
		for _, k := range slices.Sorted(maps.Keys(w)) {
			gv, present := g[k]
			if !present {
				out = append(out, Mismatch{Path: jsonpath.Key(path, k), Want: render(w[k]), Got: "(absent)"})
				continue
			}
			out = subset(jsonpath.Key(path, k), w[k], gv, out)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return append(out, Mismatch{Path: orRoot(path), Want: fmt.Sprintf("a list of %d", len(w)), Got: render(got)})
		}
		for i := range w {
			out = subset(jsonpath.At(path, i), w[i], g[i], out)
		}
		return out
	}
	if !scalarEqual(want, got) {
		out = append(out, Mismatch{Path: orRoot(path), Want: render(want), Got: render(got)})
	}
	return out
}

// contains checks that each element of want matches some element of got.
func contains(path string, want, got any, out []Mismatch) []Mismatch {
	ws, ok := want.([]any)
	if !ok {
		ws = []any{want}
	}
	g, ok := got.([]any)
	if !ok {
		return append(out, Mismatch{Path: orRoot(path), Want: "a list", Got: render(got)})
	}
	for _, w := range ws {
		found := false
		for _, e := range g {
			if len(subset("", w, e, nil)) == 0 {
				found = true
				break
			}
		}
		if !found {
			out = append(out, Mismatch{Path: orRoot(path), Want: "contains " + render(w), Got: render(got)})
		}
	}
	return out
}

// scalarEqual compares YAML and JSON scalars; numbers compare by value
// whatever their Go type.
func scalarEqual(want, got any) bool {
	wn, wok := number(want)
	gn, gok := number(got)
	if wok && gok {
		return wn.Cmp(gn) == 0
	}
	return want == got
}

func number(v any) (*big.Rat, bool) {
	var s string
	switch v := v.(type) {
	case json.Number:
		s = v.String()
	case int, int64, uint64, float64:
		s = fmt.Sprint(v)
	default:
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// render formats a value as short JSON for messages.
func render(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// Names lists what e checks, for messages about it: "status",
// "error.type" and the other error fields set, and the leaf paths of body ("metadata.order",
// "line_items.data[0].quantity").
func (e *Expect) Names() []string {
	var out []string
	if e.Status != 0 {
		out = append(out, "status")
	}
	out = leafPaths("", e.Body, out)
	if ee := e.Error; ee != nil {
		for _, f := range []struct{ name, v string }{{"type", ee.Type}, {"code", ee.Code}, {"param", ee.Param}, {"message", ee.Message}} {
			if f.v != "" {
				out = append(out, "error."+f.name)
			}
		}
	}
	return out
}

func leafPaths(path string, v any, out []string) []string {
	switch v := v.(type) {
	case map[string]any:
		if c, ok := v["$contains"]; ok && len(v) == 1 {
			return leafPaths(path, c, out)
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			out = leafPaths(jsonpath.Key(path, k), v[k], out)
		}
		return out
	case []any:
		for i, e := range v {
			out = leafPaths(jsonpath.At(path, i), e, out)
		}
		return out
	case nil:
		if path == "" {
			return out
		}
	}
	return append(out, path)
}
