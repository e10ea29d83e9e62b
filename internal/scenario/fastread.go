package scenario

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fastNode builds, for a scenario file written in the layout scenarios
// use, the same node tree yaml.v3 builds (kinds, tags, styles, values,
// lines and columns; comments are left out, as the parser reads none),
// without yaml.v3's scanner, parser and event machinery. [Parse] then
// reads the tree as it reads yaml.v3's, so every check, error and key
// (including keys added later) is the parser's own.
//
// The layout: block mappings and sequences indented with spaces, one
// entry per line; plain keys of letters, digits and _-.$/; scalars on one
// line, plain (strings, canonical ints, true/false, null), single-quoted
// without ” or double-quoted with no escape but \" and \\; flow
// mappings and sequences of those on one line; full-line and trailing
// comments. Anything else (tabs, CR, anchors, aliases, tags, block
// scalars, multi-line scalars, floats, timestamps, documents markers,
// directives, complex keys, a key without a value, characters yaml.v3
// treats specially) makes it give up and report false, leaving doc
// untouched; yaml.v3 then parses the file as before, with its errors and
// positions. FuzzFastNode checks that whatever it accepts, yaml.v3 builds
// the same tree.
func fastNode(data []byte, doc *yaml.Node) bool {
	r := fastReader{data: data}
	if !r.lines() || len(r.ls) == 0 {
		return false
	}
	r.na.size = 9*len(r.ls)/4 + 4 // scenarios have 2 to 2.7 nodes a line
	root, ok := r.block()
	if !ok || r.i != len(r.ls) {
		return false
	}
	*doc = yaml.Node{Kind: yaml.DocumentNode, Line: root.Line, Column: root.Column, Content: []*yaml.Node{root}}
	return true
}

// fastLine is one line holding content (not blank, not only a comment).
type fastLine struct {
	text   string // the line without its line break
	no     int    // 1-based line number
	indent int    // leading spaces
	ascii  bool   // no byte ≥ 0x80: columns are byte offsets
}

type fastReader struct {
	data []byte
	ls   []fastLine
	i    int // the next line to read
	na   nodeAlloc
}

// lines splits data into its content lines, refusing bytes and
// characters outside the layout.
func (r *fastReader) lines() bool {
	s := string(r.data)
	no := 0
	for len(s) > 0 {
		no++
		line := s
		if nl := strings.IndexByte(s, '\n'); nl >= 0 {
			line, s = s[:nl], s[nl+1:]
		} else {
			s = ""
		}
		ascii := true
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c < 0x20 || c == 0x7f {
				return false // tab, CR, control characters
			}
			if c >= 0x80 {
				ascii = false
			}
		}
		if !ascii && !printable(line) {
			return false
		}
		ind := 0
		for ind < len(line) && line[ind] == ' ' {
			ind++
		}
		if ind == len(line) || line[ind] == '#' {
			continue // blank or comment
		}
		if ind == 0 && (line[0] == '%' || strings.HasPrefix(line, "---") || strings.HasPrefix(line, "...")) {
			return false
		}
		r.ls = append(r.ls, fastLine{text: line, no: no, indent: ind, ascii: ascii})
	}
	return true
}

// printable refuses the characters yaml.v3 reads as line breaks (NEL,
// LS, PS), refuses or strips (BOM, C1 controls, non-characters), so that
// every line is one line of text for both readers.
func printable(s string) bool {
	for _, c := range s {
		switch {
		case c < 0xa0 && c >= 0x80, c == 0x2028, c == 0x2029, c == 0xfeff, c == 0xfffe, c == 0xffff, c == utf8.RuneError:
			return false
		}
	}
	return true
}

// col is the 1-based column, in characters as yaml.v3 counts them, of
// byte offset off of line l.
func (l *fastLine) col(off int) int {
	if l.ascii {
		return off + 1
	}
	return utf8.RuneCountInString(l.text[:off]) + 1
}

// block reads the block mapping or sequence that starts on line r.ls[r.i].
func (r *fastReader) block() (*yaml.Node, bool) {
	l := &r.ls[r.i]
	if isDash(l.text, l.indent) {
		return r.sequence(l.indent)
	}
	return r.mapping(l.indent, l.indent)
}

// isDash reports whether text has a block sequence's "-" at off,
// followed by a space or the end of the line.
func isDash(text string, off int) bool {
	return off < len(text) && text[off] == '-' && (off+1 == len(text) || text[off+1] == ' ')
}

