package client_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

// schema is the part of an OpenAPI schema object this test reads.
type schema struct {
	Ref        string             `json:"$ref"`
	Type       string             `json:"type"`
	Properties map[string]*schema `json:"properties"`
	Items      *schema            `json:"items"`
	AnyOf      []*schema          `json:"anyOf"`
}

// pinnedSpec reads the OpenAPI spec bundled with the stripe-mock version
// that go.mod pins (the one the stripe-mock tests run).
func pinnedSpec(t *testing.T) map[string]any {
	t.Helper()
	if testing.Short() {
		t.Skip("needs the stripe-mock module; skipped in -short mode")
	}
	dir, err := stripemock.ModuleDir(context.Background(), "")
	require.NoError(t, err, "locating the stripe-mock module")
	data, err := os.ReadFile(filepath.Join(dir, "embedded", "openapi", "spec3.json"))
	require.NoError(t, err)
	var spec map[string]any
	require.NoError(t, json.Unmarshal(data, &spec))
	return spec
}

// TestTypedFieldsExistInSpec checks every typed params field against the
// request schema of its operation in Stripe's OpenAPI spec (the pinned
// API version), so that a misspelt or invented parameter name cannot
// hide behind a golden test that only checks what we wrote.
func TestTypedFieldsExistInSpec(t *testing.T) {
	spec := pinnedSpec(t)
	assert.Equal(t, client.DefaultAPIVersion, spec["info"].(map[string]any)["version"], "DefaultAPIVersion matches the pinned spec")
	convert := func(v any) *schema {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var s schema
		require.NoError(t, json.Unmarshal(b, &s))
		return &s
	}
	components := spec["components"].(map[string]any)["schemas"].(map[string]any)
	paths := spec["paths"].(map[string]any)
	body := func(path, method string) *schema {
		op := paths[path].(map[string]any)[method].(map[string]any)
		return convert(op["requestBody"].(map[string]any)["content"].(map[string]any)["application/x-www-form-urlencoded"].(map[string]any)["schema"])
	}
	query := func(path string) *schema {
		s := &schema{Type: "object", Properties: map[string]*schema{}}
		op := paths[path].(map[string]any)["get"].(map[string]any)
		for _, p := range op["parameters"].([]any) {
			p := p.(map[string]any)
			if p["in"] == "query" {
				s.Properties[p["name"].(string)] = convert(p["schema"])
			}
		}
		return s
	}
	resolve := func(s *schema) *schema {
		if s != nil && s.Ref != "" {
			return convert(components[strings.TrimPrefix(s.Ref, "#/components/schemas/")])
		}
		return s
	}
	const (
		sessions = "/v1/checkout/sessions"
		session  = "/v1/checkout/sessions/{session}"
	)
	ops := []struct {
		params any
		schema *schema
	}{
		{client.SessionCreateParams{}, body(sessions, "post")},
		{client.SessionUpdateParams{}, body(session, "post")},
		{client.SessionExpireParams{}, body(session+"/expire", "post")},
		{client.SessionRetrieveParams{}, query(session)},
		{client.SessionListParams{}, query(sessions)},
		{client.LineItemListParams{}, query(session + "/line_items")},
	}
	var check func(t *testing.T, typ reflect.Type, s *schema, at string)
	// variants returns the schemas a value may take at s (anyOf
	// alternatives, resolved).
	variants := func(s *schema) []*schema {
		s = resolve(s)
		if len(s.AnyOf) == 0 {
			return []*schema{s}
		}
		var out []*schema
		for _, v := range s.AnyOf {
			out = append(out, resolve(v))
		}
		return out
	}
	check = func(t *testing.T, typ reflect.Type, s *schema, at string) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		switch typ.Kind() {
		case reflect.Slice:
			for _, v := range variants(s) {
				if v.Type == "array" && v.Items != nil {
					check(t, typ.Elem(), v.Items, at+"[]")
					return
				}
			}
			t.Errorf("%s: typed as a list, but the spec has no array here", at)
		case reflect.Struct:
			var obj *schema
			for _, v := range variants(s) {
				if v.Properties != nil {
					obj = v
				}
			}
			if obj == nil {
				t.Errorf("%s: typed as an object, but the spec has no object here", at)
				return
			}
			for i := range typ.NumField() {
				f := typ.Field(i)
				tag, _, _ := strings.Cut(f.Tag.Get("form"), ",")
				if f.Anonymous && tag == "" {
					check(t, f.Type, obj, at)
					continue
				}
				if tag == "" || tag == "-" {
					continue
				}
				sub, ok := obj.Properties[tag]
				if !ok {
					t.Errorf("%s: %s (%s.%s) is not a parameter in the spec", at, tag, typ.Name(), f.Name)
					continue
				}
				check(t, f.Type, sub, at+"["+tag+"]")
			}
		}
	}
	for _, op := range ops {
		typ := reflect.TypeOf(op.params)
		t.Run(typ.Name(), func(t *testing.T) {
			check(t, typ, op.schema, typ.Name())
		})
	}
}
