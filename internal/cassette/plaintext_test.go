package cassette

import (
	"bytes"
	"math/rand/v2"
	"os"
	"testing"
)

// plainTextByByte is [plainText] one character at a time, without the
// eight-byte skip: the reference the word-at-a-time version must agree
// with.
func plainTextByByte(data []byte) bool {
	for i := 0; i < len(data); {
		n, ok := plainChar(data[i:])
		if !ok {
			return false
		}
		i += n
	}
	return true
}

// TestPlainTextByWords: plainText agrees with the byte-by-byte reference
// for every byte value at every offset of a word and near the end of the
// text, for multi-byte characters split across words, and for random
// text.
func TestPlainTextByWords(t *testing.T) {
	check := func(data []byte) {
		t.Helper()
		if want, got := plainTextByByte(data), plainText(data); want != got {
			t.Fatalf("plainText(%q) = %v, want %v", data, got, want)
		}
	}
	base := bytes.Repeat([]byte("body: a\n"), 4) // 32 bytes of plain text
	for n := 0; n <= len(base); n++ {
		for at := 0; at < n; at++ {
			for b := range 256 {
				data := bytes.Clone(base[:n])
				data[at] = byte(b)
				check(data)
			}
		}
	}
	for _, r := range []rune{'é', 0x85, 0xa0, 0x2028, 0xfeff, 0xfffe, 0xffff, 0x1f600, 'ü'} {
		for at := 0; at < 16; at++ {
			data := append(bytes.Clone(base[:at]), string(r)...)
			check(append(data, base[:16]...))
			check(data)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab: \n\"'\x7f\t\r\x00é\xe2\x80\xa8\xff")
	for range 20000 {
		data := make([]byte, rng.IntN(40))
		for i := range data {
			if rng.IntN(8) == 0 {
				data[i] = alphabet[rng.IntN(len(alphabet))]
			} else {
				data[i] = 'a' + byte(rng.IntN(26))
			}
		}
		check(data)
	}
	for _, name := range []string{"lifecycle", "paid", "basil"} {
		data, err := os.ReadFile("../../cassettes/" + name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		check(data)
	}
}

// BenchmarkPlainText is the character check of a committed cassette,
// which replay runs over every cassette before reading it.
func BenchmarkPlainText(b *testing.B) {
	data, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if !plainText(data) {
			b.Fatal("not plain")
		}
	}
}

// FuzzPlainText: plainText agrees with the byte-by-byte reference on
// any text.
func FuzzPlainText(f *testing.F) {
	f.Add([]byte("version: 2\ninteractions: []\n"))
	f.Add([]byte("a\xc2\x85b\te\xe2\x80\xa8"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if want, got := plainTextByByte(data), plainText(data); want != got {
			t.Fatalf("plainText(%q) = %v, want %v", data, got, want)
		}
	})
}
