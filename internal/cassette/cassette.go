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
//
// # The server stamp
//
// Every interaction record saves carries, in its response headers, the
// [ServerHeader] stamp: what the server recorded against declared itself
// to be ([Server]: its kind, whether it keeps state, whether it ran on
// loopback), e.g. "Checkoutvcr-Server: stripe-mock; stateful=false;
// local=true". It is written in go-vcr's BeforeSaveHook over anything the
// server sent under that name, and is an ordinary go-vcr v3 header, so it
// survives load and save. [ServerOf] reads it back; for a cassette
// recorded before the stamp existed, and only then, it guesses from the
// Stripe-Mock-Version header as earlier versions did.
package cassette

import (
	"errors"
	"path/filepath"
)

// ErrNotFound means a scenario has no cassette yet.
var ErrNotFound = errors.New("cassette not found")

// Path returns the cassette file for a scenario: dir/name.yaml.
func Path(dir, scenario string) string { return filepath.Join(dir, scenario+".yaml") }
