package cassette

import (
	"fmt"
	"net/http"
	"net/url"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/yaml.v3"
)

// yaml.v3 decodes a mapping into a Go map comparing every key with every
// other, to refuse duplicates: quadratic in the number of keys (a
// response with 200,000 headers took minutes). The maps of a cassette
// (each request's and response's headers, form and trailer) are read
// here instead, in linear time, with yaml.v3's own words for a duplicate
// key; yaml.v3 decodes the rest, whose mappings are structs (linear).

// takenMap is one map field taken out of the node tree before yaml.v3
// decodes it: the interaction, which field, and the node whose content
// was taken.
type takenMap struct {
	interaction int
	response    bool
	key         string
	node        *yaml.Node
	content     []*yaml.Node
}

type takenMaps []takenMap

// mapFields are the map fields of a request and of a response.
var mapFields = map[bool][]string{false: {"headers", "form", "trailer"}, true: {"headers", "trailer"}}

// takeMaps empties every map field of root's interactions, after checking
// its keys for duplicates in linear time; [takenMaps.restore] puts them
// back. A field that is not a mapping of plain keys (an alias, a merge
// key) is left to yaml.v3.
func takeMaps(path string, root *yaml.Node) (takenMaps, error) {
	is := child(root, "interactions")
	if is == nil || is.Kind != yaml.SequenceNode {
		return nil, nil
	}
	var out takenMaps
	for k, n := range is.Content {
		for _, response := range []bool{false, true} {
			side := child(n, map[bool]string{false: "request", true: "response"}[response])
			if side == nil {
				continue
			}
			for _, key := range mapFields[response] {
				m := child(side, key)
				if m == nil || m.Kind != yaml.MappingNode || !plainKeys(m) {
					continue
				}
				if err := uniqueKeys(m); err != nil {
					out.restore()
					return nil, err
				}
				out = append(out, takenMap{interaction: k, response: response, key: key, node: m, content: m.Content})
				m.Content = nil
			}
		}
	}
	return out, nil
}

// plainKeys reports whether every key of mapping m is a scalar that
// yaml.v3 would decode as its text (no merge key, no alias, no null).
func plainKeys(m *yaml.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" || k.ShortTag() == "!!null" || k.Value == "<<" {
			return false
		}
	}
	return true
}

// uniqueKeys refuses a key that appears twice in m, as yaml.v3 does, in
// its words, in one pass.
func uniqueKeys(m *yaml.Node) error {
	seen := make(map[string]int, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if line, dup := seen[k.Value]; dup {
			return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: mapping key %#v already defined at line %d", k.Line, k.Value, line)}}
		}
		seen[k.Value] = k.Line
	}
	return nil
}

// restore puts the taken content back into the node tree.
func (ts takenMaps) restore() {
	for _, t := range ts {
		t.node.Content = t.content
	}
}

// fill decodes the taken maps into c, each value with yaml.v3.
func (ts takenMaps) fill(c *cassette.Cassette) error {
	for _, t := range ts {
		if t.interaction >= len(c.Interactions) || c.Interactions[t.interaction] == nil {
			continue
		}
		m := make(map[string][]string, len(t.content)/2)
		for i := 0; i+1 < len(t.content); i += 2 {
			var vs []string
			if err := t.content[i+1].Decode(&vs); err != nil {
				return err
			}
			m[t.content[i].Value] = vs
		}
		in := c.Interactions[t.interaction]
		switch {
		case !t.response && t.key == "headers":
			in.Request.Headers = http.Header(m)
		case !t.response && t.key == "form":
			in.Request.Form = url.Values(m)
		case !t.response && t.key == "trailer":
			in.Request.Trailer = http.Header(m)
		case t.key == "headers":
			in.Response.Headers = http.Header(m)
		default:
			in.Response.Trailer = http.Header(m)
		}
	}
	return nil
}

// DecodeMap decodes the mapping m of string lists (headers, a form) as
// yaml.v3 would, refusing a duplicate key in its words, in time linear in
// its keys; ok is false for a mapping [DecodeMap] leaves to yaml.v3 (not
// a mapping, an alias or merge key, a null key).
func DecodeMap(m *yaml.Node) (out map[string][]string, ok bool, err error) {
	if m == nil || m.Kind != yaml.MappingNode || !plainKeys(m) {
		return nil, false, nil
	}
	if err := uniqueKeys(m); err != nil {
		return nil, true, err
	}
	out = make(map[string][]string, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		var vs []string
		if err := m.Content[i+1].Decode(&vs); err != nil {
			return nil, true, err
		}
		out[m.Content[i].Value] = vs
	}
	return out, true, nil
}
