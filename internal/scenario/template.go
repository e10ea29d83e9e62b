package scenario

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
)

// refPattern matches a template reference: ${step.path} or ${env.NAME}.
var refPattern = regexp.MustCompile(`\$\{([^{}]*)\}`)

// ref is one parsed ${…} reference.
type ref struct {
	raw  string // the whole ${…}
	root string // step id or "env"
	path []jsonpath.Elem
}

// parseRef parses "create.line_items.data[0].price.id".
func parseRef(expr string) (ref, error) {
	r := ref{raw: "${" + expr + "}"}
	root, rest, _ := strings.Cut(expr, ".")
	if i := strings.IndexByte(root, '['); i >= 0 {
		root, rest = root[:i], expr[i:]
	}
	if !idPattern.MatchString(root) {
		return r, fmt.Errorf("template %s: %q is not a step id or env", r.raw, root)
	}
	r.root = root
	path, err := jsonpath.Parse(rest)
	if err != nil {
		return r, fmt.Errorf("template %s: %w", r.raw, err)
	}
	r.path = path
	if root == "env" && (len(path) != 1 || path[0].Field == "") {
		return r, fmt.Errorf("template %s: write ${env.NAME}", r.raw)
	}
	return r, nil
}

// checkSteps reports duplicate ids and references to steps that do not run
// before the referring step.
func (p *parser) checkSteps(sc *Scenario) {
	index := map[string]int{}
	for i, st := range sc.Steps {
		if j, dup := index[st.ID]; dup && st.ID != "" {
			p.errs = append(p.errs, errorAt(st.Pos, "step id %q is already used by the step at line %d", st.ID, sc.Steps[j].Pos.Line))
		} else {
			index[st.ID] = i
		}
	}
	for i, st := range sc.Steps {
		for _, t := range st.templates {
			if msg := refProblem(sc, index, i, t.expr); msg != "" {
				p.errs = append(p.errs, errorAt(t.pos, "step %q: %s", st.ID, msg))
			}
		}
	}
}

func refProblem(sc *Scenario, index map[string]int, i int, expr string) string {
	r, err := parseRef(expr)
	if err != nil {
		return err.Error()
	}
	if r.root == "env" {
		return ""
	}
	j, ok := index[r.root]
	switch {
	case !ok:
		return fmt.Sprintf("template %s: no step %q%s; steps before this one: %s", r.raw, r.root, suggestHint(r.root, stepIDsBefore(sc, i)), sc.stepIDs(i))
	case j == i:
		return fmt.Sprintf("template %s refers to its own step; a step can only use earlier responses", r.raw)
	case j > i:
		return fmt.Sprintf("template %s refers to step %q, which runs later (line %d); a step can only use earlier responses", r.raw, r.root, sc.Steps[j].Pos.Line)
	}
	return ""
}

func stepIDsBefore(sc *Scenario, i int) []string {
	var ids []string
	for _, st := range sc.Steps[:i] {
		ids = append(ids, st.ID)
	}
	return ids
}

func anyMap(m map[string]any) any {
	if m == nil {
		return nil
	}
	return m
}

// Env looks up ${env.NAME}; [os.LookupEnv] fits.
type Env func(name string) (string, bool)

// expander resolves references against the responses seen so far.
type expander struct {
	responses map[string]any // step id → decoded JSON body
	env       Env
}

// expand returns v with every template replaced. A string that is exactly
// one reference takes the referenced value with its type (a number stays a
// number); references inside longer strings are formatted in.
func (x *expander) expand(v any) (any, error) {
	switch v := v.(type) {
	case string:
		return x.expandString(v)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			ev, err := x.expand(e)
			if err != nil {
				return nil, err
			}
			out[k] = ev
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			ev, err := x.expand(e)
			if err != nil {
				return nil, err
			}
			out[i] = ev
		}
		return out, nil
	}
	return v, nil
}

