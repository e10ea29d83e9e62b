package suggest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

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

// TestClosestHugeName: a hostile name of 8 MB (a parameter a client
// made up) is not compared with names whose length differs by more than
// maxDist; comparing it with each of 1,000 names would take minutes (the
// local server took 48 s to refuse one unknown 7 MB parameter). The
// watchdog fails a run that compares.
func TestClosestHugeName(t *testing.T) {
	known := make([]string, 1000)
	for i := range known {
		known[i] = fmt.Sprintf("parameter_name_%05d", i)
	}
	done := make(chan string, 1)
	go func() { done <- Closest(strings.Repeat("k", 8<<20), known, 3) }()
	select {
	case got := <-done:
		if got != "" {
			t.Errorf("Closest = %q, want \"\"", got)
		}
	case <-time.After(time.Minute):
		t.Fatal("Closest compared an 8 MB name with every known name")
	}
	if got := Closest("parameter_name_0000", known, 3); got != "parameter_name_00000" {
		t.Errorf("Closest near = %q", got)
	}
}
