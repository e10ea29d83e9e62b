package contracts

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/checkoutvcr/checkoutvcr/internal/jsondoc"
	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
)

// Bundles: each schema X of components.json is the embedded resource
// "components/X" ("$id": "components/X"), each of requests.json
// "requests/X". The loader serves them one at a time.
const (
	componentsDir = "components/"
	requestsDir   = "requests/"
)

// loader serves the contract files to the compiler and refuses any other
// URL, so compiling never touches the network or the rest of the disk.
//
// It serves each schema of a bundle as a document of its own rather than
// the bundle as a whole: the compiler walks and meta-validates every
// document it loads, which for the 1 MB components.json costs about 70 ms,
// while the schemas a check needs are a small fraction of it.
type loader struct {
	fsys    fs.FS
	bundles map[string]*bundle // by URL path prefix: componentsDir, requestsDir
}

// bundle is one file of embedded resources, split on first use.
type bundle struct {
	file string
	// fileFn, if not nil, names the file on first use instead (the
	// catalog's bundle, named by the catalog file).
	fileFn func() (string, error)
	once   sync.Once
	defs   map[string]json.RawMessage
	err    error
}

func newLoader(fsys fs.FS, m *manifest.Manifest, catalogBundle func() (string, error)) *loader {
	return &loader{fsys: fsys, bundles: map[string]*bundle{
		componentsDir: {file: m.Components},
		requestsDir:   {file: m.Requests},
		catalogDir:    {fileFn: catalogBundle},
	}}
}

// Load implements [jsonschema.URLLoader].
func (l *loader) Load(url string) (any, error) {
	name, ok := strings.CutPrefix(url, baseURL)
	if !ok {
		return nil, fmt.Errorf("contracts: refusing to load %s", url)
	}
	for prefix, b := range l.bundles {
		if def, ok := strings.CutPrefix(name, prefix); ok {
			return l.resource(b, def)
		}
	}
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		return nil, err
	}
	return jsondoc.Decode(data) // jsonschema.UnmarshalJSON, faster
}

// resource returns the schema called name from b, without its $id:
// served at its own URL, it is its own base.
func (l *loader) resource(b *bundle, name string) (any, error) {
	b.once.Do(func() {
		if b.fileFn != nil {
			if b.file, b.err = b.fileFn(); b.err != nil {
				return
			}
		}
		b.defs, b.err = l.split(b.file)
	})
	if b.err != nil {
		return nil, b.err
	}
	raw, ok := b.defs[name]
	if !ok {
		return nil, fmt.Errorf("contracts: %s has no schema %q", b.file, name)
	}
	doc, err := jsondoc.Decode(raw) // jsonschema.UnmarshalJSON, faster
	if err != nil {
		return nil, fmt.Errorf("contracts: %s: %s: %w", b.file, name, err)
	}
	if m, ok := doc.(map[string]any); ok {
		delete(m, "$id")
	}
	return doc, nil
}

// split reads a bundle and splits it into its schemas, still encoded.
func (l *loader) split(file string) (map[string]json.RawMessage, error) {
	data, err := fs.ReadFile(l.fsys, file)
	if err == nil {
		var defs map[string]json.RawMessage
		if defs, err = splitDefs(data); err == nil {
			return defs, nil
		}
	}
	return nil, fmt.Errorf("contracts: %s: %w", file, err)
}
