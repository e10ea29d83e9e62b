package yamlpos

import (
	"bytes"
	"strings"
)

// Locate corrects the line of a yaml.v3 syntax error ([SyntaxLine]) for
// data. yaml.v3 reports a tab in the indentation, and a line indented to
// no level of the lines before it, at the line of the token before the
// offending one (often the block's first line). Locate returns the line
// and column of the offending text itself: the first tab in an
// indentation, or the first line dedented to a level no open block has,
// at or after line. For any other message, or when it finds nothing, it
// returns line and column 1.
func Locate(data []byte, line int, msg string) (int, int) {
	lines := strings.Split(string(data), "\n")
	switch {
	case strings.Contains(msg, "tab character"):
		for i := max(line-1, 0); i < len(lines); i++ {
			indent := lines[i][:len(lines[i])-len(strings.TrimLeft(lines[i], " \t"))]
			if c := strings.IndexByte(indent, '\t'); c >= 0 {
				return i + 1, c + 1
			}
		}
	case strings.HasPrefix(msg, "did not find expected"), strings.Contains(msg, "not allowed in this context"):
		if l, c := badIndent(lines, line); l > 0 {
			return l, c
		}
	}
	return line, 1
}

// badIndent returns the first line, at or after from, that is dedented
// to a level between two open blocks (deeper than one, shallower than the
// block it closes), and its column; 0 if there is none.
func badIndent(lines []string, from int) (int, int) {
	var levels []int // indents of the open blocks, increasing
	for i, l := range lines {
		text := strings.TrimLeft(l, " ")
		if text == "" || text[0] == '#' || text[0] == '\t' {
			continue
		}
		indent := len(l) - len(text)
		popped := false
		for len(levels) > 0 && levels[len(levels)-1] > indent {
			levels, popped = levels[:len(levels)-1], true
		}
		switch top := len(levels) - 1; {
		case top >= 0 && levels[top] == indent:
		case popped && i+1 >= from:
			return i + 1, indent + 1
		default:
			levels = append(levels, indent)
		}
		// "- key: v": the item's content is a level of its own.
		for strings.HasPrefix(text, "- ") {
			rest := strings.TrimLeft(text[2:], " ")
			indent += len(text) - len(rest)
			levels = append(levels, indent)
			text = rest
		}
	}
	return 0, 0
}

// SecondDocument returns the line where a second YAML document starts in
// data (a "---" after the first document's content, or content after a
// "..." end marker), or 0 if data holds one document. yaml.v3's Unmarshal
// reads the first document only and silently ignores the rest.
func SecondDocument(data []byte) int {
	if !bytes.Contains(data, []byte("---")) && !bytes.Contains(data, []byte("...")) {
		return 0 // no document marker: one document
	}
	seen, ended := false, false
	for i, l := range bytes.Split(data, []byte("\n")) {
		s := strings.TrimRight(string(l), " \t\r")
		switch {
		case s == "---" || strings.HasPrefix(s, "--- ") || strings.HasPrefix(s, "---\t"):
			if seen || ended {
				return i + 1
			}
			if rest := strings.TrimSpace(s[3:]); rest != "" && rest[0] != '#' {
				seen = true
			}
		case s == "..." || strings.HasPrefix(s, "... "):
			ended = seen
		default:
			t := strings.TrimSpace(s)
			if t == "" || t[0] == '#' {
				continue
			}
			if ended {
				return i + 1
			}
			seen = true
		}
	}
	return 0
}
