package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
)

// operation names one Checkout Sessions operation of the spec.
type operation struct {
	name, method, path string
}

// operations is the one table of what the generator extracts, sorted by
// name. The names are those of Stripe's own client libraries.
var operations = []operation{
	{"create", "POST", "/v1/checkout/sessions"},
	{"expire", "POST", "/v1/checkout/sessions/{session}/expire"},
	{"list", "GET", "/v1/checkout/sessions"},
	{"list_line_items", "GET", "/v1/checkout/sessions/{session}/line_items"},
	{"retrieve", "GET", "/v1/checkout/sessions/{session}"},
	{"update", "POST", "/v1/checkout/sessions/{session}"},
}

// formContentType is the only request body media type Stripe accepts.
const formContentType = "application/x-www-form-urlencoded"

// spec is the part of an OpenAPI 3.0 document the generator reads.
type spec struct {
	Info struct {
		Version string `json:"version"`
	} `json:"info"`
	Paths      map[string]map[string]specOperation `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
	sha256 string
}

type specOperation struct {
	OperationID string          `json:"operationId"`
	Parameters  []specParameter `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Responses map[string]struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

type specParameter struct {
	Name     string         `json:"name"`
	In       string         `json:"in"`
	Required bool           `json:"required"`
	Schema   map[string]any `json:"schema"`
}

// parseSpec decodes an OpenAPI document, keeping numbers exact.
func parseSpec(data []byte) (*spec, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var s spec
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("parse spec: %w", err)
	}
	if s.Info.Version == "" {
		return nil, fmt.Errorf("parse spec: no info.version")
	}
	sum := sha256.Sum256(data)
	s.sha256 = hex.EncodeToString(sum[:])
	return &s, nil
}

// lookup returns the spec's definition of op.
func (s *spec) lookup(op operation) (specOperation, error) {
	o, ok := s.Paths[op.path][strings.ToLower(op.method)]
	if !ok {
		return o, fmt.Errorf("spec has no %s %s", op.method, op.path)
	}
	return o, nil
}

// requestSchema returns the OpenAPI schema of everything a caller may send:
// the query parameters of a GET gathered into one object, or the form body
// of a POST. Path parameters are part of the URL, not of the contract.
func (o specOperation) requestSchema(method string) (map[string]any, error) {
	if method == "GET" {
		return o.querySchema(), nil
	}
	if o.RequestBody == nil {
		return nil, fmt.Errorf("%s: no requestBody", o.OperationID)
	}
	body, ok := o.RequestBody.Content[formContentType]
	if !ok {
		return nil, fmt.Errorf("%s: no %s requestBody", o.OperationID, formContentType)
	}
	return body.Schema, nil
}

func (o specOperation) querySchema() map[string]any {
	props := map[string]any{}
	var required []any
	for _, p := range o.Parameters {
		if p.In != "query" {
			continue
		}
		props[p.Name] = p.Schema
		if p.Required {
			required = append(required, p.Name)
		}
	}
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// responseSchema returns the JSON schema of the response for code.
func (o specOperation) responseSchema(code string) (map[string]any, error) {
	r, ok := o.Responses[code]
	if !ok {
		return nil, fmt.Errorf("%s: no %q response", o.OperationID, code)
	}
	c, ok := r.Content["application/json"]
	if !ok {
		return nil, fmt.Errorf("%s: %q response is not application/json", o.OperationID, code)
	}
	return c.Schema, nil
}

// objectSchemas returns the names of the component schemas of type
// "object": all of Stripe's, in practice. References to them are lazy.
func (s *spec) objectSchemas() map[string]bool {
	out := map[string]bool{}
	for name, sch := range s.Components.Schemas {
		if sch["type"] == "object" {
			out[name] = true
		}
	}
	return out
}
