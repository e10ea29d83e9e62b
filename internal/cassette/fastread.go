package cassette

import (
	"strconv"
	"strings"
	"time"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// This file is the fast reader: it decodes the layout go-vcr writes
// (yaml.v3's encoder over go-vcr's cassette types: block mappings and
// sequences, one scalar per line, plain, single- or double-quoted) straight
// into go-vcr's types, without building a yaml.v3 node tree whose bodies
// cost several times their size. It recognises a strict subset of YAML and
// gives up on anything else (comments, anchors, tags, block or multi-line
// scalars, escapes, tabs, CR, flow collections other than [] and {}, null,
// duplicate or unknown keys); the caller then decodes with yaml.v3, which
// also gives every error its position. FuzzFastDecode checks that whatever
// this reader accepts, yaml.v3 decodes to the same values and lines.

// fastDecode decodes data if it is in go-vcr's layout, returning the
// cassette and the line each interaction starts on; ok is false when data
// is anything the reader does not recognise.
func fastDecode(data []byte) (c *cassette.Cassette, lines []int, ok bool) {
	return fastDecodeText(data, string(data))
}

// fastDecodeText is [fastDecode] with text, data as a string: the
// decoded strings are parts of it, so a caller that owns data and never
// changes it can pass it without a copy (see load).
func fastDecodeText(data []byte, text string) (c *cassette.Cassette, lines []int, ok bool) {
	if !plainText(data) {
		return nil, nil, false
	}
	defer func() {
		if r := recover(); r != nil {
			if _, giveUp := r.(fallback); !giveUp {
				panic(r)
			}
			c, lines, ok = nil, nil, false
		}
	}()
	r := &reader{s: text}
	r.advance()
	if r.ind == 0 && r.txt == "---" {
		r.advance()
	}
	c = &cassette.Cassette{}
	var seen uint
	r.mapping(0, &seen, []string{"version", "interactions"}, func(k int, rest string) {
		switch k {
		case 0:
			if rest != "2" { // checked as text, as the yaml.v3 path does
				r.fail()
			}
			c.Version = cassette.CassetteFormatV2
		case 1:
			c.Interactions, lines = r.interactions(rest)
		}
	})
	if !r.eof || seen != 3 {
		r.fail()
	}
	return c, lines, true
}

// fallback is what the reader panics with, and fastDecode recovers, when it
// meets something it does not recognise.
type fallback struct{}

// reader walks the cassette text line by line. The current line is txt,
// indented by ind spaces, number line; blank lines are skipped.
type reader struct {
	s    string
	from int // offset of the line after the previous non-blank one
	// fromLine is the number of the line that ends at from.
	fromLine int
	next     int // offset of the line after the current one
	line     int
	ind      int
	txt      string
	eof      bool

	copies map[string]string // see intern
	items  []string          // see strings
}

func (r *reader) fail() { panic(fallback{}) }

// advance moves to the next line that is not blank.
func (r *reader) advance() {
	r.from, r.fromLine = r.next, r.line
	for r.next < len(r.s) {
		rest := r.s[r.next:]
		l := rest
		if end := strings.IndexByte(rest, '\n'); end >= 0 {
			l = rest[:end]
			r.next += end + 1
		} else {
			r.next = len(r.s)
		}
		r.line++
		t := strings.TrimLeft(l, " ")
		if t = strings.TrimRight(t, " "); t != "" {
			r.ind, r.txt = len(l)-len(strings.TrimLeft(l, " ")), t
			return
		}
	}
	r.eof, r.ind, r.txt = true, -1, ""
}

// mapping reads the block mapping whose keys are at column col, from the
// current line on. Each key must be one of keys, at most once (seen
// collects them); field gets its index and the text after "key:", with
// the reader on the line after the key's.
func (r *reader) mapping(col int, seen *uint, keys []string, field func(k int, rest string)) {
	for !r.eof && r.ind == col {
		key, rest := r.key()
		k := -1
		for i, name := range keys {
			if name == key {
				k = i
			}
		}
		if k < 0 || *seen&(1<<k) != 0 {
			r.fail() // unknown or duplicate
		}
		*seen |= 1 << k
		r.advance()
		field(k, rest)
		if r.ind > col {
			r.fail() // a continuation line, or a child after a scalar
		}
	}
	if r.ind > col {
		r.fail()
	}
}

// key splits the current line "key: rest" into its key and the rest.
func (r *reader) key() (key, rest string) {
	t := r.txt
	var after string
	if t[0] == '\'' || t[0] == '"' {
		key, after = r.quoted(t)
	} else {
		if !isWordByte(t[0]) {
			r.fail()
		}
		i := strings.Index(t, ": ")
		if i < 0 {
			if t[len(t)-1] != ':' {
				r.fail()
			}
			i = len(t) - 1
		}
		key, after = t[:i], t[i:]
		if !plainOK(key) {
			r.fail()
		}
	}
	if len(key) > maxKey {
		r.fail()
	}
	if after == ":" {
		return key, ""
	}
	if !strings.HasPrefix(after, ": ") {
		r.fail()
	}
	return key, strings.TrimLeft(after[2:], " ")
}

// maxKey is the longest key the reader takes: yaml.v3 writes a longer
// one as an explicit "? key" (its emitter's simple-key limit is 128
// bytes), and refuses a "key:" of over 1024 characters, which FuzzFastDecode
// found the reader taking.
const maxKey = 128

func isWordByte(b byte) bool {
	return b == '_' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}

// plainOK reports whether s, a plain scalar that starts with a word
// character, is decoded by yaml.v3 into a string as its own text: not null,
// not cut short by a comment or a mapping indicator.
func plainOK(s string) bool {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return false
	}
	return !strings.Contains(s, " #") && !strings.Contains(s, ": ") && !strings.HasSuffix(s, ":") && !strings.HasSuffix(s, " ")
}

