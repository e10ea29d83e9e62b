package contracts

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
)

// catalogDir is the URL path prefix of the catalog's resources: the
// operation called X is "operations/X" in the catalog's bundle.
const catalogDir = "operations/"

// catalog is the rest of the spec's operations, beyond the manifest's:
// read on first use (a lookup the manifest cannot answer), so that
// [Load] costs what it did before there was a catalog.
type catalog struct {
	once   sync.Once
	bundle string                        // file name of its schema bundle
	ops    map[string]manifest.Operation // by name
	byVerb map[string][]template         // by upper-case method, sorted by name
	err    error
}

// template is one catalog operation's path, split into segments.
type template struct {
	name     string
	segments []string
}

// catalog returns s's catalog, reading it on first use; nil for a
// contracts folder without one.
func (s *Set) catalog() (*catalog, error) {
	if s.manifest.Catalog == "" {
		return nil, nil
	}
	c := &s.cat
	c.once.Do(func() { c.err = c.read(s.fsys, s.manifest.Catalog) })
	if c.err != nil {
		return nil, c.err
	}
	return c, nil
}

// read loads the catalog file called name from fsys.
func (c *catalog) read(fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("contracts: catalog: %w", err)
	}
	var m manifest.Catalog
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("contracts: %s: %w", name, err)
	}
	if m.Bundle == "" {
		return fmt.Errorf("contracts: %s: no bundle", name)
	}
	c.bundle, c.ops, c.byVerb = m.Bundle, m.Operations, byVerb(m.Operations)
	return nil
}

// entry returns the manifest's or else the catalog's entry for the
// operation called name.
func (s *Set) entry(name string) (manifest.Operation, bool) {
	if o, ok := s.manifest.Operations[name]; ok {
		return o, true
	}
	c, err := s.catalog()
	if c == nil || err != nil {
		return manifest.Operation{}, false
	}
	o, ok := c.ops[name]
	return o, ok
}

// lookupCatalog is [Set.Lookup] over the catalog.
func (s *Set) lookupCatalog(method string, got []string) (Operation, bool) {
	c, err := s.catalog()
	if c == nil || err != nil {
		return Operation{}, false
	}
	best, ok := bestMatch(c.byVerb[strings.ToUpper(method)], got)
	if !ok {
		return Operation{}, false
	}
	return s.Operation(best)
}

// bundleFile returns the file name of the catalog's bundle, for the
// loader.
func (s *Set) bundleFile() (string, error) {
	c, err := s.catalog()
	if err != nil {
		return "", err
	}
	if c == nil {
		return "", fmt.Errorf("contracts: %s has no catalog", manifestFile)
	}
	return c.bundle, nil
}
