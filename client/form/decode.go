package form

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
)

// ErrSyntax is wrapped by every error [Decode] returns: a malformed key, a
// repeated key, or a key that is both a leaf and a parent
// ("a=1&a[b]=2").
var ErrSyntax = errors.New("form: invalid encoded form")

// Decode parses an encoded form (as url.ParseQuery does, so brackets may be
// escaped or not) into a tree of map[string]any, []any and string leaves.
// A bracket group whose keys are exactly "0" through "n-1" becomes an []any;
// any other group stays a map. Empty input gives an empty map.
func Decode(query string) (map[string]any, error) {
	vals, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSyntax, err)
	}
	root := map[string]any{}
	for _, key := range slices.Sorted(maps.Keys(vals)) {
		if len(vals[key]) != 1 {
			return nil, fmt.Errorf("%w: key %q appears %d times", ErrSyntax, key, len(vals[key]))
		}
		parts, err := splitKey(key)
		if err != nil {
			return nil, err
		}
		if err := insert(root, parts, vals[key][0], key); err != nil {
			return nil, err
		}
	}
	for k, v := range root {
		root[k] = listify(v)
	}
	return root, nil
}

// splitKey is [SplitKey] without empty segments, which a decoded tree
// has no place for.
func splitKey(key string) ([]string, error) {
	parts, err := SplitKey(key)
	if err == nil && slices.Contains(parts, "") {
		err = fmt.Errorf("%w: key %q is not of the form name[a][b]", ErrSyntax, key)
	}
	return parts, err
}

func insert(node map[string]any, parts []string, value, key string) error {
	for _, p := range parts[:len(parts)-1] {
		switch child := node[p].(type) {
		case nil:
			m := map[string]any{}
			node[p] = m
			node = m
		case map[string]any:
			node = child
		default:
			return fmt.Errorf("%w: key %q nests under a value that is already set", ErrSyntax, key)
		}
	}
	last := parts[len(parts)-1]
	if _, exists := node[last]; exists {
		return fmt.Errorf("%w: key %q is both a value and a parent", ErrSyntax, key)
	}
	node[last] = value
	return nil
}

// listify turns maps keyed "0".."n-1" into slices, bottom up.
func listify(n any) any {
	m, ok := n.(map[string]any)
	if !ok {
		return n
	}
	for k, v := range m {
		m[k] = listify(v)
	}
	if len(m) == 0 {
		return m
	}
	list := make([]any, len(m))
	for k, v := range m {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= len(m) || strconv.Itoa(i) != k {
			return m
		}
		list[i] = v
	}
	return list
}