// mapping reads a block mapping whose keys are at column indent; its
// first key is at byte offset off of the current line (after "- " for a
// sequence item, else off == indent).
func (r *fastReader) mapping(indent, off int) (*yaml.Node, bool) {
	l := &r.ls[r.i]
	n := r.na.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: l.no, Column: l.col(off)})
	for {
		l := &r.ls[r.i]
		key, rest, ok := blockKey(l.text, off)
		if !ok {
			return nil, false
		}
		k := r.na.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: l.text[off : off+len(key)], Line: l.no, Column: l.col(off)})
		v, ok := r.value(l, rest, indent)
		if !ok {
			return nil, false
		}
		n.Content = append(n.Content, k, v)
		if r.i == len(r.ls) || r.ls[r.i].indent < indent {
			return n, true
		}
		if r.ls[r.i].indent > indent || isDash(r.ls[r.i].text, indent) {
			return nil, false
		}
		off = indent
	}
}

// value reads the value of a mapping entry whose key is at column indent
// of line l; rest is the offset after the key's ':'. It leaves r.i at the
// line after the value.
func (r *fastReader) value(l *fastLine, rest, indent int) (*yaml.Node, bool) {
	at := skipSpaces(l.text, rest)
	if at == len(l.text) || (l.text[at] == '#' && at > rest) {
		// The value is a block on the lines below.
		r.i++
		if r.i == len(r.ls) {
			return nil, false // null
		}
		next := &r.ls[r.i]
		switch {
		case next.indent > indent:
			return r.block()
		case next.indent == indent && isDash(next.text, indent):
			return r.sequence(indent)
		}
		return nil, false // null
	}
	if at == rest {
		return nil, false
	}
	v, ok := r.inline(l, at)
	r.i++
	return v, ok
}

// sequence reads a block sequence whose dashes are at column indent.
func (r *fastReader) sequence(indent int) (*yaml.Node, bool) {
	l := &r.ls[r.i]
	n := r.na.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: l.no, Column: l.col(indent)})
	for r.i < len(r.ls) && r.ls[r.i].indent == indent && isDash(r.ls[r.i].text, indent) {
		l := &r.ls[r.i]
		at := skipSpaces(l.text, indent+1)
		if at == indent+1 || at == len(l.text) || l.text[at] == '#' || isDash(l.text, at) {
			return nil, false // an empty item, or a nested sequence
		}
		var item *yaml.Node
		var ok bool
		if _, _, isKey := blockKey(l.text, at); isKey {
			item, ok = r.mapping(at, at)
		} else {
			item, ok = r.inline(l, at)
			r.i++
		}
		if !ok {
			return nil, false
		}
		n.Content = append(n.Content, item)
	}
	if r.i < len(r.ls) && r.ls[r.i].indent > indent {
		return nil, false
	}
	return n, true
}

// inline reads a scalar or flow collection starting at byte off of line l
// that must end the line (but for a trailing comment).
func (r *fastReader) inline(l *fastLine, off int) (*yaml.Node, bool) {
	var n *yaml.Node
	end := -1
	switch l.text[off] {
	case '{', '[':
		n, end = flow(&r.na, l, off, 0)
	case '"', '\'':
		n, end = quoted(&r.na, l, off)
	default:
		var v string
		v, end = plainBlock(l.text, off)
		if end < 0 {
			return nil, false
		}
		n = plainNode(&r.na, v)
		if n == nil {
			return nil, false
		}
		n.Line, n.Column = l.no, l.col(off)
	}
	if n == nil || !lineEnds(l.text, end) {
		return nil, false
	}
	return n, true
}

// lineEnds reports whether only spaces and a comment follow off.
func lineEnds(text string, off int) bool {
	at := skipSpaces(text, off)
	return at == len(text) || (text[at] == '#' && at > off)
}

// blockKey reads a plain key at off followed by ':' and a space or the
// end of the line; rest is the offset after the ':'.
func blockKey(text string, off int) (key string, rest int, ok bool) {
	end := off
	for end < len(text) && keyByte(text[end]) {
		end++
	}
	if end == off || end == len(text) || text[end] != ':' || (end+1 < len(text) && text[end+1] != ' ') {
		return "", 0, false
	}
	key = text[off:end]
	if !plainKey(key) {
		return "", 0, false
	}
	return key, end + 1, true
}

// maxKey bounds the keys the reader accepts, well below YAML's limit.
const maxKey = 256

func keyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.' || c == '$' || c == '/'
}

