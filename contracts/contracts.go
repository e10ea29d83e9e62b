package contracts

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
)

//go:embed *.json
var embedded embed.FS

// manifestFile is the index of a contracts folder.
const manifestFile = manifest.File

// Operation describes one API operation of a [Set].
type Operation struct {
	// Name is the operation's short name, e.g. "create" or "list_line_items".
	Name string
	// Method is the HTTP method, "GET" or "POST".
	Method string
	// Path is the URL path template, e.g. "/v1/checkout/sessions/{session}".
	Path string
	// OperationID is the operationId in Stripe's OpenAPI spec.
	OperationID string
}

// Set is a loaded set of contracts: one per operation, plus the component
// schemas they share. Schemas are compiled on first use and cached; a Set
// is safe for concurrent use.
type Set struct {
	fsys     fs.FS
	manifest manifest.Manifest

	mu       sync.RWMutex // guards compiler, compiled and failed
	compiler *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema // by URL
	failed   map[string]error              // by URL: schemas that did not compile

	fast planner // the fast path's plans, see fast.go
	cat  catalog // the rest of the spec's operations, see catalog.go
}

// Load returns the contracts embedded in this package, the ones generated
// by cmd/contracts from the pinned spec.
func Load() (*Set, error) {
	return load(embedded, "contracts")
}

// LoadDir returns the contracts in dir, a folder laid out as this package's
// own (see the package documentation). Its errors name dir as given, e.g.
//
//	contracts folder nope: no manifest.json (generate it with make contracts or go run ./cmd/contracts -out nope)
//
// which wraps [fs.ErrNotExist] when there is no manifest.json (or no
// folder at all).
func LoadDir(dir string) (*Set, error) {
	s, err := load(os.DirFS(dir), "contracts folder "+dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, noManifestError{dir}
	}
	return s, err
}

// noManifestError is the error of [LoadDir] for a folder without a
// manifest.json, or no folder at all.
type noManifestError struct{ dir string }

// Error names the folder and how to generate its contracts.
func (e noManifestError) Error() string {
	return fmt.Sprintf("contracts folder %s: no %s (generate it with make contracts or go run ./cmd/contracts -out %s)",
		e.dir, manifestFile, e.dir)
}

// Unwrap returns [fs.ErrNotExist], for callers that branch on it.
func (noManifestError) Unwrap() error { return fs.ErrNotExist }

// load reads the manifest of the contracts in fsys; where starts its
// errors.
func load(fsys fs.FS, where string) (*Set, error) {
	data, err := fs.ReadFile(fsys, manifestFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	s := &Set{fsys: fsys, compiled: map[string]*jsonschema.Schema{}, failed: map[string]error{}}
	if err := json.Unmarshal(data, &s.manifest); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", where, manifestFile, err)
	}
	if s.manifest.APIVersion == "" || len(s.manifest.Operations) == 0 {
		return nil, fmt.Errorf("%s: %s: no api_version or no operations", where, manifestFile)
	}
	if s.manifest.Components == "" || s.manifest.Requests == "" {
		return nil, fmt.Errorf("%s: %s: no components or requests file", where, manifestFile)
	}
	s.compiler = s.newCompiler()
	return s, nil
}

// APIVersion returns the Stripe API version the contracts were generated
// for, e.g. "2026-08-26.dahlia".
func (s *Set) APIVersion() string { return s.manifest.APIVersion }

// SpecSHA256 returns the hex SHA-256 of the OpenAPI spec the contracts were
// generated from.
func (s *Set) SpecSHA256() string { return s.manifest.SpecSHA256 }

// Operations returns the names of the manifest's operations (the six
// Checkout Sessions ones in the embedded contracts), sorted. The catalog's
// operations are not listed; [Set.Lookup] and [Set.Operation] find them.
func (s *Set) Operations() []string {
	names := make([]string, 0, len(s.manifest.Operations))
	for name := range s.manifest.Operations {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Operation returns the operation called name, and whether there is one:
// one of [Set.Operations], or one of the catalog by its operationId
// ("PostCustomers").
func (s *Set) Operation(name string) (Operation, bool) {
	o, ok := s.entry(name)
	if !ok {
		return Operation{}, false
	}
	return Operation{Name: name, Method: o.Method, Path: o.Path, OperationID: o.OperationID}, true
}
