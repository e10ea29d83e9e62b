package bytewords

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestAgreesByteByByte: each result byte is what a test of that byte alone
// gives, over words of random and edge bytes.
func TestAgreesByteByByte(t *testing.T) {
	edges := []byte{0, 1, '\n', 0x1f, 0x20, '"', '\\', 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		var b [8]byte
		for i := range b {
			if r.IntN(2) == 0 {
				b[i] = edges[r.IntN(len(edges))]
			} else {
				b[i] = byte(r.IntN(256))
			}
		}
		w := binary.LittleEndian.Uint64(b[:])
		c := edges[r.IntN(len(edges))]
		eq, below := Equal(w, c), Below(w, c&0x7f)
		for i, x := range b {
			bit := uint64(0x80) << (8 * i)
			if got, want := eq&bit != 0, x == c; got != want {
				t.Fatalf("Equal(% x, %#x) byte %d: %v, want %v", b, c, i, got, want)
			}
			if x < 0x80 {
				if got, want := below&bit != 0, x < c&0x7f; got != want {
					t.Fatalf("Below(% x, %#x) byte %d: %v, want %v", b, c&0x7f, i, got, want)
				}
			}
		}
		if eq&^Hi != 0 || below&^Hi != 0 {
			t.Fatalf("% x: bits outside the high bits", b)
		}
	}
}
