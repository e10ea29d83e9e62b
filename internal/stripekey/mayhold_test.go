package stripekey

import "testing"

// TestMayHoldIsNecessary checks that MayHold is true of every string
// Pattern or the anywhere pattern matches, so callers may skip both when
// it is false.
func TestMayHoldIsNecessary(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"sk" + "_test_abc", true}, {"x rk" + "_live_Z9", true}, {"1sk" + "_test_", true},
		{"a,sk" + "_live_$", true}, {"task_test_x", true}, {"sk" + "_test_…", true},
		{"sk_tes_x", false}, {"k_test", false}, {"", false}, {"whsec_1", false},
		{"client_secret=pi_1_secret_2", false},
	} {
		if got := MayHold(tt.s); got != tt.want {
			t.Errorf("MayHold(%q) = %v, want %v", tt.s, got, tt.want)
		}
		if (Pattern.MatchString(tt.s) || anywhere.MatchString(tt.s)) && !MayHold(tt.s) {
			t.Errorf("MayHold(%q) = false, but a pattern matches", tt.s)
		}
	}
}

// FuzzMayHold checks the same on any text.
func FuzzMayHold(f *testing.F) {
	f.Add("sk" + "_test_abc")
	f.Add("x_rk" + "_live_1 whsec_2")
	f.Fuzz(func(t *testing.T, s string) {
		if (Pattern.MatchString(s) || anywhere.MatchString(s)) && !MayHold(s) {
			t.Errorf("MayHold(%q) = false, but a pattern matches", s)
		}
	})
}
