package contractgen

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/internal/atomicfile"
	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
)

// encode renders v as indented JSON with sorted keys and a final newline.
// HTML characters are not escaped, so patterns stay readable.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if c, ok := v.(compact); ok {
		v = c.doc
	} else {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gzipped reports whether c writes the file called name gzipped, as
// name+".gz": every file but the manifest when c compresses, and the
// catalog's two files always.
func (c *Contracts) gzipped(name string) bool {
	return name != manifestFile && (c.compress || name == catalogFile || name == catalogBundle)
}

// gzipBytes compresses data deterministically: no name, no time, best
// compression.
func gzipBytes(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write stores every file of c in dir (gzipped, as <name>.gz, where
// [Options].Compress says so), creating dir if needed, each file
// atomically (a temporary file in dir, synced, then renamed over the old
// one), then removes the files that the previous generation in dir wrote
// (as its manifest.json lists them, see [Options].GeneratedBy) and c no
// longer produces. Nothing else in dir is touched. It returns the total
// size written.
func (c *Contracts) Write(dir string) (int64, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	previous, err := previousFiles(dir, c.generatedBy)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, name := range slices.Sorted(maps.Keys(c.files)) {
		data, err := encode(c.files[name])
		if err != nil {
			return 0, fmt.Errorf("encode %s: %w", name, err)
		}
		file := name
		if c.gzipped(name) {
			if data, err = gzipBytes(data); err != nil {
				return 0, fmt.Errorf("compress %s: %w", name, err)
			}
			file += ".gz"
		}
		if err := atomicfile.Write(filepath.Join(dir, file), data, 0o644); err != nil {
			return 0, err
		}
		total += int64(len(data))
	}
	keep := map[string]bool{}
	for name := range c.files {
		if c.gzipped(name) {
			name += ".gz"
		}
		keep[name] = true
	}
	return total, removeStale(dir, previous, keep)
}

// previousFiles returns the names of the files that an earlier run wrote
// to dir: those that dir's manifest.json names (itself, the two bundles and
// each operation's file), if its generated_by is generatedBy. No
// manifest.json, one of something else (another generated_by), or an
// empty generatedBy gives none, so that files the generator never wrote
// are never removed. Only plain names of .json files in dir itself count.
func previousFiles(dir, generatedBy string) ([]string, error) {
	if generatedBy == "" {
		return nil, nil
	}
	data, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m manifest.Manifest
	if json.Unmarshal(data, &m) != nil || m.GeneratedBy != generatedBy {
		return nil, nil
	}
	names := []string{manifestFile, m.Components, m.Requests}
	for _, op := range m.Operations {
		names = append(names, op.File)
	}
	if m.Catalog != "" {
		names = append(names, m.Catalog)
		if data, err := readMaybeGzipped(filepath.Join(dir, m.Catalog)); err == nil {
			var c manifest.Catalog
			if json.Unmarshal(data, &c) == nil {
				names = append(names, c.Bundle)
			}
		}
	}
	return slices.DeleteFunc(names, func(n string) bool {
		return n != filepath.Base(n) || !filepath.IsLocal(n) || !strings.HasSuffix(n, ".json")
	}), nil
}

// removeStale deletes the files of previous that are not in keep, in
// either form (name and name.gz: a file may have been compressed since). Files
// the previous generation did not write (other *.json files, the Go code
// of package contracts) are left alone, as are names already gone.
func removeStale(dir string, previous []string, keep map[string]bool) error {
	for _, prev := range previous {
		for _, name := range []string{prev, prev + ".gz"} {
			if keep[name] {
				continue
			}
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// readMaybeGzipped reads path, or else path+".gz" decompressed.
func readMaybeGzipped(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return data, err
	}
	f, err := os.Open(path + ".gz")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// WriteIndex writes idx to dir as the index of its versions
// ([manifest.IndexFile]), atomically.
func WriteIndex(dir string, idx manifest.Index) error {
	data, err := encode(idx)
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(dir, manifest.IndexFile), data, 0o644)
}
