// Package cassette wires go-vcr v3 for checkoutvcr: one cassette per
// scenario, in go-vcr's format.
//
// [Record] records through go-vcr's recorder (ModeRecordOnly), redacts
// each interaction as it is captured ([Redactor]) and saves the cassette
// atomically, only on [Recorder.Commit]. [Replay] reads a cassette into
// go-vcr's cassette types after [Check] has vetted the file, and answers
// requests from an index keyed on method, path, query and form body (not
// go-vcr's recorder, whose scan costs O(cassette) per request): identical
// requests replay in recorded order, and a miss names the closest
// unreplayed interaction and how it differs.
package cassette

import (
	"errors"
	"path/filepath"
)

// ErrNotFound means a scenario has no cassette yet.
var ErrNotFound = errors.New("cassette not found")

// Path returns the cassette file for a scenario: dir/name.yaml.
func Path(dir, scenario string) string { return filepath.Join(dir, scenario+".yaml") }
