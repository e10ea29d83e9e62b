// Package bytewords tests the eight bytes of a word at once: the masks and
// whole-word arithmetic that the cassette's character check and the JSON
// decoder's string scan use to pass over plain bytes eight at a time. No
// operation carries from one byte into the next, so each result byte
// depends on its own input byte only.
package bytewords

// Lo has every byte 0x01; Hi has every byte 0x80.
const (
	Lo = 0x0101010101010101
	Hi = 0x8080808080808080
)

// Equal has the high bit set in each byte of w that is c, and no other bit.
func Equal(w uint64, c byte) uint64 {
	return zero(w ^ uint64(c)*Lo)
}

// Below has the high bit set in each byte of w under c, for bytes and c
// under 0x80 (a byte of 0x80 and above is the caller's to judge, with
// w & Hi), and no other bit.
func Below(w uint64, c byte) uint64 {
	return ^((w | Hi) - uint64(c)*Lo) & Hi
}

// zero has the high bit set in each byte of w that is zero, and no other
// bit.
func zero(w uint64) uint64 {
	return ^(((w &^ Hi) + 0x7f*Lo) | w) & Hi
}
