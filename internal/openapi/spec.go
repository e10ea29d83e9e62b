package openapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

// ComponentsPrefix is how the spec refers to a component schema: a $ref of
// "#/components/schemas/checkout.session" names "checkout.session".
const ComponentsPrefix = "#/components/schemas/"

// FormContentType is the only request body media type Stripe accepts.
const FormContentType = "application/x-www-form-urlencoded"

// Schema is an OpenAPI 3.0 schema object, decoded generically: numbers
// are [json.Number], nested schemas map[string]any.
type Schema = map[string]any

// Spec is the part of an OpenAPI 3.0 document that this module reads.
type Spec struct {
	// Info holds the spec's API version.
	Info struct {
		// Version is the Stripe API version, e.g. "2026-08-26.dahlia".
		Version string `json:"version"`
	} `json:"info"`
	// Paths maps a path template and a lower-case method to its operation.
	Paths map[string]map[string]Operation `json:"paths"`
	// Components holds the shared schemas, by name.
	Components struct {
		// Schemas are the component schemas, e.g. "checkout.session".
		Schemas map[string]Schema `json:"schemas"`
	} `json:"components"`
	// SHA256 is the hex SHA-256 of the document [Parse] read.
	SHA256 string `json:"-"`
	// File is the base name of the file [ReadFile] read; "" after
	// [Parse].
	File string `json:"-"`
}

// The names of the two specs in stripe-mock's embedded/openapi folder.
const (
	// SpecFile is Stripe's public OpenAPI spec: operations, schemas, and
	// required lists that mark few properties.
	SpecFile = "spec3.json"
	// SDKSpecFile is the spec Stripe generates its SDKs from, released
	// with SpecFile: a superset with beta features, whose required lists
	// mark every property a response always carries, null or not.
	SDKSpecFile = "spec3.beta.sdk.json"
)

// Operation is an OpenAPI operation object: one method on one path.
type Operation struct {
	// OperationID is the spec's name for it, e.g. "PostCheckoutSessions".
	OperationID string `json:"operationId"`
	// Parameters are its path and query parameters.
	Parameters []Parameter `json:"parameters"`
	// RequestBody is the body it takes, by media type; nil for none.
	RequestBody *Body `json:"requestBody"`
	// Responses are its responses by status code, or "default".
	Responses map[string]Body `json:"responses"`
}

// Body is a request body or a response: its schema per media type.
type Body struct {
	// Content maps a media type to its schema.
	Content map[string]struct {
		// Schema is the body's schema.
		Schema Schema `json:"schema"`
	} `json:"content"`
}

// Parameter is an operation's parameter.
type Parameter struct {
	// Name is the parameter's name, e.g. "limit".
	Name string `json:"name"`
	// In is where it goes: "path" or "query".
	In string `json:"in"`
	// Required says a request must send it.
	Required bool `json:"required"`
	// Schema is its schema.
	Schema Schema `json:"schema"`
}

// Parse decodes an OpenAPI document, keeping numbers exact, and records
// its SHA-256. A document without info.version is an error.
func Parse(data []byte) (*Spec, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var s Spec
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("parse spec: %w", err)
	}
	if s.Info.Version == "" {
		return nil, fmt.Errorf("parse spec: no info.version")
	}
	sum := sha256.Sum256(data)
	s.SHA256 = hex.EncodeToString(sum[:])
	return &s, nil
}

// MaxSpecSize bounds a spec file (256 MiB; Stripe's is about 7 MiB).
const MaxSpecSize = 256 << 20

// ReadFile reads and parses the spec at path: a regular file of at most
// [MaxSpecSize] bytes.
func ReadFile(path string) (*Spec, error) {
	data, err := safefile.Read(path, MaxSpecSize)
	if err != nil {
		return nil, err
	}
	s, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s.File = filepath.Base(path)
	return s, nil
}

// PinnedSpecPath locates spec3.json inside the stripe-mock module that
// go.mod pins, downloading the module if this machine has not got it yet
// (it runs go mod download in the current folder, which must be inside
// this module).
func PinnedSpecPath(ctx context.Context) (string, error) {
	dir, err := stripemock.ModuleDir(ctx, "")
	if err != nil {
		return "", fmt.Errorf("locate the spec: %w", err)
	}
	return filepath.Join(dir, "embedded", "openapi", SpecFile), nil
}

// PinnedSDKSpecPath locates [SDKSpecFile] beside [PinnedSpecPath]'s
// spec, in the same stripe-mock module.
func PinnedSDKSpecPath(ctx context.Context) (string, error) {
	p, err := PinnedSpecPath(ctx)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(p), SDKSpecFile), nil
}

// ReadPinned reads and parses the spec at [PinnedSpecPath].
func ReadPinned(ctx context.Context) (*Spec, error) {
	path, err := PinnedSpecPath(ctx)
	if err != nil {
		return nil, err
	}
	return ReadFile(path)
}

// Operation returns the spec's definition of e, or an error such as
// "spec has no POST /v1/checkout/sessions".
func (s *Spec) Operation(e Endpoint) (Operation, error) {
	o, ok := s.Paths[e.Path][strings.ToLower(e.Method)]
	if !ok {
		return o, fmt.Errorf("spec has no %s %s", e.Method, e.Path)
	}
	return o, nil
}

// ObjectSchemas returns the names of the component schemas of type
// "object": all of Stripe's, in practice.
func (s *Spec) ObjectSchemas() map[string]bool {
	out := map[string]bool{}
	for name, sch := range s.Components.Schemas {
		if sch["type"] == "object" {
			out[name] = true
		}
	}
	return out
}

// RequestSchema returns the schema of everything a caller may send with
// method: the query parameters of a GET gathered into one object
// ([Operation.QuerySchema]), or the form body of a POST. Path parameters
// are part of the URL, not of the request schema.
func (o Operation) RequestSchema(method string) (Schema, error) {
	if method == "GET" {
		return o.QuerySchema(), nil
	}
	if o.RequestBody == nil {
		return nil, fmt.Errorf("%s: no requestBody", o.OperationID)
	}
	body, ok := o.RequestBody.Content[FormContentType]
	if !ok {
		return nil, fmt.Errorf("%s: no %s requestBody", o.OperationID, FormContentType)
	}
	return body.Schema, nil
}

// QuerySchema returns an object schema whose properties are the query
// parameters, and whose required list names the required ones (absent
// when none is).
func (o Operation) QuerySchema() Schema {
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
	s := Schema{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// ResponseSchema returns the application/json schema of the response for
// code ("200", "default", ...).
func (o Operation) ResponseSchema(code string) (Schema, error) {
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

// ComponentName returns X for the reference "#/components/schemas/X", or
// an error for any other value.
func ComponentName(ref any) (string, error) {
	s, _ := ref.(string)
	name, ok := strings.CutPrefix(s, ComponentsPrefix)
	if !ok || name == "" {
		return "", fmt.Errorf("unsupported $ref %q", ref)
	}
	return name, nil
}