func (x *expander) expandString(s string) (any, error) {
	if !strings.Contains(s, "${") {
		return s, nil // no template: what the rest would return, without the regexp
	}
	if m := refPattern.FindStringSubmatchIndex(s); m != nil && m[0] == 0 && m[1] == len(s) {
		v, err := x.resolve(s[m[2]:m[3]])
		if err == nil && v == nil {
			err = fmt.Errorf("%s is null in the response; there is nothing to send", s)
		}
		return v, err
	}
	var firstErr error
	out := refPattern.ReplaceAllStringFunc(s, func(raw string) string {
		v, err := x.resolve(raw[2 : len(raw)-1])
		if err == nil {
			err = scalarOnly(raw, v)
		}
		if err != nil {
			firstErr = cmp.Or(firstErr, err)
			return raw
		}
		return formatScalar(v)
	})
	return out, firstErr
}

// scalarOnly refuses a value that cannot be written into text.
func scalarOnly(raw string, v any) error {
	switch v.(type) {
	case nil:
		return fmt.Errorf("%s is null in the response; there is nothing to write", raw)
	case map[string]any:
		return fmt.Errorf("%s is an object; only a string, number or boolean can go into text", raw)
	case []any:
		return fmt.Errorf("%s is a list; only a string, number or boolean can go into text", raw)
	}
	return nil
}

// expandString is for fields that must be strings (session, keys).
func (x *expander) str(s string) (string, error) {
	v, err := x.expandString(s)
	if err == nil {
		err = scalarOnly(s, v)
	}
	if err != nil {
		return "", err
	}
	return formatScalar(v), nil
}

func (x *expander) resolve(expr string) (any, error) {
	r, err := parseRef(expr)
	if err != nil {
		return nil, err
	}
	if r.root == "env" {
		name := r.path[0].Field
		v, ok := x.env(name)
		switch {
		case !ok:
			return nil, fmt.Errorf("%s: environment variable %s is not set", r.raw, name)
		case stripekey.Contains(v) || stripekey.Pattern.MatchString(v):
			// It would be sent as a parameter and recorded in the cassette.
			return nil, fmt.Errorf("%s: environment variable %s holds a Stripe key; ${env.…} is for values you may record, the key is read from STRIPE_SECRET_KEY only", r.raw, name)
		}
		return v, nil
	}
	body, ok := x.responses[r.root]
	if !ok {
		return nil, fmt.Errorf("%s: step %q has no JSON response", r.raw, r.root)
	}
	return lookup(body, r.path, r.raw)
}

// lookup walks path through a decoded JSON value.
func lookup(v any, path []jsonpath.Elem, raw string) (any, error) {
	walked := ""
	for _, el := range path {
		switch cur := v.(type) {
		case map[string]any:
			next, ok := cur[el.Field]
			if el.Field == "" || !ok {
				return nil, fmt.Errorf("%s: no field %q in %s%s", raw, el.Field, orRoot(walked), fieldHint(el.Field, slices.Sorted(maps.Keys(cur))))
			}
			v, walked = next, jsonpath.Key(walked, el.Field)
		case []any:
			if el.Field != "" || el.Index >= len(cur) {
				return nil, fmt.Errorf("%s: %s is a list of %d; use [0]…[%d]", raw, orRoot(walked), len(cur), len(cur)-1)
			}
			v, walked = cur[el.Index], jsonpath.At(walked, el.Index)
		default:
			return nil, fmt.Errorf("%s: %s is %s, not an object or list", raw, orRoot(walked), formatScalar(cur))
		}
	}
	return v, nil
}

// fieldHint suggests the closest field name, and lists the fields when
// there are few enough to read.
func fieldHint(name string, fields []string) string {
	hint := suggestHint(name, fields)
	if len(fields) <= 12 {
		hint += " (fields there: " + strings.Join(fields, ", ") + ")"
	} else if hint == "" {
		hint = fmt.Sprintf(" (it has %d fields, none close to %q)", len(fields), name)
	}
	return hint
}

func orRoot(p string) string {
	if p == "" {
		return "the response"
	}
	return p
}

// formatScalar formats a JSON or YAML scalar for a string template.
func formatScalar(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
