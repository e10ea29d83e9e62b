package verify

import (
	"encoding/json"
	"iter"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// fieldLines sets the Line of each finding of st about a field of the
// response body of the interaction n (a go-vcr interaction's YAML node),
// as [bodyLines] finds it. Findings about the request and without a path
// keep the interaction's line.
func fieldLines(n *yaml.Node, st *report.Step) {
	var at []int // the findings of st to place
	var paths []string
	for i, f := range st.Findings {
		if bodyPath(f) {
			at, paths = append(at, i), append(paths, f.Path)
		}
	}
	for k, line := range bodyLines(n, paths) {
		if line > 0 {
			st.Findings[at[k]].Line = line
		}
	}
}

// bodyRef names a finding of a scenario's steps by its place:
// steps[step].Findings[finding]; path is where in its interaction's
// response body the finding is, when that may not be the finding's Path
// (an events lookup's: [lookupPath]).
type bodyRef struct {
	step, finding int
	path          string
}

// pathIn returns where in its interaction's response body the finding r
// names is.
func (r bodyRef) pathIn(steps []report.Step) string {
	if r.path != "" {
		return r.path
	}
	return steps[r.step].Findings[r.finding].Path
}

// cassetteLines sets the CassetteLine of each finding of steps that refs
// name, findings about a field of a recorded response body, in scenario
// mode: the line of the cassette at path, as [bodyLines] finds it in the
// finding's interaction, which starts on line(id) of the cassette. Only
// those interactions are read again, as YAML ([eachInteraction]), and
// only when there is such a finding. The replay has read the cassette
// already: if it cannot be read now, the findings keep no cassette line.
func cassetteLines(path string, line func(id int) int, steps []report.Step, refs []bodyRef) {
	byID := map[int][]bodyRef{}
	starts := map[int]int{}
	for _, r := range refs {
		id := steps[r.step].Findings[r.finding].Interaction
		if at := line(id); at > 0 {
			byID[id] = append(byID[id], r)
			starts[id] = at
		}
	}
	if len(byID) == 0 {
		return
	}
	// The line is a help, not a check: a cassette that cannot be read
	// again leaves the findings without one.
	_ = eachInteraction(path, starts, func(id int, n *yaml.Node) {
		rs := byID[id]
		paths := make([]string, len(rs))
		for k, r := range rs {
			paths[k] = r.pathIn(steps)
		}
		for k, at := range bodyLines(n, paths) {
			if at > 0 {
				steps[rs[k].step].Findings[rs[k].finding].CassetteLine = at
			}
		}
	})
}

// bodyLines returns, for each of paths (JSON paths in the response body
// of the interaction n, a go-vcr interaction's YAML node), the line of the
// cassette the field is written on, or, for a field the body has not got,
// the line of the nearest value on its path that it has (the object that
// lacks it); 0 where the body is not a string. go-vcr writes a body that
// spans lines as a block scalar ("body: |"), whose lines are the
// cassette's from the line after its "|"; a body in another style (one
// quoted line, or a quoted string folded over lines) gets the line it
// starts on.
func bodyLines(n *yaml.Node, paths []string) []int {
	if len(paths) == 0 {
		return nil
	}
	body := mappingValue(mappingValue(n, "response"), "body")
	if body == nil || body.Kind != yaml.ScalarNode {
		return make([]int, len(paths))
	}
	want := map[string]bool{}
	for _, p := range paths {
		for a := range ancestors(p) {
			want[a] = true
		}
	}
	at := jsonLines(body.Value, want)
	first, spans := body.Line, body.Style&yaml.LiteralStyle != 0
	if spans {
		first++ // the line after "|"
	}
	lines := make([]int, len(paths))
	for i, p := range paths {
		for a := range ancestors(p) {
			if k, ok := at[a]; ok {
				lines[i] = first
				if spans {
					lines[i] += k
				}
				break
			}
		}
	}
	return lines
}

// bodyPath reports whether f is about a field of a response body, which
// [bodyLines] can place: it has a path, neither its kind (request_…) nor
// its path ("request …", an upgrade_change's) names the request, and the
// path is not an expectation's "(status)" or "(event)", which name no
// field.
func bodyPath(f report.Finding) bool {
	return f.Path != "" && !strings.HasPrefix(f.Kind, "request_") && !strings.HasPrefix(f.Path, "request ") &&
		!strings.HasPrefix(f.Path, "(")
}

// ancestors yields p, then each path above it ("a.b[0]", "a.b", "a"),
// then "", the whole document.
func ancestors(p string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for p != "" {
			if !yield(p) {
				return
			}
			i := strings.LastIndexAny(p, ".[")
			if i <= 0 {
				break
			}
			p = p[:i]
		}
		yield("")
	}
}

// jsonLines returns, for each path of want that the JSON document doc
// holds, the number of line breaks in doc before it is written (its key,
// for a field; its first byte, for a list element or the document). Paths are written
// as [jsonpath.Key] and [jsonpath.At] write them, as the contracts'
// findings are. A document that does not parse is read as far as it does.
func jsonLines(doc string, want map[string]bool) map[string]int {
	type frame struct {
		path      string
		list      bool
		n         int    // the list element next
		key       string // the field whose value is next
		expectKey bool
	}
	var stack []frame
	dec := json.NewDecoder(strings.NewReader(doc))
	found := map[string]int{}
	line, at := 0, 0 // line breaks in doc[:at]
	mark := func(p string, off int64) {
		if _, done := found[p]; !want[p] || done {
			return
		}
		o := int(off)
		for o < len(doc) && strings.IndexByte(" \t\r\n,:", doc[o]) >= 0 {
			o++
		}
		line += strings.Count(doc[at:o], "\n")
		at = o
		found[p] = line
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
			return found
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
