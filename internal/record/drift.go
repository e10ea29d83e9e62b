package record

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/drift"
	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
)

// Drift is one semantic difference between a committed recording and a
// new one of the same scenario.
type Drift struct {
	// Scenario is the scenario's name.
	Scenario string
	// Interaction is the position in both cassettes, or -1 when the
	// change concerns the cassette as a whole.
	Interaction int
	// Request is e.g. "POST /v1/checkout/sessions"; "" when Interaction
	// is -1.
	Request string
	// Path is the JSON path, with [] for every list position; "" for a
	// change that is not about one field.
	Path string
	// Change says what changed, e.g. `removed`, `type string → integer`.
	Change string
	// Breaking is true for changes that can break code written against the
	// old responses: a field removed, a type changed, null where there was
	// always a value, another status code.
	Breaking bool
}

// String describes d in one line: "BREAKING" or "change", the scenario
// and interaction, the path and the change.
func (d Drift) String() string {
	label := "change  "
	if d.Breaking {
		label = "BREAKING"
	}
	where := d.Scenario
	if d.Interaction >= 0 {
		where += fmt.Sprintf(" interaction %d (%s)", d.Interaction, d.Request)
	}
	if d.Path != "" {
		return fmt.Sprintf("%s %s: %s %s", label, where, d.Path, d.Change)
	}
	return fmt.Sprintf("%s %s: %s", label, where, d.Change)
}

// diffDirs compares the cassette of each scenario in newDir with the one
// in oldDir.
func diffDirs(sum *Summary, newDir, oldDir string) []Drift {
	var out []Drift
	for _, o := range sum.Outcomes {
		if !o.Written {
			continue
		}
		out = append(out, diffCassettes(o.Name, filepath.Join(newDir, o.Name), filepath.Join(oldDir, o.Name))...)
	}
	return out
}

func diffCassettes(name, newName, oldName string) []Drift {
	newC, err := loadCassette(newName)
	if err != nil {
		return []Drift{{Scenario: name, Interaction: -1, Change: "cannot read the new recording: " + err.Error(), Breaking: true}}
	}
	oldC, err := loadCassette(oldName)
	if errors.Is(err, fs.ErrNotExist) {
		return []Drift{{Scenario: name, Interaction: -1, Change: "new scenario: no committed cassette"}}
	}
	if err != nil {
		return []Drift{{Scenario: name, Interaction: -1, Change: "the committed cassette is unreadable: " + err.Error(), Breaking: true}}
	}
	return diffLoaded(name, newC, oldC)
}

// diffLoaded compares two loaded cassettes of scenario name, interaction
// by interaction.
func diffLoaded(name string, newC, oldC *vcr.Cassette) []Drift {
	var out []Drift
	if len(newC.Interactions) != len(oldC.Interactions) {
		out = append(out, Drift{Scenario: name, Interaction: -1, Breaking: true,
			Change: fmt.Sprintf("%d interactions, committed cassette has %d", len(newC.Interactions), len(oldC.Interactions))})
	}
	for i := range min(len(newC.Interactions), len(oldC.Interactions)) {
		out = append(out, diffInteraction(name, i, oldC.Interactions[i], newC.Interactions[i])...)
	}
	return out
}

func diffInteraction(name string, i int, a, b *vcr.Interaction) []Drift {
	req := cassette.RequestLine(b.Request)
	d := func(path, change string, breaking bool) Drift {
		return Drift{Scenario: name, Interaction: i, Request: req, Path: path, Change: change, Breaking: breaking}
	}
	var out []Drift
	for _, c := range requestChanges(a, b) { // what the scenario now sends
		out = append(out, d("", c, false))
	}
	if a.Response.Code != b.Response.Code {
		out = append(out, d("", fmt.Sprintf("status %d → %d", a.Response.Code, b.Response.Code), true))
	}
	oldShape, newShape := drift.ShapeOf(a.Response.Body), drift.ShapeOf(b.Response.Body)
	shaped := len(out)
	var gone []string // added or removed paths: their children are not listed
	for _, p := range slices.Sorted(maps.Keys(union(oldShape, newShape))) {
		if slices.ContainsFunc(gone, func(g string) bool { return jsonpath.Under(p, g) }) {
			continue
		}
		o, n := oldShape[p], newShape[p]
		switch {
		case o == nil:
			out, gone = append(out, d(p, "added ("+n.Types()+")", false)), append(gone, p)
		case n == nil:
			out, gone = append(out, d(p, "removed (was "+o.Types()+")", true)), append(gone, p)
		default:
			for _, c := range o.Compare(n) {
				out = append(out, d(p, c.What, c.Breaking))
			}
		}
	}
	return append(out, valueChanges(a, b, out[shaped:], d)...)
}

