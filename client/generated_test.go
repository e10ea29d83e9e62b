package client_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/client/form"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
)

// paramsRoots are the params struct of each operation.
var paramsRoots = map[string]any{
	"create": client.SessionCreateParams{}, "update": client.SessionUpdateParams{},
	"list": client.SessionListParams{}, "list_line_items": client.LineItemListParams{},
	"retrieve": client.SessionRetrieveParams{}, "expire": client.SessionExpireParams{},
}

// fill sets every form-tagged field of v, to full depth: strings "v",
// numbers 1, booleans true, one-element slices, one-entry maps. It
// returns the number of fields set.
func fill(v reflect.Value) int {
	n := 0
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		return fill(v.Elem())
	case reflect.String:
		v.SetString("v")
	case reflect.Int64:
		v.SetInt(1)
	case reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		return fill(v.Index(0))
	case reflect.Map:
		if v.Type().Elem().Kind() == reflect.Interface {
			v.Set(reflect.ValueOf(map[string]any{"k": "v"}))
			return 0
		}
		v.Set(reflect.MakeMap(v.Type()))
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e)
		v.SetMapIndex(reflect.ValueOf("k"), e)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			tag := f.Tag.Get("form")
			if tag == ",inline" || tag == "-" || (tag == "" && !f.Anonymous) {
				continue
			}
			n += 1 + fill(v.Field(i))
		}
	}
	return n
}

// Every parameter the generated types know, set at once, encodes to the
// same bytes through the typed params as through scenario params: the
// encoded form, decoded into the tree a scenario's YAML holds, parsed by
// the scenario language and sent as Params.Extra.
func TestTypedParamsEncodeLikeScenarioParams(t *testing.T) {
	for _, op := range slices.Sorted(func(yield func(string) bool) {
		for k := range paramsRoots {
			if !yield(k) {
				return
			}
		}
	}) {
		t.Run(op, func(t *testing.T) {
			typed := reflect.New(reflect.TypeOf(paramsRoots[op]))
			n := fill(typed.Elem())
			require.Positive(t, n)
			want, err := form.Encode(typed.Interface())
			require.NoError(t, err)
			tree, err := form.Decode(want)
			require.NoError(t, err)
			doc := map[string]any{"name": "typed_" + op, "steps": []any{map[string]any{"id": "s", "op": op, "session": "cs_1", "params": tree}}}
			if e, _ := openapi.CheckoutSession(op); !e.OnSession() {
				delete(doc["steps"].([]any)[0].(map[string]any), "session")
			}
			yml, err := yaml.Marshal(doc)
			require.NoError(t, err)
			sc, err := scenario.Parse("typed_"+op+".yaml", yml)
			require.NoError(t, err, "the scenario language accepts every typed parameter")
			viaScenario := reflect.New(reflect.TypeOf(paramsRoots[op]))
			viaScenario.Elem().FieldByName("Params").Set(reflect.ValueOf(client.Params{Extra: sc.Steps[0].Params}))
			got, err := form.Encode(viaScenario.Interface())
			require.NoError(t, err)
			assert.Equal(t, want, got)
			t.Logf("%d fields, %d bytes", n, len(want))
		})
	}
}

// specWalker checks Go types against spec schemas.
type specWalker struct {
	t    *testing.T
	spec *openapi.Spec
	tag  string // "form" or "json"
	seen map[string]bool
	n    int
}

// variants resolves s and its anyOf alternatives.
func (w *specWalker) variants(s openapi.Schema) []openapi.Schema {
	for s["$ref"] != nil {
		name, _ := openapi.ComponentName(s["$ref"])
		s = w.spec.Components.Schemas[name]
	}
	alts, _ := s["anyOf"].([]any)
	if alts == nil {
		return []openapi.Schema{s}
	}
	var out []openapi.Schema
	for _, a := range alts {
		out = append(out, w.variants(a.(map[string]any))...)
	}
	return out
}

// check fails unless every property of the object schemas at s has a
// field of typ, recursively.
func (w *specWalker) check(typ reflect.Type, s openapi.Schema, at string) {
	if s["x-expansionResources"] != nil {
		return // expandable: the target object's own type
	}
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
		typ = typ.Elem()
	}
	for _, v := range w.variants(s) {
		if v["type"] == "array" {
			w.check(typ, v["items"].(map[string]any), at+"[]")
			continue
		}
		props, _ := v["properties"].(map[string]any)
		if len(props) == 0 || typ.Kind() != reflect.Struct {
			continue
		}
		key := typ.Name() + " " + at
		if w.seen[key] {
			continue
		}
		w.seen[key] = true
		fields := fieldsByTag(typ, w.tag)
		for name, p := range props {
			if typ.Name() != "" && strings.HasSuffix(typ.Name(), "Params") && (name == "expand" || name == "limit" || name == "starting_after" || name == "ending_before") {
				if _, ok := fields[name]; !ok && typ.Name() != "Params" {
					// Held by the embedded Params / ListParams.
				}
			}
			f, ok := fields[name]
			if !ok {
				w.t.Errorf("%s.%s: no %s field in %s", at, name, w.tag, typ.Name())
				continue
			}
			w.n++
			w.check(f.Type, p.(map[string]any), at+"."+name)
		}
	}
}

// fieldsByTag maps wire names to fields, including promoted ones.
func fieldsByTag(typ reflect.Type, tag string) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for _, f := range reflect.VisibleFields(typ) {
		name, _, _ := strings.Cut(f.Tag.Get(tag), ",")
		if name != "" && name != "-" {
			out[name] = f
		}
	}
	return out
}