// quoted reads the single- or double-quoted scalar at the start of t and
// returns its value and what follows it. A double-quoted scalar with an
// escape, or one that does not end on this line, is not recognised.
func (r *reader) quoted(t string) (val, after string) {
	q := t[0]
	if q == '"' {
		end := strings.IndexByte(t[1:], '"')
		if end < 0 || strings.IndexByte(t[1:end+1], '\\') >= 0 {
			r.fail()
		}
		return t[1 : end+1], t[end+2:]
	}
	var b *strings.Builder
	for i := 1; i < len(t); {
		j := strings.IndexByte(t[i:], '\'')
		if j < 0 {
			r.fail()
		}
		if i+j+1 < len(t) && t[i+j+1] == '\'' { // '' is a quote
			if b == nil {
				b = &strings.Builder{}
			}
			b.WriteString(t[i : i+j+1])
			i += j + 2
			continue
		}
		if b == nil {
			return t[1 : i+j], t[i+j+1:]
		}
		b.WriteString(t[i : i+j])
		return b.String(), t[i+j+1:]
	}
	r.fail()
	return "", ""
}

// small is [reader.scalar] copied out of the file's text: only bodies
// share its memory, so that a header value or URL kept after the replay
// (a report keeps the Stripe-Version) does not keep the whole file alive.
func (r *reader) small(rest string) string { return strings.Clone(r.scalar(rest)) }

// intern returns a copy of s, one copy for all the equal names of the
// cassette: header and form names repeat in every interaction.
func (r *reader) intern(s string) string {
	if c, ok := r.copies[s]; ok {
		return c
	}
	if r.copies == nil {
		r.copies = make(map[string]string)
	}
	c := strings.Clone(s)
	r.copies[c] = c
	return c
}

// scalar is the string value of rest, a scalar on the key's line.
func (r *reader) scalar(rest string) string {
	if rest == "" {
		r.fail()
	}
	switch c := rest[0]; {
	case c == '\'' || c == '"':
		v, after := r.quoted(rest)
		if after != "" {
			r.fail()
		}
		return v
	case c == '-' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9',
		strings.IndexByte(indicators, c) < 0:
		if !plainOK(rest) {
			r.fail()
		}
		return rest
	}
	r.fail()
	return ""
}