// plainKey reports whether a key of keyBytes is a string to yaml.v3:
// it starts with a letter, '_', '$' or '/' and is no bool or null.
func plainKey(k string) bool {
	if len(k) > maxKey {
		return false // YAML limits an implicit key to 1024 characters
	}
	c := k[0]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '$' || c == '/') {
		return false
	}
	return !reserved(k)
}

// reserved reports whether yaml.v3 resolves the plain scalar s to a bool
// or null rather than a string.
func reserved(s string) bool {
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~", "<<":
		return true
	}
	return false
}

// plainBlock reads a plain scalar in block context from off: up to a
// comment or the end of the line, without trailing spaces. end < 0 when
// the text is not one the reader accepts (": " inside, a trailing ':').
func plainBlock(text string, off int) (v string, end int) {
	end = len(text)
	for i := off; i < len(text); i++ {
		switch text[i] {
		case '#':
			if text[i-1] == ' ' {
				end = i
				i = len(text)
			}
		case ':':
			if i+1 == len(text) || text[i+1] == ' ' {
				return "", -1
			}
		}
	}
	for end > off && text[end-1] == ' ' {
		end--
	}
	return text[off:end], end
}

// plainNode is the scalar node of plain text v, if the reader knows how
// yaml.v3 resolves it: a string starting with no indicator, sign, digit
// or dot; true/false; null; a canonical decimal int.
func plainNode(na *nodeAlloc, v string) *yaml.Node {
	if v == "" {
		return nil
	}
	switch c := v[0]; {
	case c == '-' || ('0' <= c && c <= '9'):
		if stripeVersion(v) {
			return na.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
		}
		if !canonicalInt(v) {
			return nil
		}
		return na.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: v})
	case indicator(c) || c == '+' || c == '.' || c == '~' || c == ' ':
		return nil
	}
	switch v {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return na.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v})
	case "null", "Null", "NULL":
		return na.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: v})
	case "<<":
		return nil
	}
	return na.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
}

// stripeVersion reports whether v is a named Stripe API version,
// YYYY-MM-DD.name with a lower-case name ("2025-08-27.basil"): no int,
// float or timestamp yaml.v3 knows, so it resolves to a string. (A bare
// date is a timestamp to yaml.v3, and is left to it.)
func stripeVersion(v string) bool {
	if len(v) < 12 || v[10] != '.' {
		return false
	}
	for i := 0; i < 10; i++ {
		if (i == 4 || i == 7) != (v[i] == '-') || (v[i] != '-' && (v[i] < '0' || v[i] > '9')) {
			return false
		}
	}
	for i := 11; i < len(v); i++ {
		if v[i] < 'a' || v[i] > 'z' {
			return false
		}
	}
	return true
}

// canonicalInt reports whether v is -?(0|[1-9][0-9]*) within int64.
func canonicalInt(v string) bool {
	d := v
	if d != "" && d[0] == '-' {
		d = d[1:]
	}
	if d == "" || len(d) > 18 || (d[0] == '0' && len(d) > 1) {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	_, err := strconv.ParseInt(v, 10, 64)
	return err == nil
}

// indicator reports YAML's indicator characters, which a plain scalar
// the reader accepts does not start with.
func indicator(c byte) bool {
	switch c {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return true
	}
	return false
}

// quoted reads a single- or double-quoted scalar at off of line l, ending
// on that line; end is the offset after its closing quote, -1 if the
// reader does not accept it.
func quoted(na *nodeAlloc, l *fastLine, off int) (*yaml.Node, int) {
	text, q := l.text, l.text[off]
	var buf []byte
	start := off + 1
	for i := start; i < len(text); i++ {
		c := text[i]
		switch {
		case c == q:
			if q == '\'' && i+1 < len(text) && text[i+1] == '\'' {
				return nil, -1 // '' escape
			}
			v := text[start:i]
			style := yaml.SingleQuotedStyle
			if q == '"' {
				style = yaml.DoubleQuotedStyle
				if buf != nil {
					v = string(append(buf, text[start:i]...))
				}
			}
			return na.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: style, Value: v, Line: l.no, Column: l.col(off)}), i + 1
		case c == '\\' && q == '"':
			if i+1 == len(text) || (text[i+1] != '"' && text[i+1] != '\\') {
				return nil, -1
			}
			buf = append(buf, text[start:i]...)
			buf = append(buf, text[i+1])
			i++
			start = i + 1
		}
	}
	return nil, -1 // continues on the next line
}

