package cassette

import (
	"encoding/binary"
	"unicode/utf8"

	"github.com/checkoutvcr/checkoutvcr/internal/bytewords"
)

// plainText reports whether data holds only what the reader handles
// character by character: no tab, no CR, no line break other than LF, and
// nothing yaml.v3 refuses to read.
func plainText(data []byte) bool {
	for i := 0; i < len(data); {
		// Eight bytes at a time while they are all printable ASCII or
		// LF, what cassettes are almost entirely; any other byte is
		// judged below, one character at a time.
		for i+8 <= len(data) && plainWord(binary.LittleEndian.Uint64(data[i:])) {
			i += 8
		}
		if i == len(data) {
			break
		}
		n, ok := plainChar(data[i:])
		if !ok {
			return false
		}
		i += n
	}
	return true
}

// plainChar judges the character data starts with as plainText does,
// and returns its length in bytes.
func plainChar(data []byte) (n int, ok bool) {
	if b := data[0]; b < utf8.RuneSelf {
		return 1, (b >= 0x20 || b == '\n') && b != 0x7f
	}
	return plainRune(data)
}

// plainRune is plainChar for a character outside ASCII.
func plainRune(data []byte) (n int, ok bool) {
	r, n := utf8.DecodeRune(data)
	switch {
	case r == utf8.RuneError && n == 1,
		r < 0xa0, // C1 controls, including NEL (a line break)
		r == 0x2028, r == 0x2029, r == 0xfeff,
		r >= 0xd800 && r < 0xe000, r == 0xfffe, r == 0xffff:
		return n, false
	}
	return n, true
}

// plainWord reports whether each of the eight bytes of w is printable
// ASCII (0x20 to 0x7e) or LF, by whole-word arithmetic that carries
// nothing from one byte into the next.
func plainWord(w uint64) bool {
	nonASCII := w & bytewords.Hi
	below20 := bytewords.Below(w, 0x20)
	lf := bytewords.Equal(w, '\n')
	del := bytewords.Equal(w, 0x7f)
	return nonASCII|(below20&^lf)|del == 0
}
