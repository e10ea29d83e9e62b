package contracts

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
)

// splitDefs returns the members of the top-level "$defs" object of the
// JSON document data, each still encoded. It only finds where values
// begin and end, which is several times faster than encoding/json on the
// 1 MB bundle; each member is fully parsed when it is used.
func splitDefs(data []byte) (map[string]json.RawMessage, error) {
	sc := &scanner{b: data}
	var defs map[string]json.RawMessage
	err := sc.members(func(key string) error {
		if key != "$defs" {
			_, err := sc.value()
			return err
		}
		defs = map[string]json.RawMessage{}
		return sc.members(func(name string) error {
			v, err := sc.value()
			defs[name] = v
			return err
		})
	})
	if err == nil && defs == nil {
		err = errors.New("no $defs")
	}
	return defs, err
}

// scanner walks the structure of a JSON document.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) errorf(format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", s.i, fmt.Sprintf(format, args...))
}

func (s *scanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\n' || s.b[s.i] == '\t' || s.b[s.i] == '\r') {
		s.i++
	}
}

// next skips white space and consumes c.
func (s *scanner) next(c byte) error {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != c {
		return s.errorf("want %q", c)
	}
	s.i++
	return nil
}

// members reads an object, calling f after each key with the scanner at
// the member's value, which f must consume.
func (s *scanner) members(f func(key string) error) error {
	if err := s.next('{'); err != nil {
		return err
	}
	for first := true; ; first = false {
		s.ws()
		if s.i < len(s.b) && s.b[s.i] == '}' {
			s.i++
			return nil
		}
		if !first {
			if err := s.next(','); err != nil {
				return err
			}
		}
		key, err := s.key()
		if err != nil {
			return err
		}
		if err := f(key); err != nil {
			return err
		}
	}
}

// key reads a member name and its colon.
func (s *scanner) key() (string, error) {
	s.ws()
	start := s.i
	if err := s.skipString(); err != nil {
		return "", err
	}
	if inner := s.b[start+1 : s.i-1]; plainKey(inner) {
		return string(inner), s.next(':') // what json.Unmarshal makes of it
	}
	var key string
	if err := json.Unmarshal(s.b[start:s.i], &key); err != nil {
		return "", s.errorf("bad key: %v", err)
	}
	return key, s.next(':')
}

// value skips one value and returns its bytes.
func (s *scanner) value() ([]byte, error) {
	s.ws()
	start := s.i
	if s.i >= len(s.b) {
		return nil, s.errorf("unexpected end")
	}
	var err error
	switch s.b[s.i] {
	case '"':
		err = s.skipString()
	case '{', '[':
		err = s.skipNested()
	default: // number, true, false, null
		for s.i < len(s.b) && !isDelim(s.b[s.i]) {
			s.i++
		}
	}
	return s.b[start:s.i], err
}

func isDelim(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\n', '\t', '\r':
		return true
	}
	return false
}

// skipNested moves past an object or array, strings inside included.
func (s *scanner) skipNested() error {
	depth := 0
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '"':
			if err := s.skipString(); err != nil {
				return err
			}
			continue
		case ' ':
			// The bundles are indented: runs of spaces, eight at a time.
			for s.i+8 <= len(s.b) && binary.LittleEndian.Uint64(s.b[s.i:]) == ' '*lo8 {
				s.i += 8
			}
			for s.i < len(s.b) && s.b[s.i] == ' ' {
				s.i++
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		s.i++
		if depth == 0 {
			return nil
		}
	}
	return s.errorf("unexpected end")
}

// skipString moves past a string literal starting at the scanner.
func (s *scanner) skipString() error {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return s.errorf("want string")
	}
	s.i++
	for s.i < len(s.b) {
		// Eight bytes at once when none is a quote or a backslash (the
		// schemas' descriptions are most of a bundle); else those eight
		// one at a time.
		if s.i+8 <= len(s.b) && !quoteOrBackslash(binary.LittleEndian.Uint64(s.b[s.i:])) {
			s.i += 8
			continue
		}
		for end := min(s.i+8, len(s.b)); s.i < end; s.i++ {
			switch s.b[s.i] {
			case '\\':
				s.i++
			case '"':
				s.i++
				return nil
			}
		}
	}
	return s.errorf("unterminated string")
}

// Byte masks for the word tests: every byte 0x01, every byte 0x80.
const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
)

// zeroBytes has the high bit of each byte of w that is zero set, and no
// other bit; nothing carries from one byte into the next.
func zeroBytes(w uint64) uint64 {
	return ^(((w &^ hi8) + 0x7f*lo8) | w) & hi8
}

// quoteOrBackslash reports whether one of the eight bytes of w is '"' or
// '\\'.
func quoteOrBackslash(w uint64) bool {
	return zeroBytes(w^'"'*lo8)|zeroBytes(w^'\\'*lo8) != 0
}

// plainKey reports whether every byte of a member name's text is
// printable ASCII other than a backslash: text that decodes to itself.
func plainKey(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e || c == '\\' {
			return false
		}
	}
	return true
}