// flow reads a flow mapping or sequence at off of line l, closing on that
// line; end is the offset after it, -1 if the reader does not accept it.
func flow(na *nodeAlloc, l *fastLine, off, depth int) (*yaml.Node, int) {
	if depth > 20 {
		return nil, -1
	}
	text := l.text
	n := na.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Line: l.no, Column: l.col(off)})
	closer := byte('}')
	if text[off] == '[' {
		n.Kind, n.Tag, closer = yaml.SequenceNode, "!!seq", ']'
	}
	i := skipSpaces(text, off+1)
	if i < len(text) && text[i] == closer {
		return n, i + 1
	}
	for {
		if n.Kind == yaml.MappingNode {
			end := i
			for end < len(text) && keyByte(text[end]) {
				end++
			}
			if end == i || end+1 >= len(text) || text[end] != ':' || text[end+1] != ' ' || !plainKey(text[i:end]) {
				return nil, -1
			}
			n.Content = append(n.Content, na.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: text[i:end], Line: l.no, Column: l.col(i)}))
			i = skipSpaces(text, end+1)
		}
		v, end := flowValue(na, l, i, depth)
		if v == nil {
			return nil, -1
		}
		n.Content = append(n.Content, v)
		i = skipSpaces(text, end)
		if i == len(text) {
			return nil, -1
		}
		if text[i] == closer {
			return n, i + 1
		}
		if text[i] != ',' {
			return nil, -1
		}
		i = skipSpaces(text, i+1)
		if i == len(text) || text[i] == closer || text[i] == ',' {
			return nil, -1
		}
	}
}

// flowValue reads a value inside a flow collection at off.
func flowValue(na *nodeAlloc, l *fastLine, off, depth int) (*yaml.Node, int) {
	text := l.text
	if off == len(text) {
		return nil, -1
	}
	switch text[off] {
	case '{', '[':
		return flow(na, l, off, depth+1)
	case '"', '\'':
		return quoted(na, l, off)
	}
	end := off
	for end < len(text) {
		c := text[end]
		if c == ',' || c == '}' || c == ']' {
			break
		}
		if !flowByte(c) {
			return nil, -1
		}
		end++
	}
	vend := end
	for vend > off && text[vend-1] == ' ' {
		vend--
	}
	n := plainNode(na, text[off:vend])
	if n == nil {
		return nil, -1
	}
	n.Line, n.Column = l.no, l.col(off)
	return n, end
}

// flowByte reports the bytes of a plain scalar inside a flow collection
// that the reader accepts: letters, digits, spaces, _-.$/@+= and UTF-8;
// YAML gives others meaning there (:, #, ?, brackets, quotes).
func flowByte(c byte) bool {
	return keyByte(c) || c == ' ' || c == '@' || c == '+' || c == '=' || c >= 0x80
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// fastValue is what yaml.v3's Node.Decode into an any gives for a tree
// of the kinds the fast reader builds: mappings whose keys are !!str
// scalars, each once; sequences; !!str, !!bool and !!null scalars and
// canonical !!int ones. ok is false for anything else (an alias, a tag,
// any other scalar, a repeated key), which Decode then handles.
func fastValue(n *yaml.Node) (v any, ok bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		switch {
		case n.Tag == "!!str" && n.Style&yaml.TaggedStyle == 0:
			return n.Value, true
		case n.Tag == "!!int" && n.Style == 0 && canonicalInt(n.Value):
			i, _ := strconv.Atoi(n.Value)
			return i, true
		case n.Tag == "!!bool" && n.Style == 0:
			switch n.Value {
			case "true", "True", "TRUE":
				return true, true
			case "false", "False", "FALSE":
				return false, true
			}
		case n.Tag == "!!null" && n.Style == 0 && reserved(n.Value):
			return nil, true
		}
		return nil, false
	case yaml.MappingNode:
		if n.Tag != "!!map" || n.Style&yaml.TaggedStyle != 0 {
			return nil, false
		}
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.Tag != "!!str" || k.Style&yaml.TaggedStyle != 0 {
				return nil, false
			}
			if _, dup := m[k.Value]; dup {
				return nil, false
			}
			e, ok := fastValue(n.Content[i+1])
			if !ok {
				return nil, false
			}
			m[k.Value] = e
		}
		return m, true
	case yaml.SequenceNode:
		if n.Tag != "!!seq" || n.Style&yaml.TaggedStyle != 0 {
			return nil, false
		}
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			e, ok := fastValue(c)
			if !ok {
				return nil, false
			}
			s[i] = e
		}
		return s, true
	}
	return nil, false
}
