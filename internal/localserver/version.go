package localserver

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/localserver/control"
)

// This file answers each request at its Stripe API version (see "Versions"
// in the package documentation). stripe-mock knows one version, the newest
// the contracts describe; the server translates a request at an older
// version up to it before stripe-mock sees it, and maps the answer down:
// first the version changes of [versionChanges] (renames), then pruning by
// the contracts of the request's version (fields that version does not
// have are left out). The hooks: [Server.versioned] in ServeHTTP, and
// [Server.eventBody] where events are emitted.

// contractsAt returns the contracts a response at API version v is
// rendered with: those of v's own spec, else the nearest spec there is
// ([contracts.LoadVersion]: a version within a major without a spec of
// its own takes the newest spec of its major before it, or the oldest
// after it; one older than every spec, such as 2020-08-27, the oldest).
func contractsAt(v string) (*contracts.Set, error) {
	set, _, err := contracts.LoadVersion(v)
	return set, err
}

// NewestVersion is the newest Stripe API version the server answers at in
// full: the version of the embedded contracts and of the stripe-mock spec
// (today 2026-08-26.dahlia). [Options.APIVersion] defaults to it.
func NewestVersion() string {
	set, err := contractSet()
	if err != nil {
		return ""
	}
	return set.APIVersion()
}

// versionDate is the release date a version starts with, which orders
// versions.
func versionDate(v string) string {
	d, _, _ := strings.Cut(v, ".")
	return d
}

// reqVersion is the API version one request is answered at.
type reqVersion struct {
	// name is the version: the request's Stripe-Version, else the
	// account's default. It is sent back as the Stripe-Version header.
	name string
	// set is the contracts it is rendered with: those of name, or the
	// nearest there are (see [contractsAt]).
	set *contracts.Set
	// newest is true when set is the newest contracts, stripe-mock's
	// shape: nothing is pruned.
	newest bool
}

// versionNamed resolves a version name to its contracts. Nothing is
// cached by name (any client may send any number of names); the
// contracts library keeps each version's Set, and resolving a name is a
// scan of the ten versions it holds.
func versionNamed(name string) reqVersion {
	v := reqVersion{name: name, newest: true}
	set, err := contractsAt(name)
	newest, nerr := contractSet()
	if err == nil && nerr == nil {
		v.set = set
		v.newest = set == newest
	}
	return v
}

// changes are the version changes a request at v is translated across:
// those Stripe made after v, oldest first.
func (v reqVersion) changes() []versionChange {
	var out []versionChange
	for _, c := range versionChanges {
		if versionDate(v.name) < versionDate(c.Version) {
			out = append(out, c)
		}
	}
	return out
}

// invalidVersion is Stripe's error for a Stripe-Version it does not know.
func invalidVersion(v string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: "invalid_request_error",
		Message: "Invalid Stripe API version: " + v, Validation: true}
}

// versioned is the version hook of ServeHTTP. It picks the request's
// version (its Stripe-Version header, else the account's default), sets
// the Stripe-Version response header, and returns the writer every answer
// must go through (its finish maps the answer down to the version) and
// the request and body translated up to stripe-mock's version. A request
// an older version refuses (a parameter or an enum value it does not
// have) gets that refusal, in Stripe's words, as the error.
func (s *Server) versioned(w http.ResponseWriter, r *http.Request, body []byte) (*versionWriter, *http.Request, []byte, *apiError) {
	name := strings.TrimSpace(r.Header.Get("Stripe-Version"))
	var aerr *apiError
	if name != "" && contracts.Embedded().CheckReleased(name) != nil {
		aerr = invalidVersion(name)
		name = ""
	}
	v := versionNamed(cmp.Or(name, s.apiVersion))
	w.Header().Set("Stripe-Version", v.name)
	vw := &versionWriter{ResponseWriter: w, r: r, v: v}
	vw.hold = !v.newest || len(v.changes()) > 0 || strings.HasPrefix(r.URL.Path, "/v1/events")
	if aerr != nil || !vw.hold || control.IsControl(r.URL.Path) || v.set == nil {
		return vw, r, body, aerr
	}
	raw := rawParams(r, body)
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return vw, r, body, nil // stripe-mock refuses it in its words
	}
	op, known := v.set.Lookup(r.Method, r.URL.Path)
	if known && !v.newest {
		if aerr := refusedAt(v.set, op.Name, vals); aerr != nil {
			return vw, r, body, aerr
		}
	}
	changed := false
	for _, c := range v.changes() {
		if c.Up != nil && c.Up(op.Name, vals) {
			changed = true
		}
	}
	if !changed {
		return vw, r, body, nil
	}
	if r.Method == http.MethodGet || r.Method == http.MethodDelete {
		r = r.Clone(r.Context())
		r.URL.RawQuery = vals.Encode()
		return vw, r, body, nil
	}
	return vw, r, []byte(vals.Encode()), nil
}

// refusedAt is what an older version refuses in a request that the newest
// version may take: a parameter it does not have ("Received unknown
// parameter: name_collection", parameter_unknown), or a value its enum
// does not list ("Invalid ui_mode: must be one of custom, embedded, or
// hosted"). The first by parameter name wins; nil when there is none.
// Other mistakes are left to stripe-mock, as at the newest version.
func refusedAt(set *contracts.Set, op string, vals url.Values) *apiError {
	vs, err := set.CheckRequest(op, vals)
	if err != nil {
		return nil
	}
	for _, v := range vs { // sorted by path
		param := bracketPath(v.Path)
		switch v.Kind {
		case contracts.KindUnknownField:
			e := invalid(param, "Received unknown parameter: %s", param)
			e.Code = "parameter_unknown"
			return e
		case contracts.KindNotInEnum:
			return invalid(param, "Invalid %s: must be one of %s", param, orList(strings.TrimPrefix(v.Want, "one of ")))
		}
	}
	return nil
}

