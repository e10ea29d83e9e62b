package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3},
		{"sucess_url", "success_url", 1}, {"same", "same", 0},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestClosest(t *testing.T) {
	known := []string{"cancel_url", "success_url", "mode"}
	if got := Closest("sucess_url", known, 3); got != "success_url" {
		t.Errorf("Closest = %q, want success_url", got)
	}
	if got := Closest("zzzz", known, 1); got != "" {
		t.Errorf("Closest far = %q, want \"\"", got)
	}
	// Ties go to the first in known.
	if got := Closest("ab", []string{"ac", "bb"}, 1); got != "ac" {
		t.Errorf("Closest tie = %q, want ac", got)
	}
	// maxDist is inclusive.
	if got := Closest("ab", []string{"cd"}, 2); got != "cd" {
		t.Errorf("Closest at maxDist = %q, want cd", got)
	}
}
