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

// TerminalColor is [Terminal] that lets SGR colour sequences (ESC [ digits
// and semicolons m) through, for text that was coloured on purpose. A
// colour injected by a server stays a colour: it cannot move the cursor or
// erase what was printed.
func TerminalColor(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, 0x1b)
		if i < 0 {
			b.WriteString(Terminal(s))
			return b.String()
		}
		b.WriteString(Terminal(s[:i]))
		if n := sgrLen(s[i:]); n > 0 {
			b.WriteString(s[i : i+n])
			s = s[i+n:]
			continue
		}
		b.WriteString(`\x1b`)
		s = s[i+1:]
	}
}

// sgrLen is the length of the SGR sequence s starts with, or 0.
func sgrLen(s string) int {
	if len(s) < 3 || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s) && i < 32; i++ {
		switch c := s[i]; {
		case c == 'm':
			return i + 1
		case c == ';' || ('0' <= c && c <= '9'):
		default:
			return 0
		}
	}
	return 0
}
