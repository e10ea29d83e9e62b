package stripekey

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckShape(t *testing.T) {
	for _, ok := range []string{"sk_test_123", "rk_test_abcDEF0123456789", "sk_test_checkoutvcr"} {
		assert.NoError(t, CheckShape("STRIPE_SECRET_KEY", ok), ok)
	}
	for key, want := range map[string]string{
		"sk_test_secretabc\r":          "STRIPE_SECRET_KEY ends with a carriage return (a CRLF .env file or a copy-paste?); remove it: keys are not trimmed",
		"sk_test_secretabc\n":          "ends with a newline",
		"sk_test_secretabc ":           "ends with a space",
		"sk_test_secretabc\nX-Evil: 1": "holds a newline at character 10 after sk_test_",
		"sk_test_secret abc":           "holds a space at character 7 after sk_test_; a key is sk_test_ and letters and digits only",
		"sk_test_secret\x1b[2Jabc":     "holds a control character (0x1b)",
		"sk_test_secret-abc":           `holds '-' at character 7`,
		"sk_test_":                     "STRIPE_SECRET_KEY is sk_test_ and 0 characters; a key has at least 3 letters and digits after it",
		"rk_test_ab":                   "is rk_test_ and 2 characters",
		"sk_test_secr\u00e9tabc":       "a non-ASCII character",
	} {
		err := CheckShape("STRIPE_SECRET_KEY", key)
		if assert.Error(t, err, "%q", key) {
			assert.Contains(t, err.Error(), want, "%q", key)
			assert.NotContains(t, err.Error(), "secret", "the key is never echoed")
			assert.NotContains(t, err.Error(), "\n")
			assert.NotContains(t, err.Error(), "\r")
			assert.False(t, strings.Contains(err.Error(), "X-Evil"))
		}
	}
}
