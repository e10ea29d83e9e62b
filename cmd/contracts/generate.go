package main

import (
	"fmt"
	"regexp"
)

// Names of the generated files and of the definitions inside them.
const (
	manifestFile   = "manifest.json"
	componentsFile = "components.json"
	requestsFile   = "requests.json"
	generatedBy    = "go run ./cmd/contracts"
	draft2020      = "https://json-schema.org/draft/2020-12/schema"
	// componentsDir is the base of every component's $id: the schema X in
	// components.json is the embedded resource "components/X".
	componentsDir = "components/"
	// requestsDir is the same for the request schemas in requests.json.
	requestsDir = "requests/"
)

// validName matches the component names that need no escaping in a URI.
var validName = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// responseCodes maps the spec's response keys to $defs names.
var responseCodes = []struct{ code, def string }{
	{"200", "response_200"},
	{"default", "response_default"},
}

// generated is the whole output: file name → JSON document.
type generated struct {
	files   map[string]any
	schemas int // component schemas in components.json
}

// generate converts the six operations of s and every component schema
// they reach into JSON Schema documents.
func generate(s *spec) (*generated, error) {
	ops := map[string]any{}
	files := map[string]any{}
	requests := map[string]any{}
	refs := map[string]bool{}
	for _, op := range operations {
		o, err := convertOperation(s, op, refs)
		if err != nil {
			return nil, err
		}
		files[op.name+".json"] = o.doc
		requests[op.name] = o.request
		ops[op.name] = o.entry
	}
	defs, err := generateComponents(s, refs)
	if err != nil {
		return nil, err
	}
	files[componentsFile] = bundle(defs)
	files[requestsFile] = bundle(requests)
	files[manifestFile] = map[string]any{
		"api_version":  s.Info.Version,
		"spec_sha256":  s.sha256,
		"generated_by": generatedBy,
		"components":   componentsFile,
		"requests":     requestsFile,
		"operations":   ops,
	}
	return &generated{files: files, schemas: len(defs)}, nil
}

// bundle returns a document whose $defs are defs.
func bundle(defs map[string]any) map[string]any {
	return map[string]any{"$schema": draft2020, "$defs": defs}
}

// convertedOperation is one operation's share of the output.
type convertedOperation struct {
	doc     map[string]any // <op>.json
	request map[string]any // its schema in requests.json
	entry   map[string]any // its entry in manifest.json
}

// convertOperation converts op, adding the components it refers to to
// refs. The operation file refers to its request schema, which lives in
// requests.json so that checking responses never loads it.
func convertOperation(s *spec, op operation, refs map[string]bool) (*convertedOperation, error) {
	o, err := s.lookup(op)
	if err != nil {
		return nil, err
	}
	req, err := o.requestSchema(op.method)
	if err != nil {
		return nil, err
	}
	rc := newConverter("../"+componentsDir, nil)
	request, err := rc.schema(req, op.name+"/request")
	if err != nil {
		return nil, err
	}
	request["$id"] = requestsDir + op.name
	defs := map[string]any{"request": map[string]any{"$ref": requestsDir + op.name}}
	c := newConverter(componentsDir, nil)
	for _, r := range responseCodes {
		rs, err := o.responseSchema(r.code)
		if err != nil {
			return nil, err
		}
		if defs[r.def], err = c.schema(rs, op.name+"/"+r.def); err != nil {
			return nil, err
		}
	}
	for name := range c.refs {
		refs[name] = true
	}
	for name := range rc.refs {
		refs[name] = true
	}
	return &convertedOperation{
		doc:     bundle(defs),
		request: request,
		entry: map[string]any{
			"method": op.method, "path": op.path,
			"operation_id": o.OperationID, "file": op.name + ".json",
		},
	}, nil
}

// generateComponents converts every component reachable from roots,
// following both plain and lazy references. Inside components.json,
// references to object schemas are lazy (see [lazyRefKeyword]); the
// operation files refer to their response objects with plain references.
func generateComponents(s *spec, roots map[string]bool) (map[string]any, error) {
	defs := map[string]any{}
	lazy := s.objectSchemas()
	queue := sortedKeys(roots)
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if _, done := defs[name]; done {
			continue
		}
		in, ok := s.Components.Schemas[name]
		if !ok {
			return nil, fmt.Errorf("spec has no component schema %q", name)
		}
		if !validName.MatchString(name) {
			return nil, fmt.Errorf("component schema name %q is not usable as a URI path segment", name)
		}
		c := newConverter("", lazy)
		out, err := c.schema(in, "components/"+name)
		if err != nil {
			return nil, err
		}
		out["$id"] = componentsDir + name
		defs[name] = out
		queue = append(queue, sortedKeys(c.refs)...)
	}
	return defs, nil
}
