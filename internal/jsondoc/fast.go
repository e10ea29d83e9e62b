package jsondoc

import (
	"encoding/binary"
	"encoding/json"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/checkoutvcr/checkoutvcr/internal/bytewords"
)

// maxDepth bounds the nesting the fast path follows; deeper documents go
// to encoding/json, which has its own limit.
const maxDepth = 500

// decodeFast decodes b as [Decode] does; ok is false when b is anything
// it does not handle, and then encoding/json decides. FuzzDecode checks
// that what it returns is what encoding/json returns. unique is false when
// an object repeats a key (the value kept is the last, as encoding/json
// keeps it).
//
// Allocations: the body is copied into one string, and every key and
// unescaped string is a slice of it (a string from encoding/json is a
// copy of its own); each object and array is built at its final size from
// a scratch stack of pairs and items the decoder reuses, so no map or
// slice grows.
func decodeFast(b []byte) (v any, unique, ok bool) {
	d := &decoder{b: b, s: string(b), unique: true}
	d.space()
	v, ok = d.value(0)
	if !ok {
		return nil, false, false
	}
	d.space()
	return v, d.unique, d.i == len(b)
}

type decoder struct {
	b      []byte
	s      string // b as a string, which keys and strings are slices of
	i      int
	keys   []string // pairs of the objects being read, innermost last
	vals   []any    // their values, and the items of the arrays being read
	unique bool     // no object so far repeats a key
}

func (d *decoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *decoder) value(depth int) (any, bool) {
	if d.i >= len(d.b) || depth > maxDepth {
		return nil, false
	}
	switch c := d.b[d.i]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		s, ok := d.str()
		return s, ok
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	}
	return nil, false
}

func (d *decoder) literal(word string) bool {
	if len(d.b)-d.i < len(word) || string(d.b[d.i:d.i+len(word)]) != word {
		return false
	}
	d.i += len(word)
	return true
}

func (d *decoder) object(depth int) (any, bool) {
	d.i++ // {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		return map[string]any{}, true
	}
	kbase, vbase := len(d.keys), len(d.vals)
	for {
		if d.i >= len(d.b) || d.b[d.i] != '"' {
			return nil, false
		}
		k, ok := d.str()
		if !ok {
			return nil, false
		}
		d.space()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return nil, false
		}
		d.i++
		d.space()
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		d.keys = append(d.keys, k)
		d.vals = append(d.vals, v)
		d.space()
		if d.i >= len(d.b) {
			return nil, false
		}
		switch d.b[d.i] {
		case ',':
			d.i++
			d.space()
		case '}':
			d.i++
			keys, vals := d.keys[kbase:], d.vals[vbase:]
			m := make(map[string]any, len(keys))
			for j, k := range keys {
				m[k] = vals[j]
			}
			if len(m) != len(keys) {
				d.unique = false
			}
			clear(vals) // the scratch stacks keep no value alive
			d.keys, d.vals = d.keys[:kbase], d.vals[:vbase]
			return m, true
		default:
			return nil, false
		}
	}
}

func (d *decoder) array(depth int) (any, bool) {
	d.i++ // [
	d.space()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		return []any{}, true
	}
	base := len(d.vals)
	for {
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		d.vals = append(d.vals, v)
		d.space()
		if d.i >= len(d.b) {
			return nil, false
		}
		switch d.b[d.i] {
		case ',':
			d.i++
			d.space()
		case ']':
			d.i++
			a := make([]any, len(d.vals)-base)
			copy(a, d.vals[base:])
			clear(d.vals[base:])
			d.vals = d.vals[:base]
			return a, true
		default:
			return nil, false
		}
	}
}

// str reads a string; invalid UTF-8 and escaped surrogates, which
// encoding/json replaces with U+FFFD, are left to it.
func (d *decoder) str() (string, bool) {
	d.i++ // "
	start, ascii := d.i, true
	for d.i < len(d.b) {
		// Eight bytes at once when none ends the string, starts an
		// escape, is a control character or is not ASCII; else those
		// eight one at a time.
		if d.i+8 <= len(d.b) && plainWord(binary.LittleEndian.Uint64(d.b[d.i:])) {
			d.i += 8
			continue
		}
		for end := min(d.i+8, len(d.b)); d.i < end; d.i++ {
			switch c := d.b[d.i]; {
			case c == '"':
				s := d.s[start:d.i]
				d.i++
				if !ascii && !utf8.ValidString(s) {
					return "", false
				}
				return s, true
			case c == '\\':
				return d.escaped(start)
			case c < 0x20:
				return "", false
			case c >= utf8.RuneSelf:
				ascii = false
			}
		}
	}
	return "", false
}

// plainWord reports whether none of the eight bytes of w is a quote, a
// backslash, below 0x20 or 0x80 and above: bytes str passes over as they
// are. The arithmetic carries nothing from one byte into the next.
func plainWord(w uint64) bool {
	nonASCII := w & bytewords.Hi
	below20 := bytewords.Below(w, 0x20)
	quote := bytewords.Equal(w, '"')
	backslash := bytewords.Equal(w, '\\')
	return nonASCII|below20|quote|backslash == 0
}

// escaped finishes a string that started at start and has an escape at
// d.i.
func (d *decoder) escaped(start int) (string, bool) {
	out := append([]byte(nil), d.b[start:d.i]...)
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			if !utf8.Valid(out) {
				return "", false
			}
			return string(out), true
		case c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.b) {
			return "", false
		}
		e := d.b[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok || utf16.IsSurrogate(r) {
				return "", false
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
	return "", false
}

func (d *decoder) hex4() (rune, bool) {
	if len(d.b)-d.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range d.b[d.i : d.i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	d.i += 4
	return r, true
}

// number reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? as a
// json.Number of its text.
func (d *decoder) number() (any, bool) {
	start := d.i
	if d.b[d.i] == '-' {
		d.i++
	}
	switch {
	case d.i < len(d.b) && d.b[d.i] == '0':
		d.i++
	case d.digits() == 0:
		return nil, false
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		if d.digits() == 0 {
			return nil, false
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if d.digits() == 0 {
			return nil, false
		}
	}
	return json.Number(d.s[start:d.i]), true
}

func (d *decoder) digits() int {
	n := 0
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		d.i++
		n++
	}
	return n
}
