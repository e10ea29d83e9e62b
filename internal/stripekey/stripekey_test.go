package stripekey_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
)

func TestRecognise(t *testing.T) {
	for _, tt := range []struct {
		in         string
		test, live bool
	}{
		{"sk_test_123", true, false},
		{"rk_test_123", true, false},
		{"sk_live_123", false, true},
		{"rk_live_123", false, true},
		{"pk_test_123", false, false},
		{"sk_123", false, false},
		{"", false, false},
	} {
		assert.Equal(t, tt.test, stripekey.IsTestKey(tt.in), "IsTestKey(%q)", tt.in)
		assert.Equal(t, tt.live, stripekey.IsLiveKey(tt.in), "IsLiveKey(%q)", tt.in)
		assert.Equal(t, tt.test || tt.live, stripekey.IsKey(tt.in), "IsKey(%q)", tt.in)
	}
}

func TestPattern(t *testing.T) {
	assert.Equal(t, "sk_test_abc123", stripekey.Pattern.FindString("key: sk_test_abc123, more"))
	assert.Equal(t, "rk_live_X9", stripekey.Pattern.FindString("(rk_live_X9)"))
	assert.Empty(t, stripekey.Pattern.FindString("task_test_abc pk_test_abc"))
}

func TestContains(t *testing.T) {
	for _, tt := range []struct {
		in     string
		prefix string
	}{
		{"sk_test_abc", "sk_test_"},
		{"x_sk_live_abc", "sk_live_"},
		{"-run=rk_test_abc", "rk_test_"},
		{"sk_test_${env.SUF}", "sk_test_"},
		{"1rk_live_", "rk_live_"},
		{"task_test_abc", ""},
		{"use an sk_test_… key", ""},
		{"pk_test_abc", ""},
		{"", ""},
	} {
		assert.Equal(t, tt.prefix != "", stripekey.Contains(tt.in), "Contains(%q)", tt.in)
		assert.Equal(t, tt.prefix, stripekey.PrefixIn(tt.in), "PrefixIn(%q)", tt.in)
	}
}
