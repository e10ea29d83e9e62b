package contracts

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
)

//go:embed *.json *.gz versions
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
	// opSchemas maps an operation's definitions to their compiled
	// schemas, once compiled: read without a lock on every check,
	// replaced whole (under mu) when one is added.
	opSchemas atomic.Pointer[map[opDef]*jsonschema.Schema]

	byVerb map[string][]template // the manifest's operations, see [byVerb]
	fast   planner               // the fast path's plans, see fast.go
	cat    catalog               // the rest of the spec's operations, see catalog.go
	shapes shapes                // components as Shapes, see shape.go
}

// Load returns the contracts embedded in this package, the ones generated
// by cmd/contracts from the pinned spec, as a new Set of its own that
// compiles its schemas afresh. A program that checks at several places
// shares one instead: Embedded().Newest() (or [LoadVersion]) returns the
// process's one Set per version.
func Load() (*Set, error) {
	return load(embedded, "contracts")
}

// MaxFileSize bounds each file [LoadDir] reads (64 MiB); only regular
// files are read, so a contract that is a symlink to a device or a FIFO
// is an error, not a hang.
const MaxFileSize = 64 << 20

// LoadDir returns the contracts in dir, a folder laid out as this package's
// own (see the package documentation). Its errors name dir as given, e.g.
//
//	contracts folder nope: no manifest.json (generate it with make contracts or go run ./cmd/contracts -out nope)
//
// which wraps [fs.ErrNotExist] when there is no manifest.json (or no
// folder at all).
func LoadDir(dir string) (*Set, error) {
	if err := checkFiles(dir); err != nil {
		return nil, err
	}
	s, err := load(safefile.FS(dir, MaxFileSize), "contracts folder "+dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, noManifestError{dir}
	}
	return s, err
}

// checkFiles refuses, before anything is read, a contracts folder with a
// file that is not a regular file (a symlink to /dev/zero, a FIFO) or is
// over [MaxFileSize]: contracts are compiled lazily, and such a file
// would otherwise surface mid-run, or hang it.
func checkFiles(dir string) error {
	return fs.WalkDir(os.DirFS(dir), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil // a missing folder is reported by load
		}
		f, err := safefile.Open(filepath.Join(dir, name), MaxFileSize)
		if err != nil {
			return fmt.Errorf("contracts folder %s: %w", dir, err)
		}
		return f.Close()
	})
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
	fsys = gzFS{fsys}
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
	s.byVerb = byVerb(s.manifest.Operations)
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
