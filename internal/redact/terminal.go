package redact

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Terminal neutralises what a terminal would act on in s: control
// characters (ESC, CR, BEL, …), DEL, C1 controls, bidirectional overrides
// and invalid UTF-8 are written as Go escapes (\x1b, \u202e), so a field
// name or description from a server or a scenario cannot move the cursor,
// recolour or rewrite what was printed. Newlines and tabs are kept; use
// [Line] where the text must stay on one line.
func Terminal(s string) string { return neutralise(s, "\n\t") }

// Line is [Terminal] that escapes newlines and tabs too.
func Line(s string) string { return neutralise(s, "") }

func neutralise(s, keep string) string {
	if isSafe(s, keep) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r) && !strings.ContainsRune(keep, r):
			if r < 0x80 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isSafe(s, keep string) bool {
	for _, r := range s {
		if r == utf8.RuneError || (unsafeRune(r) && !strings.ContainsRune(keep, r)) {
			return false
		}
	}
	return true
}

// unsafeRune: controls, and format characters such as the bidi overrides.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}