// valueChanges lists, as "value changed", the response values a dry run
// names as changed ([drift.Diff]) whose shape did not change, so that
// -diff never says "no drift" where -dry-run says "would change".
func valueChanges(a, b *vcr.Interaction, shapes []Drift, d func(path, change string, breaking bool) Drift) []Drift {
	paths, opaque := responseDiff(a, b)
	if opaque {
		return []Drift{d("", "response body changed", false)}
	}
	var out []Drift
	for _, p := range paths {
		if !slices.ContainsFunc(shapes, func(s Drift) bool { return s.Path == p || jsonpath.Under(p, s.Path) }) {
			out = append(out, d(p, "value changed", false))
		}
	}
	return out
}

// union is the set of keys in a or b.
func union[V any](a, b map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// changeKey is one change as -dry-run and -diff both count and name it:
// a path and what happened to it, however many interactions show it.
type changeKey struct {
	path, change string
	breaking     bool
}

// subject names the change: "response mode value changed".
func (k changeKey) subject() string {
	return redact.Line(strings.TrimSpace(k.path + " " + k.change)) // field names come from a server
}

// distinctChanges groups drifts into the changes -dry-run and -diff
// count, breaking ones first, each with the places it was seen
// ("scenario\x00interaction", for [seenIn]).
func distinctChanges(drifts []Drift) ([]changeKey, map[changeKey][]string) {
	var order []changeKey
	where := map[changeKey][]string{}
	for _, d := range drifts {
		k := changeKey{d.Path, d.Change, d.Breaking}
		if where[k] == nil {
			order = append(order, k)
		}
		where[k] = append(where[k], fmt.Sprintf("%s\x00%d", d.Scenario, d.Interaction))
	}
	slices.SortStableFunc(order, func(a, b changeKey) int { return cmpBool(b.breaking, a.breaking) })
	return order, where
}

// printDrift prints each change once, with where it was seen: the same
// change in several interactions is one line.
func printDrift(w io.Writer, drifts []Drift) {
	if len(drifts) == 0 {
		fmt.Fprintln(w, "no drift: the new recordings have the same shape as the committed cassettes")
		return
	}
	order, where := distinctChanges(drifts)
	fmt.Fprintln(w, "drift between the committed cassettes and a new recording (ids, timestamps and URLs ignored):")
	breaking := 0
	for _, k := range order {
		label := "change  "
		if k.breaking {
			label, breaking = "BREAKING", breaking+1
		}
		fmt.Fprintf(w, "  %s %s — %s\n", label, k.subject(), seenIn(where[k]))
	}
	fmt.Fprintf(w, "%s, %d breaking\n", plural(len(order), "change"), breaking)
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// seenIn says where a change was seen: "3 interactions in 2 scenarios:
// lifecycle #0 #2 #3, setup #0".
func seenIn(places []string) string {
	var names []string
	ids := map[string][]string{}
	for _, p := range places {
		name, id, _ := strings.Cut(p, "\x00")
		if ids[name] == nil {
			names = append(names, name)
		}
		if id != "-1" {
			ids[name] = append(ids[name], "#"+id)
		} else {
			ids[name] = append(ids[name], "")
		}
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = strings.TrimSpace(n + " " + strings.Join(ids[n], " "))
	}
	return fmt.Sprintf("%s in %s: %s", plural(len(places), "interaction"), plural(len(names), "scenario"), strings.Join(parts, ", "))
}
