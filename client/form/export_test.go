package form

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// EncodeByJoin is [Encode] as first written: each key built by join and
// escaped whole, query-escaped and its brackets put back. The fuzz
// target holds Encode to it.
func EncodeByJoin(v any) (string, error) {
	tree, err := Tree(v)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := writeByJoin(&b, "", tree); err != nil {
		return "", err
	}
	return b.String(), nil
}

func writeByJoin(b *strings.Builder, key string, node any) error {
	switch n := node.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(n)) {
			if err := writeByJoin(b, join(key, k), n[k]); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range n {
			if err := writeByJoin(b, join(key, strconv.Itoa(i)), e); err != nil {
				return err
			}
		}
	case string:
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(bracketUnescaper.Replace(url.QueryEscape(key)))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(n))
	default:
		return fmt.Errorf("form: %s: unexpected node %T", display(key), node)
	}
	return nil
}

var bracketUnescaper = strings.NewReplacer("%5B", "[", "%5D", "]")

// WriteTree writes a tree as [Encode] does, for trees Tree never makes
// (keys with brackets, nodes of other types).
func WriteTree(tree map[string]any) (string, error) {
	var w writer
	err := w.write(tree)
	return w.b.String(), err
}

// WriteTreeByJoin is [WriteTree] as first written.
func WriteTreeByJoin(tree map[string]any) (string, error) {
	var b strings.Builder
	err := writeByJoin(&b, "", tree)
	return b.String(), err
}
