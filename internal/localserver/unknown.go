package localserver

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/contracts"
)

// contractSet is the contracts, loaded on first use, for naming the
// parameter stripe-mock refuses without naming it.
var contractSet = contracts.Embedded().Newest

// unknownParam is Stripe's error for the first parameter (in sorted
// order) that the operation's contract does not list: "Received unknown
// parameter: line_items[0][bogus]". Nil when there is none.
func unknownParam(op string, form url.Values) *apiError {
	set, err := contractSet()
	if err != nil {
		return nil
	}
	vs, err := set.CheckRequest(op, form)
	if err != nil {
		return nil
	}
	var names []string
	for _, v := range vs {
		if v.Kind == contracts.KindUnknownField {
			names = append(names, bracketPath(v.Path))
		}
	}
	if len(names) == 0 {
		return tooLong(vs, form)
	}
	slices.Sort(names)
	e := invalid(names[0], msgUnknownParam, names[0])
	e.Code = "parameter_unknown"
	return e
}

// contractOp is the contracts' name of a route's operation: the
// Checkout Sessions routes are named like the manifest's operations; the
// others are looked up in the catalog by method and path.
func contractOp(rt *route, r *http.Request) string {
	if !strings.HasSuffix(rt.name, "_object") {
		return rt.name
	}
	set, err := contractSet()
	if err != nil {
		return ""
	}
	op, ok := set.Lookup(r.Method, r.URL.Path)
	if !ok {
		return ""
	}
	return op.Name
}

// atMost reads a maxLength rule as the contracts word it.
var atMost = regexp.MustCompile(`^at most (\d+) characters\b`)

// tooLong is Stripe's error for the first (in sorted order) string
// parameter longer than the contract allows (stripe-mock does not check
// lengths): "Invalid string: aaaa...aaaa; must be at most 200
// characters", param the parameter. Nil when there is none.
func tooLong(vs []contracts.Violation, form url.Values) *apiError {
	var bad []string
	limit := map[string]int{}
	for _, v := range vs {
		m := atMost.FindStringSubmatch(v.Want)
		if v.Kind != contracts.KindConstraint || m == nil {
			continue
		}
		name := bracketPath(v.Path)
		limit[name], _ = strconv.Atoi(m[1])
		bad = append(bad, name)
	}
	if len(bad) == 0 {
		return nil
	}
	slices.Sort(bad)
	val := form.Get(bad[0])
	if val == "" { // a list element written name[] in the form
		return invalid(bad[0], msgIDTooLong, "", "", limit[bad[0]])
	}
	r := []rune(val)
	return invalid(bad[0], msgIDTooLong, string(r[:min(4, len(r))]), string(r[max(0, len(r)-4):]), limit[bad[0]])
}

var pathField = regexp.MustCompile(`\.([^.\[]+)`)

// bracketPath writes a contract path (line_items[0].price_data.bogus) in
// Stripe's parameter notation (line_items[0][price_data][bogus]).
func bracketPath(p string) string { return pathField.ReplaceAllString(p, "[$1]") }
