package verify

import (
	"encoding/json"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// fieldLines sets the Line of each finding of st about a field of the
// response body of the interaction n (a go-vcr interaction's YAML node):
// the line of the cassette the field is written on, or, for a field the
// body has not got, the line of the nearest value on its path that it has
// (the object that lacks it). go-vcr writes a body that spans lines as a
// block scalar ("body: |"), whose lines are the cassette's from the line
// after its "|"; a body in another style (one quoted line, or a quoted
// string folded over lines) gets the line it starts on. Findings about the
// request and without a path keep the interaction's line.
func fieldLines(n *yaml.Node, st *report.Step) {
	var want map[string]int
	for _, f := range st.Findings {
		if !aboutBody(f) {
			continue
		}
		if want == nil {
			want = make(map[string]int)
		}
		for p := f.Path; p != ""; p = parentPath(p) {
			want[p] = -1
		}
		want[""] = -1 // the body itself: the object that lacks a top-level field
	}
	if want == nil {
		return
	}
	body := mappingValue(mappingValue(n, "response"), "body")
	if body == nil || body.Kind != yaml.ScalarNode {
		return
	}
	jsonLines(body.Value, want)
	first, spans := body.Line, body.Style&yaml.LiteralStyle != 0
	if spans {
		first++ // the line after "|"
	}
	for i := range st.Findings {
		f := &st.Findings[i]
		if !aboutBody(*f) {
			continue
		}
		for p := f.Path; ; p = parentPath(p) {
			if k := want[p]; k >= 0 {
				f.Line = first
				if spans {
					f.Line += k
				}
				break
			}
			if p == "" {
				break
			}
		}
	}
}

// aboutBody reports whether f is about a field of the response body: it
// has a path, and neither its kind (request_…) nor its path ("request …",
// an upgrade_change's) names the request.
func aboutBody(f report.Finding) bool {
	return f.Path != "" && !strings.HasPrefix(f.Kind, "request_") && !strings.HasPrefix(f.Path, "request ")
}

// parentPath is the path one step above p ("a.b[0]" → "a.b" → "a"), or
// "" for a path of one step.
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i <= 0 {
		return ""
	}
	return p[:i]
}

// jsonLines sets want[p], for each path p of want that the JSON document
// doc holds, to the number of line breaks in doc before p is written (its
// key, for a field; its first byte, for a list element). Paths are written
// as [jsonpath.Key] and [jsonpath.At] write them, as the contracts'
// findings are. A document that does not parse is read as far as it does.
func jsonLines(doc string, want map[string]int) {
	type frame struct {
		path      string
		list      bool
		n         int    // the list element next
		key       string // the field whose value is next
		expectKey bool
	}
	var stack []frame
	dec := json.NewDecoder(strings.NewReader(doc))
	line, at := 0, 0 // line breaks in doc[:at]
	mark := func(p string, off int64) {
		if k, ok := want[p]; !ok || k >= 0 {
			return
		}
		o := int(off)
		for o < len(doc) && strings.IndexByte(" \t\r\n,:", doc[o]) >= 0 {
			o++
		}
		line += strings.Count(doc[at:o], "\n")
		at = o
		want[p] = line
	}
	done := func() { // a value ended: the next token is a key, or an element
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.list {
				top.n++
			} else {
				top.expectKey = true
			}
		}
	}
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			done()
			continue
		}
		here := ""
		if len(stack) == 0 {
			mark(here, off)
		} else {
			top := &stack[len(stack)-1]
			switch {
			case top.list:
				here = jsonpath.At(top.path, top.n)
				mark(here, off)
			case top.expectKey:
				top.key, _ = tok.(string)
				top.expectKey = false
				mark(jsonpath.Key(top.path, top.key), off)
				continue
			default:
				here = jsonpath.Key(top.path, top.key)
			}
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{path: here, list: d == '[', expectKey: d == '{'})
			continue
		}
		done()
	}
}
