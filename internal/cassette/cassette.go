// Package cassette wires go-vcr for checkoutvcr: one cassette per scenario,
// recorded with secrets redacted and saved atomically, replayed with a
// matcher that explains its misses.
package cassette

import (
	"errors"
	"path/filepath"
)

// ErrNotFound means a scenario has no cassette yet.
var ErrNotFound = errors.New("cassette not found")

// Path returns the cassette file for a scenario: dir/name.yaml.
func Path(dir, scenario string) string { return filepath.Join(dir, scenario+".yaml") }
