// Package jsonpath parses and writes the paths this module uses to name a
// place in a JSON document: "line_items.data[0].price" is the field price
// of the first element of the list line_items.data.
//
// [Parse] reads a path into [Elem]s; [Key], [QuotedKey], [Index], [At] and
// [Each] build one a step at a time, so that every package writes paths
// the same way. Each writer returns the bare step when base is empty.
package jsonpath

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Elem is one step of a path: a field name, or a list index when Field is
// empty.
type Elem struct {
	// Field is the field name, or "" for a list index.
	Field string
	// Index is the list index; it is used only when Field is "".
	Index int
}

// Parse parses "a.b[0][1].c" into its elements. A leading "." is allowed,
// so that the rest of a path after its first element parses too; the empty
// path has no elements. An empty field name ("a..b"), an unclosed bracket,
// an index that is not a non-negative number, or text right after a "]" is
// an error.
func Parse(s string) ([]Elem, error) {
	var out []Elem
	if s != "" && s[0] != '.' && s[0] != '[' {
		s = "." + s
	}
	for s != "" {
		switch s[0] {
		case '.':
			s = s[1:]
			n := strings.IndexAny(s, ".[")
			if n < 0 {
				n = len(s)
			}
			if n == 0 {
				return nil, fmt.Errorf("empty field name")
			}
			out = append(out, Elem{Field: s[:n]})
			s = s[n:]
		case '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return nil, fmt.Errorf("missing ]")
			}
			i, err := strconv.Atoi(s[1:end])
			if err != nil || i < 0 {
				return nil, fmt.Errorf("list index %q is not a number", s[1:end])
			}
			out = append(out, Elem{Index: i})
			s = s[end+1:]
		default:
			return nil, fmt.Errorf("want . or [ before %q", s)
		}
	}
	return out, nil
}

// Key is the path of field name under base: "a.b", or "b" at the root.
func Key(base, name string) string {
	if base == "" {
		return name
	}
	return base + "." + name
}

// plainName matches field names that [QuotedKey] writes unquoted.
var plainName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// QuotedKey is [Key], except that a name that is not an identifier is
// written quoted in brackets: `a["odd name"]`.
func QuotedKey(base, name string) string {
	if !plainName.MatchString(name) {
		return base + fmt.Sprintf("[%q]", name)
	}
	return Key(base, name)
}

// Index is the path of the list element i under base: "a[0]". i is the
// index in decimal as it was read (from a JSON Pointer or a form key), and
// is written as it is.
func Index(base, i string) string {
	return base + "[" + i + "]"
}

// At is [Index] for an int.
func At(base string, i int) string {
	return Index(base, strconv.Itoa(i))
}

// Each is the path that stands for every element of the list at base:
// "a[]".
func Each(base string) string {
	return base + "[]"
}

// Under reports whether path is strictly inside base: a field or list
// element of it, at any depth ("a.b" and "a[0]" are under "a"; "a" and
// "ab" are not).
func Under(path, base string) bool {
	return strings.HasPrefix(path, base+".") || strings.HasPrefix(path, base+"[")
}
