package scenario

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/contracts"
	"gopkg.in/yaml.v3"
)

// OpCall is the step op that calls any other Stripe operation, named by
// method and path, so that a scenario can make the objects a session
// refers to (a customer, a price, a coupon) and read them back:
//
//   - id: price
//     op: call
//     method: POST              # GET or POST
//     path: /v1/prices          # templates allowed: /v1/customers/${customer.id}
//     params: {currency: usd, unit_amount: 2000, product_data: {name: T-shirt}}
//
// Later steps capture its answer like any other's (${price.id}). The
// operation must be one of the contracts' catalog (every operation of
// Stripe's spec); its contract checks the step as the named ops' do.
const OpCall = "call"

// callOp sends the step's method and path.
var callOp = op{do: func(ctx context.Context, c *client.Client, in call) (*client.Response, error) {
	return c.Call(ctx, in.method, in.path, &in.params, in.opts...)
}}

// ContractOp is the name of the step's operation in contracts/: its op,
// or for an op call step the catalog operation its method and path name
// (e.g. PostPrices).
func (st *Step) ContractOp() string {
	if st.Op == OpCall {
		return st.contractOp
	}
	return st.Op
}

// catalog is the contracts, loaded once, that name a call step's
// operation.
var catalog = contracts.Embedded().Newest

// lookupCall names the catalog operation of method and path; templates in
// path stand for one segment each.
func lookupCall(method, path string) (string, error) {
	set, err := catalog()
	if err != nil {
		return "", err
	}
	p := refPattern.ReplaceAllString(path, "x")
	o, ok := set.Lookup(method, p)
	if !ok {
		return "", fmt.Errorf("no Stripe operation %s %s in the contracts' catalog", method, path)
	}
	return o.Name, nil
}

// parseCall reads an op call step's method and path, and names its
// operation; errors point at the key.
func (p *parser) parseCall(n *yaml.Node, f map[string]*yaml.Node, st *Step) {
	st.Method = strings.ToUpper(p.str(f["method"], "method"))
	st.Path = p.str(f["path"], "path")
	switch {
	case f["method"] == nil:
		p.errorf(n, "step %q: op call needs a method: GET or POST", st.ID)
		return
	case st.Method != http.MethodGet && st.Method != http.MethodPost:
		p.errorf(f["method"], "step %q: method %q: want GET or POST", st.ID, st.Method)
		return
	case f["path"] == nil:
		p.errorf(n, "step %q: op call needs a path, e.g. path: /v1/prices", st.ID)
		return
	case !strings.HasPrefix(st.Path, "/v1/"):
		p.errorf(f["path"], "step %q: path %q: want a Stripe API path starting /v1/", st.ID, st.Path)
		return
	case f["expect_events"] != nil:
		p.errorf(f["expect_events"], "step %q: op call emits no session event; remove \"expect_events\"", st.ID)
		return
	}
	name, err := lookupCall(st.Method, st.Path)
	if err != nil {
		p.errorf(f["path"], "step %q: %v", st.ID, err)
		return
	}
	st.contractOp = name
}

// notCall refuses method and path on a step whose op is not call.
func (p *parser) notCall(f map[string]*yaml.Node, st *Step) {
	for _, k := range []string{"method", "path"} {
		if f[k] != nil {
			p.errorf(f[k], "step %q: %q is for op call; op %s has its own path", st.ID, k, st.Op)
		}
	}
}
