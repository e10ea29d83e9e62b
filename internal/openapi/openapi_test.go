package openapi_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
)

func TestCheckoutSessionsTable(t *testing.T) {
	ops := openapi.CheckoutSessions()
	var names []string
	for _, e := range ops {
		names = append(names, e.Name)
	}
	assert.Equal(t, []string{"create", "expire", "list", "list_line_items", "retrieve", "update"}, names,
		"the operations of Stripe::Checkout::Session, sorted by name")

	ops[0].Name = "changed"
	assert.Equal(t, "create", openapi.CheckoutSessions()[0].Name, "the caller's copy is its own")

	for _, e := range openapi.CheckoutSessions() {
		got, ok := openapi.CheckoutSession(e.Name)
		assert.True(t, ok, e.Name)
		assert.Equal(t, e, got)
	}
	_, ok := openapi.CheckoutSession("delete")
	assert.False(t, ok, "Checkout Sessions cannot be deleted")
}

func TestCheckoutSessionsAreInThePinnedSpec(t *testing.T) {
	s := openapitest.PinnedSpec(t)
	want := map[string]string{ // the spec's operationIds
		"create":          "PostCheckoutSessions",
		"expire":          "PostCheckoutSessionsSessionExpire",
		"list":            "GetCheckoutSessions",
		"list_line_items": "GetCheckoutSessionsSessionLineItems",
		"retrieve":        "GetCheckoutSessionsSession",
		"update":          "PostCheckoutSessionsSession",
	}
	for _, e := range openapi.CheckoutSessions() {
		t.Run(e.Name, func(t *testing.T) {
			op, err := s.Operation(e)
			require.NoError(t, err)
			assert.Equal(t, want[e.Name], op.OperationID)
			req, err := op.RequestSchema(e.Method)
			require.NoError(t, err)
			assert.Equal(t, "object", req["type"])
			for _, code := range []string{"200", "default"} {
				_, err := op.ResponseSchema(code)
				assert.NoError(t, err, code)
			}
			var inPath []string
			for _, p := range op.Parameters {
				if p.In == "path" {
					inPath = append(inPath, p.Name)
				}
			}
			if e.OnSession() {
				assert.Equal(t, []string{"session"}, inPath)
			} else {
				assert.Empty(t, inPath)
			}
		})
	}
	assert.Equal(t, "2026-08-26.dahlia", s.Info.Version)
	assert.Len(t, s.SHA256, 64)
	assert.True(t, s.ObjectSchemas()["checkout.session"])
}

func TestEndpointPaths(t *testing.T) {
	expire, _ := openapi.CheckoutSession("expire")
	list, _ := openapi.CheckoutSession("list")
	assert.True(t, expire.OnSession())
	assert.False(t, list.OnSession())
	assert.Equal(t, "/v1/checkout/sessions/cs_1/expire", expire.URLPath("cs_1"))
	assert.Equal(t, "/v1/checkout/sessions/a%2Fb/expire", expire.URLPath("a/b"), "escaped as one segment")
	assert.Equal(t, "/v1/checkout/sessions", list.URLPath("cs_1"))
}

func TestParse(t *testing.T) {
	tests := []struct{ name, in, err string }{
		{"not JSON", `<html>`, "parse spec: invalid character '<' looking for beginning of value"},
		{"no version", `{"info": {}, "paths": {}}`, "parse spec: no info.version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := openapi.Parse([]byte(tt.in))
			assert.EqualError(t, err, tt.err)
		})
	}
	s, err := openapi.Parse([]byte(`{"info": {"version": "v"}, "paths": {}}`))
	require.NoError(t, err)
	_, err = s.Operation(openapi.Endpoint{Name: "create", Method: "POST", Path: "/v1/checkout/sessions"})
	assert.EqualError(t, err, "spec has no POST /v1/checkout/sessions")
}

func TestOperationSchemas(t *testing.T) {
	const doc = `{"info": {"version": "v"}, "paths": {"/v1/x/{id}": {
		"get": {"operationId": "GetX", "parameters": [
			{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
			{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
			{"name": "q", "in": "query", "required": true, "schema": {"type": "string"}}],
			"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/x"}}}},
				"default": {"content": {"text/html": {}}}}},
		"post": {"operationId": "PostX", "requestBody": {"content": {"application/json": {}}}}}}}`
	s, err := openapi.Parse([]byte(doc))
	require.NoError(t, err)
	get, err := s.Operation(openapi.Endpoint{Method: "GET", Path: "/v1/x/{id}"})
	require.NoError(t, err)
	q, err := get.RequestSchema("GET")
	require.NoError(t, err)
	assert.IsType(t, json.Number(""), q["properties"].(map[string]any)["limit"].(map[string]any)["maximum"], "numbers kept exact")
	data, err := json.Marshal(q)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type": "object", "required": ["q"], "properties": {
		"limit": {"type": "integer", "maximum": 100}, "q": {"type": "string"}}}`, string(data),
		"query parameters gathered, path parameters left out, numbers exact")
	r, err := get.ResponseSchema("200")
	require.NoError(t, err)
	name, err := openapi.ComponentName(r["$ref"])
	require.NoError(t, err)
	assert.Equal(t, "x", name)
	_, err = get.ResponseSchema("default")
	assert.EqualError(t, err, `GetX: "default" response is not application/json`)
	_, err = get.ResponseSchema("404")
	assert.EqualError(t, err, `GetX: no "404" response`)

	post, err := s.Operation(openapi.Endpoint{Method: "POST", Path: "/v1/x/{id}"})
	require.NoError(t, err)
	_, err = post.RequestSchema("POST")
	assert.EqualError(t, err, "PostX: no application/x-www-form-urlencoded requestBody")
	post.RequestBody = nil
	_, err = post.RequestSchema("POST")
	assert.EqualError(t, err, "PostX: no requestBody")

	for _, bad := range []any{"other.json#/x", "#/components/schemas/", 42, nil} {
		_, err := openapi.ComponentName(bad)
		assert.Error(t, err, "%v", bad)
	}
}
