package contractgen

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
)

// Names of the generated files and of the definitions inside them.
const (
	manifestFile   = manifest.File
	componentsFile = "components.json"
	requestsFile   = "requests.json"
	catalogFile    = "catalog.json"
	// catalogBundle holds the schemas of the catalog's operations, each
	// the resource "operations/<name>".
	catalogBundle = "operations.json"
	catalogDir    = "operations/"
	draft2020     = "https://json-schema.org/draft/2020-12/schema"
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

// Options configures [Generate]. The zero value generates the Checkout
// Sessions contracts with an empty generated_by.
type Options struct {
	// Endpoints are the operations to convert; nil means
	// [openapi.CheckoutSessions].
	Endpoints []openapi.Endpoint
	// GeneratedBy is written to manifest.json as generated_by, e.g. the
	// command that regenerates the folder ("go run ./cmd/contracts"). It
	// is also how [Contracts.Write] recognises a folder it wrote earlier:
	// only a manifest.json with this same non-empty value has its listed
	// files removed when no longer produced. Empty means never remove any.
	GeneratedBy string
	// AlwaysPresent is Stripe's SDK spec from the same release as the
	// spec (spec3.beta.sdk.json beside spec3.json in stripe-mock), whose
	// required lists name the properties a response always carries, null
	// or not. Each response schema then requires, besides what the spec
	// requires, the properties the SDK spec requires at the same place
	// and the spec has (beta-only properties stay out); request schemas
	// are unchanged. The manifest's sources name both files. nil means
	// the required lists are the spec's alone.
	AlwaysPresent *openapi.Spec
	// Catalog, if true, also converts every other operation of the spec
	// that a contract can describe ([openapi.Spec.Endpoints]: customers,
	// prices, payment intents, …) into catalog.json (their names, methods
	// and paths) and operations.json (their schemas), which the manifest
	// names as its catalog. Package contracts reads them only when a
	// caller first looks up an operation outside Endpoints, so loading
	// the contracts costs what it did without. false generates no
	// catalog.
	Catalog bool
	// Module is the source module at its version
	// ("github.com/stripe/stripe-mock@v0.195.0"), recorded in the
	// manifest; "" for a spec given by path.
	Module string
	// Compress, if true, writes every file but manifest.json gzipped, as
	// <name>.gz (package contracts reads either form); the older
	// versions' folders are written so. The catalog's two files are
	// always gzipped: they are read only on first use.
	Compress bool
}

// Default file names of the two specs, recorded in the manifest when an
// [openapi.Spec] has no File.
const (
	defaultSpecFile          = openapi.SpecFile
	defaultAlwaysPresentFile = openapi.SDKSpecFile
)

// Contracts is the generated contracts folder, in memory: JSON Schema
// documents by file name. [Contracts.Write] stores them.
type Contracts struct {
	// APIVersion is the spec's API version, e.g. "2026-08-26.dahlia".
	APIVersion string
	// Operations is the number of operations converted.
	Operations int
	// Cataloged is the number of operations in the catalog; 0 without
	// [Options].Catalog.
	Cataloged int
	// Schemas is the number of component schemas in components.json.
	Schemas int
	// AlwaysPresent is the number of properties required because
	// [Options].AlwaysPresent marks them always present (counted once
	// per schema that requires them); 0 without it.
	AlwaysPresent int

	files       map[string]any // file name → JSON document
	generatedBy string
	compress    bool // gzip every file but the manifest
}

// Files returns the names of the generated files, sorted.
func (c *Contracts) Files() []string { return slices.Sorted(maps.Keys(c.files)) }

// Generate converts the operations of opts (by default the Checkout
// Sessions operations) and every component schema they reach into JSON
// Schema documents: one file per operation, the requests and components
// bundles and manifest.json, laid out as package contracts documents.
// The same spec and options always give the same documents. It refuses
// what it does not understand (an unknown schema keyword, a missing
// operation) rather than dropping it.
func Generate(s *openapi.Spec, opts Options) (*Contracts, error) {
	endpoints := opts.Endpoints
	if endpoints == nil {
		endpoints = openapi.CheckoutSessions()
	}
	m := manifest.Manifest{
		APIVersion:  s.Info.Version,
		SpecSHA256:  s.SHA256,
		GeneratedBy: opts.GeneratedBy,
		Module:      opts.Module,
		Components:  componentsFile,
		Requests:    requestsFile,
		Operations:  map[string]manifest.Operation{},
	}
	files := map[string]any{}
	requests := map[string]any{}
	refs := map[string]bool{}
	added := 0
	for _, e := range endpoints {
		o, err := convertOperation(s, opts.AlwaysPresent, e, refs, componentsDir)
		if err != nil {
			return nil, err
		}
		files[e.Name+".json"] = o.doc
		requests[e.Name] = o.request
		m.Operations[e.Name] = o.entry
		added += o.alwaysPresent
	}
	cataloged := 0
	if opts.Catalog {
		n, a, err := generateCatalog(s, opts.AlwaysPresent, endpoints, refs, files)
		if err != nil {
			return nil, err
		}
		m.Catalog, cataloged = catalogFile, n
		added += a
	}
	defs, n, err := generateComponents(s, opts.AlwaysPresent, refs)
	if err != nil {
		return nil, err
	}
	added += n
	m.Sources = sources(s, opts.AlwaysPresent, added)
	files[componentsFile] = bundle(defs)
	files[requestsFile] = bundle(requests)
	files[manifestFile] = m
	return &Contracts{
		APIVersion: s.Info.Version, Operations: len(endpoints), Cataloged: cataloged,
		Schemas: len(defs), AlwaysPresent: added,
		files: files, generatedBy: opts.GeneratedBy, compress: opts.Compress,
	}, nil
}

// sources says which file each rule of the contracts came from.
func sources(s, sdk *openapi.Spec, added int) []manifest.Source {
	out := []manifest.Source{{
		File: cmp.Or(s.File, defaultSpecFile), APIVersion: s.Info.Version, SHA256: s.SHA256,
		Rules: "operations, schemas (properties, types, enums, nullability, constraints) and the required lists it marks",
	}}
	if sdk != nil {
		out = append(out, manifest.Source{
			File: cmp.Or(sdk.File, defaultAlwaysPresentFile), APIVersion: sdk.Info.Version, SHA256: sdk.SHA256,
			Rules: fmt.Sprintf("required: %d more response properties it marks always present, null or not (only properties %s has)",
				added, cmp.Or(s.File, defaultSpecFile)),
		})
	}
	return out
}

// bundle returns a document whose $defs are defs.
func bundle(defs map[string]any) map[string]any {
	return map[string]any{"$schema": draft2020, "$defs": defs}
}

// convertedOperation is one operation's share of the output.
type convertedOperation struct {
	doc     map[string]any     // <op>.json
	request map[string]any     // its schema in requests.json
	entry   manifest.Operation // its entry in manifest.json
	// alwaysPresent counts the properties its responses' inline schemas
	// require because the always-present spec does.
	alwaysPresent int
}

// generateCatalog converts every operation of s that is not in own into
// files: catalog.json, the index, and operations.json, the bundle of
// their schemas. It returns the number of operations cataloged and of
// the always-present properties their inline response schemas require.
func generateCatalog(s, sdk *openapi.Spec, own []openapi.Endpoint, refs map[string]bool, files map[string]any) (n, added int, err error) {
	have := map[string]bool{}
	for _, e := range own {
		have[e.Method+" "+e.Path] = true
	}
	cat := manifest.Catalog{Bundle: catalogBundle, Operations: map[string]manifest.Operation{}}
	docs := map[string]any{}
	for _, e := range s.Endpoints() {
		if have[e.Method+" "+e.Path] {
			continue
		}
		o, err := convertOperation(s, sdk, e, refs, "../"+componentsDir)
		if err != nil {
			return 0, 0, err
		}
		added += o.alwaysPresent
		// One resource per operation, with its request inline: it is
		// compiled only when a cassette first holds that operation.
		defs := o.doc["$defs"].(map[string]any)
		delete(o.request, "$id")
		defs["request"] = o.request
		o.doc["$id"] = catalogDir + e.Name
		delete(o.doc, "$schema")
		docs[e.Name] = o.doc
		o.entry.File = catalogDir + e.Name
		cat.Operations[e.Name] = o.entry
	}
	files[catalogFile] = cat
	files[catalogBundle] = compact{bundle(docs)}
	return len(docs), added, nil
}

// compact marks a document that [Contracts.Write] encodes without
// indentation: the catalog's bundle, a quarter smaller that way, is read
// by machines only.
type compact struct{ doc any }

// convertOperation converts op, adding the components it refers to to
// refs. The operation file refers to its request schema, which lives in
// requests.json so that checking responses never loads it. sdk, if not
// nil, is the always-present spec: its responses' required lists are
// added to the responses' (see [Options].AlwaysPresent). components is
// how the responses refer to component X, prefixed to X: "components/"
// from a file at the folder's top, "../components/" from a catalog
// resource.
func convertOperation(s, sdk *openapi.Spec, op openapi.Endpoint, refs map[string]bool, components string) (*convertedOperation, error) {
	o, err := s.Operation(op)
	if err != nil {
		return nil, err
	}
	req, err := o.RequestSchema(op.Method)
	if err != nil {
		return nil, err
	}
	rc := newConverter("../"+componentsDir, nil)
	request, err := rc.schema(req, nil, op.Name+"/request")
	if err != nil {
		return nil, err
	}
	request["$id"] = requestsDir + op.Name
	defs := map[string]any{"request": map[string]any{"$ref": requestsDir + op.Name}}
	c := newConverter(components, nil)
	for _, r := range responseCodes {
		rs, err := o.ResponseSchema(r.code)
		if err != nil {
			return nil, err
		}
		if defs[r.def], err = c.schema(rs, sdkResponse(sdk, op, r.code), op.Name+"/"+r.def); err != nil {
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
		entry: manifest.Operation{
			Method: op.Method, Path: op.Path,
			OperationID: o.OperationID, File: op.Name + ".json",
		},
		alwaysPresent: c.alwaysPresent,
	}, nil
}

// sdkResponse is the schema of op's response code in the always-present
// spec sdk, nil if there is none.
func sdkResponse(sdk *openapi.Spec, op openapi.Endpoint, code string) map[string]any {
	if sdk == nil {
		return nil
	}
	o, err := sdk.Operation(op)
	if err != nil {
		return nil
	}
	rs, _ := o.ResponseSchema(code)
	return rs
}

// generateComponents converts every component reachable from roots,
// following both plain and lazy references. Inside components.json,
// references to object schemas are lazy (see [lazyRefKeyword]); the
// operation files refer to their response objects with plain references.
// Each component requires what sdk (if not nil) marks always present at
// the same place; n counts those additions.
func generateComponents(s, sdk *openapi.Spec, roots map[string]bool) (defs map[string]any, n int, err error) {
	defs = map[string]any{}
	lazy := s.ObjectSchemas()
	queue := slices.Sorted(maps.Keys(roots))
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if _, done := defs[name]; done {
			continue
		}
		in, ok := s.Components.Schemas[name]
		if !ok {
			return nil, 0, fmt.Errorf("spec has no component schema %q", name)
		}
		if !validName.MatchString(name) {
			return nil, 0, fmt.Errorf("component schema name %q is not usable as a URI path segment", name)
		}
		var counterpart map[string]any
		if sdk != nil {
			counterpart = sdk.Components.Schemas[name]
		}
		c := newConverter("", lazy)
		out, err := c.schema(in, counterpart, "components/"+name)
		if err != nil {
			return nil, 0, err
		}
		out["$id"] = componentsDir + name
		defs[name] = out
		n += c.alwaysPresent
		queue = append(queue, slices.Sorted(maps.Keys(c.refs))...)
	}
	return defs, n, nil
}
