package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// encode renders v as indented JSON with sorted keys and a final newline.
// HTML characters are not escaped, so patterns stay readable.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// write stores every file of g in dir, each atomically, then removes the
// *.json files in dir that g no longer produces. It returns the total size.
func write(dir string, g *generated) (int64, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	var total int64
	for _, name := range sortedKeys(g.files) {
		data, err := encode(g.files[name])
		if err != nil {
			return 0, fmt.Errorf("encode %s: %w", name, err)
		}
		if err := writeAtomic(filepath.Join(dir, name), data); err != nil {
			return 0, err
		}
		total += int64(len(data))
	}
	return total, removeStale(dir, g.files)
}

// writeAtomic writes data to a temporary file next to path, syncs it and
// renames it over path, so readers see the old or the new file, never half.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // no-op once renamed
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// removeStale deletes the generated-looking files (*.json) in dir that are
// not in keep. Go files and sub-directories are left alone.
func removeStale(dir string, keep map[string]any) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".json") {
			continue
		}
		if _, ok := keep[name]; ok {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}
