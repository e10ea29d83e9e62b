package redact

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// unit is one byte of s once its escapes are undone, with the bytes of s
// that spell it: [start, end).
type unit struct {
	start, end int32
	b          byte
}

// decodeUnits undoes, in one pass, JSON \uXXXX escapes behind any number
// of backslashes (\u0073, \\u0073: JSON escaped once, twice, …) and URL
// %XX escapes behind any number of 25s (%73, %2573, %252573), each
// character on its own, so that a secret spelled with a mix of raw,
// escaped and re-escaped characters reads as itself. ok is false when s
// holds no such escape.
func decodeUnits(s string) (units []unit, ok bool) {
	if !strings.Contains(s, `\u`) && !strings.Contains(s, `\U`) && !strings.Contains(s, "%") {
		return nil, false
	}
	units = make([]unit, 0, len(s))
	for i := 0; i < len(s); {
		if s[i] == '\\' {
			j := i
			for j < len(s) && s[j] == '\\' {
				j++
			}
			if j+5 <= len(s) && (s[j] == 'u' || s[j] == 'U') && isHex(s[j+1:j+5]) {
				r, _ := strconv.ParseUint(s[j+1:j+5], 16, 32)
				var buf [utf8.UTFMax]byte
				for _, b := range buf[:utf8.EncodeRune(buf[:], rune(r))] {
					units = append(units, unit{int32(i), int32(j + 5), b})
				}
				i, ok = j+5, true
				continue
			}
		}
		if s[i] == '%' {
			j := i + 1
			for j+4 <= len(s) && s[j:j+2] == "25" && isHex(s[j+2:j+4]) {
				j += 2
			}
			if j+2 <= len(s) && isHex(s[j:j+2]) {
				b, _ := strconv.ParseUint(s[j:j+2], 16, 8)
				units = append(units, unit{int32(i), int32(j + 2), byte(b)})
				i, ok = j+2, true
				continue
			}
		}
		units = append(units, unit{int32(i), int32(i + 1), s[i]})
		i++
	}
	return units, ok
}

// unitText is the decoded text the units spell.
func unitText(units []unit) string {
	d := make([]byte, len(units))
	for i, u := range units {
		d[i] = u.b
	}
	return string(d)
}

// Decoded is s with its JSON \uXXXX and URL %XX escapes undone, at any
// level and mixed ([decodeUnits]): the text a secret search reads. ok is
// false, and s returned, when s holds no such escape.
func Decoded(s string) (string, bool) {
	units, ok := decodeUnits(s)
	if !ok || len(s) > 1<<31-1 {
		return s, false
	}
	return unitText(units), true
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// decodedSecrets replaces by [Placeholder] every secret in known, and
// every key or client secret by its shape, that s spells with escapes
// ([decodeUnits]) at any level of JSON or URL escaping, raw characters
// mixed in. The rest of s is kept as it is.
func decodedSecrets(s string, known []string) string {
	units, ok := decodeUnits(s)
	if !ok || len(s) > 1<<31-1 {
		return s
	}
	text := unitText(units)
	var spans [][2]int // unit ranges to replace
	for _, k := range known {
		for off := 0; ; {
			i := strings.Index(text[off:], k)
			if i < 0 {
				break
			}
			spans = append(spans, [2]int{off + i, off + i + len(k)})
			off += i + len(k)
		}
	}
	for _, m := range keyShape.FindAllStringSubmatchIndex(text, -1) {
		spans = append(spans, [2]int{m[3], m[1]}) // after the kept character
	}
	for _, m := range secretShape.FindAllStringIndex(text, -1) {
		spans = append(spans, [2]int{m[0], m[1]})
	}
	if len(spans) == 0 {
		return s
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var out strings.Builder
	last := 0 // in s
	for _, sp := range spans {
		start, end := int(units[sp[0]].start), int(units[sp[1]-1].end)
		if end <= last {
			continue
		}
		if start < last {
			start = last
		} else {
			out.WriteString(s[last:start])
			out.WriteString(Placeholder)
		}
		last = end
	}
	out.WriteString(s[last:])
	return out.String()
}
