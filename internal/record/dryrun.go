package record

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// printChanges compares each cassette a dry run recorded in tmp with the
// one in dir and prints, per scenario, whether it is new, unchanged, or
// which interactions differ (method, URL, request body, status or
// response body; headers and timings are ignored).
func printChanges(w io.Writer, sum *Summary, tmp, dir string) {
	for _, o := range sum.Outcomes {
		if o.Err != nil {
			continue
		}
		fmt.Fprintf(w, "  %-24s %s\n", o.Name, change(filepath.Join(tmp, o.Name), filepath.Join(dir, o.Name)))
	}
}

func change(newName, oldName string) string {
	newC, err := cassette.Load(newName)
	if err != nil {
		return "cannot read the new recording: " + err.Error()
	}
	oldC, err := cassette.Load(oldName)
	if errors.Is(err, fs.ErrNotExist) {
		return "would be created"
	}
	if err != nil {
		return "would replace an unreadable cassette"
	}
	var diffs []string
	for i := range max(len(newC.Interactions), len(oldC.Interactions)) {
		if i >= len(newC.Interactions) || i >= len(oldC.Interactions) {
			diffs = append(diffs, fmt.Sprintf("interaction %d added or removed", i))
			continue
		}
		if d := interactionDiff(oldC.Interactions[i], newC.Interactions[i]); d != "" {
			diffs = append(diffs, fmt.Sprintf("interaction %d: %s", i, d))
		}
	}
	if len(diffs) == 0 {
		return "would not change"
	}
	return "would change: " + strings.Join(diffs, "; ")
}

func interactionDiff(a, b *cassette.Interaction) string {
	var parts []string
	if a.Request.Method != b.Request.Method || a.Request.URL != b.Request.URL || a.Request.Body != b.Request.Body {
		parts = append(parts, "request")
	}
	if a.Response.Code != b.Response.Code {
		parts = append(parts, fmt.Sprintf("status %d → %d", a.Response.Code, b.Response.Code))
	}
	if a.Response.Body != b.Response.Body {
		parts = append(parts, "response body")
	}
	return strings.Join(parts, ", ")
}
