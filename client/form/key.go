package form

import (
	"fmt"
	"strings"
)

// SplitKey splits a bracket key into its name and segments:
// "line_items[0][price]" gives ["line_items", "0", "price"] and "expand[]"
// gives ["expand", ""]. A key without brackets is one segment. A key with
// no name, an unclosed or stray bracket, or text between groups
// ("a[b]c") is an error wrapping [ErrSyntax]. It is the inverse of
// [JoinKey].
func SplitKey(key string) ([]string, error) {
	name, rest, nested := strings.Cut(key, "[")
	if name == "" {
		return nil, fmt.Errorf("%w: key %q has no name", ErrSyntax, key)
	}
	if !nested {
		if strings.Contains(key, "]") {
			return nil, fmt.Errorf("%w: key %q has an unmatched ']'", ErrSyntax, key)
		}
		return []string{name}, nil
	}
	parts := []string{name}
	for {
		seg, after, ok := strings.Cut(rest, "]")
		if !ok || strings.Contains(seg, "[") {
			return nil, fmt.Errorf("%w: key %q is not of the form name[a][b]", ErrSyntax, key)
		}
		parts = append(parts, seg)
		if after == "" {
			return parts, nil
		}
		if after[0] != '[' {
			return nil, fmt.Errorf("%w: key %q is not of the form name[a][b]", ErrSyntax, key)
		}
		rest = after[1:]
	}
}

// JoinKey joins a name and its segments into a bracket key:
// ["line_items", "0", "price"] gives "line_items[0][price]". It is the
// inverse of [SplitKey]; no segment is escaped.
func JoinKey(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i == 0 {
			b.WriteString(p)
			continue
		}
		b.WriteString("[" + p + "]")
	}
	return b.String()
}
