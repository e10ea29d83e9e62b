package localserver

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/client/form"
)

// call is one Checkout Sessions request on its way through the server.
type call struct {
	r       *http.Request
	ctx     context.Context
	key     string         // the API key, which selects the account
	id      string         // the session (or object) id in the path, if any
	coll    string         // the collection of an object route (customers)
	params  map[string]any // the decoded form or query
	fixture map[string]any // stripe-mock's answer to the same request
	fired   []Transition   // status changes to report after the lock
}

// opFunc runs one operation and returns the object to answer with.
type opFunc func(s *Server, c *call) (any, *apiError)

// route is one of the six Checkout Sessions operations, one of the two
// event operations (GET /v1/events, GET /v1/events/{id}), or an operation
// on the objects the account keeps (name ending in _object).
type route struct {
	name   string
	method string
	re     *regexp.Regexp
	run    opFunc
}

// routes is the operation table, one row per operation.
var routes = []route{
	{"create", http.MethodPost, regexp.MustCompile(`^/v1/checkout/sessions$`), (*Server).create},
	{"expire", http.MethodPost, regexp.MustCompile(`^/v1/checkout/sessions/([^/]+)/expire$`), (*Server).expire},
	{"list_events", http.MethodGet, regexp.MustCompile(`^/v1/events$`), (*Server).listEvents},
	{"list", http.MethodGet, regexp.MustCompile(`^/v1/checkout/sessions$`), (*Server).list},
	{"list_line_items", http.MethodGet, regexp.MustCompile(`^/v1/checkout/sessions/([^/]+)/line_items$`), (*Server).listLineItems},
	{"retrieve_event", http.MethodGet, regexp.MustCompile(`^/v1/events/([^/]+)$`), (*Server).retrieveEvent},
	{"retrieve", http.MethodGet, regexp.MustCompile(`^/v1/checkout/sessions/([^/]+)$`), (*Server).retrieve},
	{"update", http.MethodPost, regexp.MustCompile(`^/v1/checkout/sessions/([^/]+)$`), (*Server).update},
	{"create_object", http.MethodPost, regexp.MustCompile(`^/v1/(customers|products|prices|coupons|promotion_codes|shipping_rates|tax_rates)()$`), (*Server).createObject},
	{"update_object", http.MethodPost, regexp.MustCompile(`^/v1/(customers|products|prices|coupons|promotion_codes)/([^/]+)$`), (*Server).updateObject},
	{"delete_object", http.MethodDelete, regexp.MustCompile(`^/v1/(customers|products|coupons)/([^/]+)$`), (*Server).deleteObject},
	{"list_object", http.MethodGet, regexp.MustCompile(`^/v1/(customers|products|prices|coupons|promotion_codes)()$`), (*Server).listObjects},
	{"retrieve_object", http.MethodGet, regexp.MustCompile(`^/v1/(customers|products|prices|coupons|promotion_codes|shipping_rates|tax_rates|payment_intents|setup_intents|subscriptions|invoices)/([^/]+)$`), (*Server).retrieveObject},
}

// matchRoute finds the operation of a request, and its session (or
// object) id; an object route's collection is [objectCollection].
func matchRoute(method, path string) (*route, string) {
	for i := range routes {
		rt := &routes[i]
		if rt.method != method {
			continue
		}
		if m := rt.re.FindStringSubmatch(path); m != nil {
			id := ""
			if len(m) > 1 {
				id, _ = url.PathUnescape(m[len(m)-1])
			}
			return rt, id
		}
	}
	return nil, ""
}

// objectCollection is the collection an object route names
// (/v1/customers/cus_1: "customers"), "" for other paths.
func objectCollection(path string) string {
	rest, ok := strings.CutPrefix(path, "/v1/")
	if !ok {
		return ""
	}
	coll, _, _ := strings.Cut(rest, "/")
	if _, ok := kinds[coll]; !ok {
		return ""
	}
	return coll
}

// rawParams is the form of a request: the body of a POST, the query of a
// GET.
func rawParams(r *http.Request, body []byte) string {
	if r.Method == http.MethodGet || r.Method == http.MethodDelete {
		return r.URL.RawQuery
	}
	return string(body)
}

// decodeParams turns a parsed form into a tree, numbering "[]" groups in
// the order sent, as Stripe accepts them ("expand[]=a&expand[]=b").
func decodeParams(vals url.Values) (map[string]any, error) {
	numbered := url.Values{}
	next := map[string]int{}
	for _, k := range slices.Sorted(maps.Keys(vals)) {
		for _, v := range vals[k] {
			nk := k
			if before, after, ok := strings.Cut(k, "[]"); ok {
				nk = fmt.Sprintf("%s[%d]%s", before, next[before], after)
				next[before]++
			}
			numbered[nk] = append(numbered[nk], v)
		}
	}
	return form.Decode(numbered.Encode())
}

// expandValues is the expand param of a parsed form: expand, expand[]
// and expand[N], in the order sent.
func expandValues(vals url.Values) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(vals)) {
		if k == "expand" || k == "expand[]" || strings.HasPrefix(k, "expand[") && strings.HasSuffix(k, "]") && !strings.Contains(k[7:], "[") {
			out = append(out, vals[k]...)
		}
	}
	return out
}

// canonical is the parameters of a request in a form that does not
// depend on the order they were sent in, for idempotency comparisons.
func canonical(raw string) string {
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return raw
	}
	return vals.Encode()
}

