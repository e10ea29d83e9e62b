package verify

import (
	"bytes"
	"maps"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
)

// eachInteraction calls fn with some interactions of the cassette at
// path, for scenario mode, whose replay has read the whole file already:
// those whose ids starts maps to the line each starts on (its "- " line,
// as [cassette.Replayer.Line] gives it), in the order of the file. Each is
// parsed on its own, from that line to the next line that is not blank
// and is indented no deeper than its "-" (in any YAML, the line that ends
// it), and its nodes' lines are shifted to be the file's. So a finding
// about one interaction of a cassette of up to 64 MiB costs the YAML of
// that interaction, not of the file, and the interactions are held one at
// a time.
//
// From an interaction whose text is not one YAML sequence item on its own
// (a file changed since the replay, or laid out as go-vcr never writes
// it), the whole file is parsed instead ([parseCassette]) for it and those
// after it. fn gets each interaction once.
func eachInteraction(path string, starts map[int]int, fn func(id int, n *yaml.Node)) error {
	data, err := safefile.Read(path, cassette.MaxFileSize)
	if err != nil {
		return err
	}
	ids := slices.SortedFunc(maps.Keys(starts), func(a, b int) int { return starts[a] - starts[b] })
	pos, line := 0, 1 // the offset where line starts
	for k, id := range ids {
		for line < starts[id] {
			i := bytes.IndexByte(data[pos:], '\n')
			if i < 0 {
				return eachOfAll(path, data, ids[k:], fn)
			}
			pos, line = pos+i+1, line+1
		}
		n, ok := interactionAt(data[pos:], line)
		if !ok {
			return eachOfAll(path, data, ids[k:], fn)
		}
		fn(id, n)
	}
	return nil
}

// eachOfAll calls fn with each interaction of ids that data, the
// cassette at path, holds, from the whole file's parse ([parseCassette]).
func eachOfAll(path string, data []byte, ids []int, fn func(id int, n *yaml.Node)) error {
	items, err := parseCassette(path, data, true)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id >= 0 && id < len(items) {
			fn(id, items[id])
		}
	}
	return nil
}

// interactionAt parses the sequence item that text (the rest of a
// cassette, from line first on) starts with, "- id: …" indented by any
// number of spaces, up to the line that ends it; its nodes' lines are
// shifted to count from first. ok is false if text does not start with
// an item, or the item does not parse alone as a mapping.
func interactionAt(text []byte, first int) (*yaml.Node, bool) {
	col := 0
	for col < len(text) && text[col] == ' ' {
		col++
	}
	if !bytes.HasPrefix(text[col:], []byte("- ")) {
		return nil, false
	}
	end := len(text)
	for p := bytes.IndexByte(text, '\n') + 1; p > 0 && p < len(text); {
		next := bytes.IndexByte(text[p:], '\n')
		lineEnd := len(text)
		if next >= 0 {
			lineEnd = p + next
		}
		ind := 0
		for p+ind < lineEnd && text[p+ind] == ' ' {
			ind++
		}
		if p+ind < lineEnd && ind <= col { // not blank, and no deeper than the "-"
			end = p
			break
		}
		if next < 0 {
			break
		}
		p = lineEnd + 1
	}
	var doc yaml.Node
	if yaml.Unmarshal(text[:end], &doc) != nil || len(doc.Content) != 1 {
		return nil, false
	}
	seq := doc.Content[0]
	if seq.Kind != yaml.SequenceNode || len(seq.Content) != 1 || seq.Content[0].Kind != yaml.MappingNode {
		return nil, false
	}
	shiftLines(seq.Content[0], first-1)
	return seq.Content[0], true
}

// shiftLines adds by to the line of n and of every node under it.
func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}
