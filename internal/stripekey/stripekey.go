// Package stripekey recognises Stripe API keys: secret keys (sk_) and
// restricted keys (rk_), in test mode (sk_test_…) or live mode
// (sk_live_…). Publishable keys (pk_) are not secrets and are not
// recognised.
package stripekey

import (
	"regexp"
	"strings"
)

// Pattern finds key-shaped text anywhere in a string, e.g. a key pasted
// into a scenario file.
var Pattern = regexp.MustCompile(`\b(?:sk|rk)_(?:test|live)_[0-9A-Za-z]+`)

// Prefixes are the four prefixes a key starts with.
var Prefixes = []string{"sk_test_", "sk_live_", "rk_test_", "rk_live_"}

// IsKey reports whether s starts like a secret or restricted key, test or
// live.
func IsKey(s string) bool { return IsTestKey(s) || IsLiveKey(s) }

// IsTestKey reports whether s starts like a test-mode key: sk_test_ or
// rk_test_.
func IsTestKey(s string) bool {
	return strings.HasPrefix(s, "sk_test_") || strings.HasPrefix(s, "rk_test_")
}

// IsLiveKey reports whether s starts like a live-mode key: sk_live_ or
// rk_live_.
func IsLiveKey(s string) bool {
	return strings.HasPrefix(s, "sk_live_") || strings.HasPrefix(s, "rk_live_")
}

// anywhere finds a key's prefix even inside a word joined by an
// underscore or digit (x_sk_live_…, 1sk_test_…), followed by key
// characters, a template that would assemble a key (sk_test_${env.SUF}),
// or nothing; not inside a word of letters (task_test_), and not the
// placeholder "sk_test_…" that documentation writes.
var anywhere = regexp.MustCompile(`(?:^|[^A-Za-z])(?:sk|rk)_(?:test|live)_(?:[0-9A-Za-z$]|$)`)

// MayHold reports whether s holds "k_test_" or "k_live_", text without
// which neither [Pattern] nor [Contains] can match: a cheap test to run
// before either on long text.
func MayHold(s string) bool {
	return strings.Contains(s, "k_test_") || strings.Contains(s, "k_live_")
}

// Contains reports whether s holds a key's prefix (sk_test_, sk_live_,
// rk_test_, rk_live_) anywhere but after a letter: the check for text
// that must never hold a key, such as a scenario or a request's
// parameters.
func Contains(s string) bool { return MayHold(s) && anywhere.MatchString(s) }

// PrefixIn returns the key prefix [Contains] finds in s ("sk_test_"), or
// "": safe to print, unlike the key.
func PrefixIn(s string) string {
	if !MayHold(s) {
		return ""
	}
	i := anywhere.FindStringIndex(s)
	if i == nil {
		return ""
	}
	for _, p := range Prefixes {
		if strings.Contains(s[i[0]:i[1]], p) {
			return p
		}
	}
	return ""
}
