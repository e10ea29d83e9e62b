package stripekey

import (
	"fmt"
	"strings"
)

// MinKeyChars is the fewest letters and digits a key has after its
// prefix (Stripe's own keys have about a hundred; dummy keys for
// stripe-mock, such as sk_test_123, have a few).
const MinKeyChars = 3

// CheckShape checks that key, which starts with one of [Prefixes], is
// that prefix and at least [MinKeyChars] ASCII letters and digits, and
// nothing else. A key is never trimmed: a trailing newline, carriage
// return or space (a CRLF .env file, a copy-paste) is an error that says
// so. The error never holds the key or any part of it after the prefix.
func CheckShape(name, key string) error {
	prefix := ""
	for _, p := range Prefixes {
		if strings.HasPrefix(key, p) {
			prefix = p
		}
	}
	if prefix == "" {
		return fmt.Errorf("%s does not start with sk_test_ or rk_test_", name)
	}
	rest := key[len(prefix):]
	if trimmed := strings.TrimRight(rest, " \t\r\n"); trimmed != rest {
		return fmt.Errorf("%s ends with %s (a CRLF .env file or a copy-paste?); remove it: keys are not trimmed", name, describe(rest[len(trimmed)]))
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return fmt.Errorf("%s holds %s at character %d after %s; a key is %s and letters and digits only", name, describe(c), i+1, prefix, prefix)
		}
	}
	if len(rest) < MinKeyChars {
		return fmt.Errorf("%s is %s and %d characters; a key has at least %d letters and digits after it", name, prefix, len(rest), MinKeyChars)
	}
	return nil
}

// describe names a byte that has no place in a key, without showing a
// control character as itself.
func describe(c byte) string {
	switch {
	case c == '\n':
		return "a newline"
	case c == '\r':
		return "a carriage return"
	case c == ' ':
		return "a space"
	case c == '\t':
		return "a tab"
	case c < 0x20 || c == 0x7f:
		return fmt.Sprintf("a control character (0x%02x)", c)
	case c >= 0x80:
		return "a non-ASCII character"
	}
	return fmt.Sprintf("%q", c)
}