// The generated types cover 100% of the spec: every parameter path of
// every operation, and every field of checkout.session and item and of
// every object they hold, to full depth.
func TestGeneratedTypesCoverTheSpec(t *testing.T) {
	spec := openapitest.PinnedSpec(t)
	for _, e := range openapi.CheckoutSessions() {
		o, err := spec.Operation(e)
		require.NoError(t, err)
		req, err := o.RequestSchema(e.Method)
		require.NoError(t, err)
		w := &specWalker{t: t, spec: spec, tag: "form", seen: map[string]bool{}}
		w.check(reflect.TypeOf(paramsRoots[e.Name]), req, e.Name)
		t.Logf("%s: %d parameter paths typed", e.Name, w.n)
	}
	for name, v := range map[string]any{"checkout.session": client.Session{}, "item": client.LineItem{}} {
		w := &specWalker{t: t, spec: spec, tag: "json", seen: map[string]bool{}}
		w.check(reflect.TypeOf(v), openapi.Schema{"$ref": openapi.ComponentsPrefix + name}, name)
		t.Logf("%s: %d field paths typed", name, w.n)
		assert.Greater(t, w.n, 50, name)
	}
}

// cassetteBodies returns every committed response body with the method
// and path of its request.
func cassetteBodies(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "cassettes", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var c struct {
			Interactions []struct {
				Request struct {
					Method string `yaml:"method"`
					URL    string `yaml:"url"`
				} `yaml:"request"`
				Response struct {
					Code int    `yaml:"code"`
					Body string `yaml:"body"`
				} `yaml:"response"`
			} `yaml:"interactions"`
		}
		require.NoError(t, yaml.Unmarshal(data, &c), f)
		for i, in := range c.Interactions {
			if in.Response.Code != 200 {
				continue
			}
			u, err := url.Parse(in.Request.URL)
			require.NoError(t, err, f)
			path := u.Path
			out[fmt.Sprintf("%s#%d %s %s", filepath.Base(f), i, in.Request.Method, path)] = []byte(in.Response.Body)
		}
	}
	return out
}

// normalise decodes JSON and drops null object members, which the typed
// structs may write for fields a body left out.
func normalise(t *testing.T, b []byte) any {
	var v any
	require.NoError(t, json.Unmarshal(b, &v))
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if e == nil {
					delete(x, k)
				} else {
					x[k] = walk(e)
				}
			}
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		}
		return v
	}
	return walk(v)
}

// typedObjects are the client's types for the objects a committed
// cassette's top-level body can be, by the body's "object" (lists aside):
// Checkout Sessions and the objects a scenario's op: call steps create
// and retrieve (customers, prices, coupons…).
var typedObjects = map[string]func() any{
	"checkout.session": func() any { return &client.Session{} },
	"customer":         func() any { return &client.Customer{} },
	"price":            func() any { return &client.Price{} },
	"product":          func() any { return &client.Product{} },
	"coupon":           func() any { return &client.Coupon{} },
	"promotion_code":   func() any { return &client.PromotionCode{} },
	"tax_rate":         func() any { return &client.TaxRate{} },
	"shipping_rate":    func() any { return &client.ShippingRate{} },
}

// Every committed recorded body survives a round trip through the typed
// structs (Raw aside): decoding and re-encoding loses no value. Each body
// is decoded by its "object": a Checkout Session as [client.Session], a
// customer, price, coupon… as the client's type of that name
// (typedObjects), a list by the path that answered it (line items as
// [client.LineItemList], sessions as [client.SessionList], events: each
// event's session). A body of an object the client has no type for is
// skipped and logged; a body with no "object", or a list from any other
// path, fails the test.
func TestCassetteBodiesRoundTripThroughTypes(t *testing.T) {
	bodies := cassetteBodies(t)
	var skipped []string
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range bodies {
			if !yield(k) {
				return
			}
		}
	}) {
		body := bodies[name]
		var head struct {
			Object string `json:"object"`
		}
		require.NoError(t, json.Unmarshal(body, &head), name)
		require.NotEmpty(t, head.Object, "%s: a body with no object", name)
		var typed any
		switch {
		case head.Object != "list":
			newTyped, ok := typedObjects[head.Object]
			if !ok {
				skipped = append(skipped, name+" ("+head.Object+")")
				continue
			}
			typed = newTyped()
		case strings.HasSuffix(name, "/line_items"):
			typed = &client.LineItemList{}
		case strings.HasSuffix(name, "GET /v1/checkout/sessions"):
			typed = &client.SessionList{}
		case strings.HasSuffix(name, "GET /v1/events"):
			// A list of events (expect_events): the client has no event
			// type; each event's data.object is a session, checked below.
			roundTripEventSessions(t, name, body)
			continue
		default:
			t.Errorf("%s: a list the test does not know", name)
			continue
		}
		require.NoError(t, json.Unmarshal(body, typed), name)
		out, err := json.Marshal(typed)
		require.NoError(t, err, name)
		assert.Equal(t, normalise(t, body), normalise(t, out), name)
	}
	t.Logf("%d bodies; skipped, no client type: %v", len(bodies), skipped)
}

// roundTripEventSessions round-trips the session inside each event of an
// events list body through [client.Session], comparing JSON trees.
func roundTripEventSessions(t *testing.T, name string, body []byte) {
	t.Helper()
	var list struct {
		Data []struct {
			Data struct {
				Object json.RawMessage `json:"object"`
			} `json:"data"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(body, &list), name)
	require.NotEmpty(t, list.Data, name)
	for i, ev := range list.Data {
		var s client.Session
		require.NoError(t, json.Unmarshal(ev.Data.Object, &s), "%s event %d", name, i)
		out, err := json.Marshal(&s)
		require.NoError(t, err, name)
		assert.Equal(t, normalise(t, ev.Data.Object), normalise(t, out), "%s event %d", name, i)
	}
}