// orList writes "a, b, c" as "a, b, or c", as Stripe's enum errors do.
func orList(list string) string {
	parts := strings.Split(list, ", ")
	if len(parts) < 2 {
		return list
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", or " + parts[len(parts)-1]
}

// versionWriter holds an answer back until finish, which maps it down to
// the request's version. When there is nothing to map (the newest
// version, no event) it writes through.
type versionWriter struct {
	http.ResponseWriter
	r      *http.Request
	v      reqVersion
	hold   bool
	status int
	buf    bytes.Buffer
}

// WriteHeader records the status of a held answer.
func (w *versionWriter) WriteHeader(status int) {
	if !w.hold {
		w.ResponseWriter.WriteHeader(status)
		return
	}
	if w.status == 0 {
		w.status = status
	}
}

// Write keeps the body of a held answer.
func (w *versionWriter) Write(b []byte) (int, error) {
	if !w.hold {
		return w.ResponseWriter.Write(b)
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.buf.Write(b)
}

// finish writes a held answer at the request's version.
func (w *versionWriter) finish() {
	if !w.hold || w.status == 0 {
		return
	}
	body := w.buf.Bytes()
	if obj, err := decodeObject(body); err == nil {
		if w.status == http.StatusOK {
			w.v.render(responseOp(w.v.set, w.r), obj)
		} else {
			w.v.renderError(obj)
		}
		body = encode(obj)
	}
	w.ResponseWriter.WriteHeader(w.status)
	w.ResponseWriter.Write(body)
}

// responseOp is the contract operation whose 200 schema describes the
// answer to r: the operation of its method and path, or, for the pay
// control endpoint (which answers the session), retrieve. "" when the
// contracts have none.
func responseOp(set *contracts.Set, r *http.Request) string {
	if set == nil {
		return ""
	}
	if payPath.MatchString(r.URL.Path) {
		return "retrieve"
	}
	if op, ok := set.Lookup(r.Method, r.URL.Path); ok {
		return op.Name
	}
	return ""
}

// render maps a successful answer of op (in stripe-mock's shape) down to
// version v, in place: the version changes since v, newest first, on every
// object they are about, then every field v's contract for op does not
// have left out. Events get v as their api_version and their data.object
// rendered the same way (as retrieve renders a session).
func (v reqVersion) render(op string, obj map[string]any) {
	changes := v.changes()
	walkObjects(obj, func(o map[string]any) {
		for i := len(changes) - 1; i >= 0; i-- {
			if c := changes[i]; c.Down != nil && o["object"] == c.Object {
				c.Down(o)
			}
		}
	})
	walkObjects(obj, func(o map[string]any) {
		if o["object"] != "event" {
			return
		}
		o["api_version"] = v.name
		if data, ok := o["data"].(map[string]any); ok {
			if inner, ok := data["object"].(map[string]any); ok && inner["object"] == "checkout.session" {
				v.prune("retrieve", inner)
			}
		}
	})
	if op != "" {
		v.prune(op, obj) // an event's data.object is free-form there: pruned above
	}
}

// renderError maps an error's message down to v: the version changes'
// Message rewrites (a ui_mode value named in it is v's).
func (v reqVersion) renderError(obj map[string]any) {
	e, ok := obj["error"].(map[string]any)
	if !ok {
		return
	}
	msg, ok := e["message"].(string)
	if !ok {
		return
	}
	changes := v.changes()
	for i := len(changes) - 1; i >= 0; i-- {
		if c := changes[i]; c.Message != nil {
			msg = c.Message(msg)
		}
	}
	e["message"] = msg
}

// prune leaves out of obj, an answer of op, every field v's contract for
// op does not list ([contracts.Set.PruneResponse]). Nothing is
// pruned at the newest version, whose contracts are stripe-mock's spec.
func (v reqVersion) prune(op string, obj any) {
	if v.newest || v.set == nil {
		return
	}
	if _, ok := v.set.Operation(op); ok {
		v.set.PruneResponse(op, obj) // an error leaves obj as it was
	}
}

// walkObjects calls f on every JSON object in v, parents first.
func walkObjects(v any, f func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		f(x)
		for _, e := range x {
			walkObjects(e, f)
		}
	case []any:
		for _, e := range x {
			walkObjects(e, f)
		}
	}
}

// RenderEvent returns an event at [NewestVersion] ([Event].Latest)
// rendered at API version v, as Stripe renders the events it
// sends to a webhook endpoint at the endpoint's version: api_version v,
// and data.object as a retrieve at v would answer it. An event that is not
// a JSON object is returned as it is.
func RenderEvent(event []byte, v string) []byte {
	obj, err := decodeObject(event)
	if err != nil || v == "" {
		return event
	}
	versionNamed(v).render("", obj)
	return encode(obj)
}

// eventBody is an emitted event as [Options.OnEvents] and [Server.Events]
// give it: at the account's default version.
func (s *Server) eventBody(obj map[string]any) json.RawMessage {
	return json.RawMessage(RenderEvent(encode(obj), s.apiVersion))
}