// body is a body's value after a key at column col: a scalar on the
// key's line, or a literal block scalar ("|", "|-" or "|+") on the lines
// after it, as yaml.v3 writes a string with line breaks.
func (r *reader) body(col int, rest string) string {
	var chomp byte
	switch rest {
	case "|":
		chomp = 'c'
	case "|-":
		chomp = '-'
	case "|+":
		chomp = '+'
	default:
		return r.scalar(rest)
	}
	// Read raw lines from the one after the key's: the reader skipped
	// blank ones, which belong to the block. The first pass finds its
	// extent and size, the second copies it out in one allocation.
	ind, pos, lines, size := -1, r.from, 0, 0
	for pos < len(r.s) {
		end := strings.IndexByte(r.s[pos:], '\n')
		if end < 0 {
			r.fail() // a block must end with a line break
		}
		l := r.s[pos : pos+end]
		t := strings.TrimLeft(l, " ")
		n := len(l) - len(t)
		switch {
		case t == "" && n > 0:
			r.fail() // yaml.v3 writes a block's empty lines empty
		case t == "":
		case ind < 0 && n <= col:
			r.fail() // an empty block
		case ind < 0:
			ind = n
			fallthrough
		default:
			if n < ind {
				goto done
			}
			size += len(l) - ind
		}
		size++
		pos += end + 1
		lines++
	}
done:
	if ind < 0 {
		r.fail()
	}
	var b strings.Builder
	b.Grow(size)
	blank := 0 // blank lines not yet written: trailing ones are chomped
	for p, k := r.from, 0; k < lines; k++ {
		end := strings.IndexByte(r.s[p:], '\n')
		l := r.s[p : p+end]
		p += end + 1
		if l == "" {
			blank++
			continue
		}
		for ; blank > 0; blank-- {
			b.WriteByte('\n')
		}
		b.WriteString(l[ind:])
		b.WriteByte('\n')
	}
	v := b.String()
	switch chomp {
	case '-':
		v = strings.TrimSuffix(v, "\n")
	case '+':
		v += strings.Repeat("\n", blank)
	}
	// Resume at the first line after the block.
	r.line, r.next = r.fromLine+lines, pos
	r.advance()
	return v
}

// indicators are the characters that cannot start a plain scalar (YAML
// 1.2, 5.3), and space.
const indicators = "-?:,[]{}#&*!|>'\"%@` "

// integer is rest as a decimal integer written the way yaml.v3 writes one.
func (r *reader) integer(rest string) int64 {
	digits := strings.TrimPrefix(rest, "-")
	if digits == "" || len(digits) > 18 || (digits[0] == '0' && len(digits) > 1) {
		r.fail()
	}
	for i := range len(digits) {
		if digits[i] < '0' || digits[i] > '9' {
			r.fail()
		}
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		r.fail()
	}
	return n
}

func (r *reader) boolean(rest string) bool {
	switch rest {
	case "true":
		return true
	case "false":
		return false
	}
	r.fail()
	return false
}

// duration is rest as a time.Duration written by yaml.v3 ("1.5ms").
func (r *reader) duration(rest string) time.Duration {
	if rest == "" || rest[0] < '0' || rest[0] > '9' || !isLetter(rest[len(rest)-1]) || !plainOK(rest) {
		r.fail()
	}
	d, err := time.ParseDuration(rest)
	if err != nil {
		r.fail()
	}
	return d
}

func isLetter(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }

// strings reads a list of strings after a key at column col: "[]" on the
// key's line, or a block sequence more indented than the key.
func (r *reader) strings(col int, rest string) []string {
	if rest == "[]" {
		return []string{}
	}
	if rest != "" || r.eof || r.ind <= col {
		r.fail()
	}
	// The items go into one slice shared by the cassette's lists, each
	// list a part of it whose capacity is its length.
	start := len(r.items)
	for item := r.ind; !r.eof && r.ind == item; r.advance() {
		if !strings.HasPrefix(r.txt, "- ") {
			r.fail()
		}
		if len(r.items) == cap(r.items) && len(r.items) == start {
			r.items = make([]string, 0, 64) // a fresh chunk; earlier lists keep theirs
			start = 0
		}
		r.items = append(r.items, r.small(strings.TrimLeft(r.txt[2:], " ")))
	}
	return r.items[start:len(r.items):len(r.items)]
}

// multimap reads a map of string lists (headers, form) after a key at
// column col: "{}" on the key's line, or a block mapping more indented.
func (r *reader) multimap(col int, rest string) map[string][]string {
	if rest == "{}" {
		return map[string][]string{}
	}
	if rest != "" || r.eof || r.ind <= col {
		r.fail()
	}
	out := map[string][]string{}
	for kcol := r.ind; !r.eof && r.ind == kcol; {
		key, rest := r.key()
		if _, dup := out[key]; dup {
			r.fail()
		}
		key = r.intern(key)
		r.advance()
		out[key] = r.strings(kcol, rest)
		if r.ind > kcol {
			r.fail()
		}
	}
	return out
}

