package client

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestFormatUUID: formatUUID writes what fmt.Sprintf with %x wrote.
func TestFormatUUID(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		var b [16]byte
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		want := fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
		if got := formatUUID(b); got != want {
			t.Fatalf("formatUUID(%x) = %s, want %s", b, got, want)
		}
	}
}