// serveOp runs one of the six operations: idempotency, stripe-mock's
// validation and fixture, then the operation on the account's state.
func (s *Server) serveOp(w http.ResponseWriter, r *http.Request, body []byte, rt *route, id string) {
	key := apiKey(r)
	raw := rawParams(r, body)
	idem, done, aerr := s.idempotencyBegin(r, key, raw)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	if done != nil {
		writeJSON(w, done.status, done.body, http.Header{"Idempotent-Replayed": {"true"}})
		return
	}
	status, out := s.runOp(r, body, rt, id, key, raw)
	if idem != nil {
		s.idempotencyEnd(key, idem, out)
	}
	if out.mock != nil {
		out.mock.write(w)
		return
	}
	writeJSON(w, status, out.body, nil)
}

// outcome is what an operation answered and whether it may be
// remembered under an idempotency key.
type outcome struct {
	status   int
	body     []byte
	mock     *mockResponse // stripe-mock's own answer, passed through
	remember bool
}

func (s *Server) runOp(r *http.Request, body []byte, rt *route, id, key, raw string) (int, outcome) {
	resp, err := s.forward(r.Context(), r, body)
	if err != nil {
		e := mockDown(err)
		return e.Status, outcome{status: e.Status, body: e.body()}
	}
	// Parameters the operation does not take: stripe-mock refuses unknown
	// top-level ones without naming them and lets nested ones through;
	// Stripe names the parameter either way. Validation failures are not
	// remembered under an idempotency key. The form is parsed once, for
	// this check and for the operation.
	vals, perr := url.ParseQuery(raw)
	if perr == nil && (resp.Status == http.StatusOK || strings.Contains(string(resp.Body), "additional properties are not allowed")) {
		if e := unknownParam(contractOp(rt, r), vals); e != nil {
			return e.Status, outcome{status: e.Status, body: e.body()}
		}
	}
	// Expand paths are Stripe's to refuse (stripe-mock answers some with
	// a 500, which clients retry).
	if perr == nil {
		if aerr := checkExpand(rt.name, objectCollection(r.URL.Path), expandValues(vals)); aerr != nil {
			return aerr.Status, outcome{status: aerr.Status, body: aerr.body()}
		}
	}
	if resp.Status != http.StatusOK {
		return resp.Status, outcome{status: resp.Status, mock: resp}
	}
	fixture, err := decodeObject(resp.Body)
	if err != nil {
		e := mockDown(fmt.Errorf("its answer to %s %s is not a JSON object: %v", r.Method, r.URL.Path, err))
		return e.Status, outcome{status: e.Status, body: e.body()}
	}
	var params map[string]any
	err = perr
	if err == nil {
		params, err = decodeParams(vals)
	}
	if err != nil {
		e := invalid("", "Invalid request parameters: %v", err)
		return e.Status, outcome{status: e.Status, body: e.body()}
	}
	c := &call{r: r, ctx: r.Context(), key: key, id: id, params: params, fixture: fixture, coll: objectCollection(r.URL.Path)}
	obj, aerr := rt.run(s, c)
	s.fire(c.fired)
	if aerr == nil {
		aerr = s.expandObjects(c, obj)
	}
	if aerr != nil {
		return aerr.Status, outcome{status: aerr.Status, body: aerr.body(), remember: !aerr.Validation}
	}
	return http.StatusOK, outcome{status: http.StatusOK, body: encode(obj), remember: true}
}

// idemEntry is what an idempotency key was first used for.
type idemEntry struct {
	key      string
	endpoint string // the path
	params   string // canonical parameters
	running  bool
	status   int
	body     []byte
	seq      uint64 // when it was made, for pruneIdem (bounds.go)
}

// idempotencyBegin looks the request's Idempotency-Key up. It returns the
// entry to complete once the request has run, or a finished entry to
// replay, or Stripe's error for a key misused.
func (s *Server) idempotencyBegin(r *http.Request, key, raw string) (*idemEntry, *idemEntry, *apiError) {
	vals := r.Header.Values("Idempotency-Key")
	if r.Method != http.MethodPost || len(vals) == 0 {
		return nil, nil, nil // keys on GET and DELETE have no effect
	}
	k := vals[0]
	if n := len(k); n == 0 || n > 255 {
		return nil, nil, idempotencyLength(n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(key)
	if e, ok := a.idem[k]; ok {
		switch {
		case e.endpoint != r.URL.Path:
			return nil, nil, idempotencyEndpoint(k, e.endpoint, r.URL.Path)
		case e.params != canonical(raw):
			return nil, nil, idempotencyMismatch(k)
		case e.running:
			return nil, nil, idempotencyBusy()
		}
		return nil, e, nil
	}
	e := &idemEntry{key: k, endpoint: r.URL.Path, params: canonical(raw), running: true, seq: idemSeq.Add(1)}
	a.idem[k] = e
	return e, nil, nil
}

// idempotencyEnd saves the answer under the key, or forgets the key when
// the request failed validation, so that a corrected request can use it.
func (s *Server) idempotencyEnd(key string, e *idemEntry, out outcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(key)
	if !out.remember {
		delete(a.idem, e.key)
		return
	}
	e.running, e.status, e.body = false, out.status, out.body
	pruneIdem(a.idem, e)
}