// interactions reads the list of interactions, each a mapping that starts
// on its "- " line, and the line each starts on.
func (r *reader) interactions(rest string) ([]*cassette.Interaction, []int) {
	if rest != "" || r.eof || r.ind <= 0 {
		r.fail()
	}
	var (
		out   []*cassette.Interaction
		lines []int
	)
	for item := r.ind; !r.eof && r.ind == item; {
		if !strings.HasPrefix(r.txt, "- ") {
			r.fail()
		}
		inner := strings.TrimLeft(r.txt[2:], " ")
		r.ind, r.txt = item+len(r.txt)-len(inner), inner
		lines = append(lines, r.line)
		out = append(out, r.interaction(r.ind))
	}
	return out, lines
}

var (
	interactionKeys = []string{"id", "request", "response"}
	requestKeys     = []string{"proto", "proto_major", "proto_minor", "content_length", "transfer_encoding", "trailer", "host", "remote_addr", "request_uri", "body", "form", "headers", "url", "method"}
	responseKeys    = []string{"proto", "proto_major", "proto_minor", "transfer_encoding", "trailer", "content_length", "uncompressed", "body", "headers", "status", "code", "duration"}
)

func (r *reader) interaction(col int) *cassette.Interaction {
	i := &cassette.Interaction{}
	var seen uint
	r.mapping(col, &seen, interactionKeys, func(k int, rest string) {
		switch k {
		case 0:
			i.ID = int(r.integer(rest))
		case 1:
			r.request(col, rest, &i.Request)
		case 2:
			r.response(col, rest, &i.Response)
		}
	})
	if seen != 7 {
		r.fail()
	}
	return i
}

// block returns the column of the block mapping that is a key's value,
// the key being at col.
func (r *reader) block(col int, rest string) int {
	if rest != "" || r.eof || r.ind <= col {
		r.fail()
	}
	return r.ind
}

func (r *reader) request(col int, rest string, q *cassette.Request) {
	kcol := r.block(col, rest)
	var seen uint
	r.mapping(kcol, &seen, requestKeys, func(k int, rest string) {
		switch requestKeys[k] {
		case "proto":
			q.Proto = r.small(rest)
		case "proto_major":
			q.ProtoMajor = int(r.integer(rest))
		case "proto_minor":
			q.ProtoMinor = int(r.integer(rest))
		case "content_length":
			q.ContentLength = r.integer(rest)
		case "transfer_encoding":
			q.TransferEncoding = r.strings(kcol, rest)
		case "trailer":
			q.Trailer = r.multimap(kcol, rest)
		case "host":
			q.Host = r.small(rest)
		case "remote_addr":
			q.RemoteAddr = r.small(rest)
		case "request_uri":
			q.RequestURI = r.small(rest)
		case "body":
			q.Body = strings.Clone(r.body(kcol, rest))
		case "form":
			q.Form = r.multimap(kcol, rest)
		case "headers":
			q.Headers = r.multimap(kcol, rest)
		case "url":
			q.URL = r.small(rest)
		case "method":
			q.Method = r.small(rest)
		}
	})
}

func (r *reader) response(col int, rest string, p *cassette.Response) {
	kcol := r.block(col, rest)
	var seen uint
	r.mapping(kcol, &seen, responseKeys, func(k int, rest string) {
		switch responseKeys[k] {
		case "proto":
			p.Proto = r.small(rest)
		case "proto_major":
			p.ProtoMajor = int(r.integer(rest))
		case "proto_minor":
			p.ProtoMinor = int(r.integer(rest))
		case "transfer_encoding":
			p.TransferEncoding = r.strings(kcol, rest)
		case "trailer":
			p.Trailer = r.multimap(kcol, rest)
		case "content_length":
			p.ContentLength = r.integer(rest)
		case "uncompressed":
			p.Uncompressed = r.boolean(rest)
		case "body":
			p.Body = r.body(kcol, rest)
		case "headers":
			p.Headers = r.multimap(kcol, rest)
		case "status":
			p.Status = r.small(rest)
		case "code":
			p.Code = int(r.integer(rest))
		case "duration":
			p.Duration = r.duration(rest)
		}
	})
}
