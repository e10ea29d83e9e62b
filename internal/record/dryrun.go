package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/drift"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
)

// maxListed is how many changes a dry run names per scenario.
const maxListed = 5

// printChanges compares each cassette a dry run recorded in tmp with the
// one in dir and prints, per scenario, whether it would be created, stay
// the same, change only in what changes on every run (ids, timestamps:
// see [drift.Volatile] and [drift.Stable]), or change for real, counting
// and naming the changes as -diff does (see [change]).
func printChanges(w io.Writer, sum *Summary, tmp, dir string) {
	for _, o := range sum.Outcomes {
		if !o.Written {
			continue
		}
		fmt.Fprintf(w, "  %-24s %s\n", o.Name, redact.Line(change(o.Name, filepath.Join(tmp, o.Name), filepath.Join(dir, o.Name))))
	}
}

// change says what recording newName over oldName would do. The changes
// it counts and names are -diff's ([diffLoaded], [distinctChanges]),
// so that both say the same number of the same changes.
func change(name, newName, oldName string) string {
	newC, err := loadCassette(newName)
	if err != nil {
		return "cannot read the new recording: " + err.Error()
	}
	oldC, err := loadCassette(oldName)
	if errors.Is(err, fs.ErrNotExist) {
		return "would be created"
	}
	if err != nil {
		return "would replace an unreadable cassette: " + err.Error()
	}
	same := len(newC.Interactions) == len(oldC.Interactions)
	for i := range min(len(newC.Interactions), len(oldC.Interactions)) {
		same = same && identical(oldC.Interactions[i], newC.Interactions[i])
	}
	order, where := distinctChanges(diffLoaded(name, newC, oldC))
	switch {
	case same:
		return "would not change"
	case len(order) == 0:
		return "would change only ids and timestamps"
	}
	listed := make([]string, 0, maxListed)
	for _, k := range order[:min(len(order), maxListed)] {
		listed = append(listed, k.subject()+" ("+interactions(where[k])+")")
	}
	more := ""
	if len(order) > maxListed {
		more = "; …"
	}
	return fmt.Sprintf("would change: %s (see -diff): %s%s", plural(len(order), "change"), strings.Join(listed, "; "), more)
}

// interactions lists the interactions of one scenario's places
// ([distinctChanges]): "#0 #2", or "whole cassette".
func interactions(places []string) string {
	var ids []string
	for _, p := range places {
		if _, id, _ := strings.Cut(p, "\x00"); id != "-1" {
			ids = append(ids, "#"+id)
		}
	}
	if len(ids) == 0 {
		return "whole cassette"
	}
	return strings.Join(ids, " ")
}

// onlyVolatile reports whether the cassette file recorded differs from
// the one existing only in what changes on every run (ids, timestamps,
// URLs holding ids: see [drift.Stable] and [drift.Diff]) and in the
// headers that carry them (Date, Request-Id, a per-run Idempotency-Key,
// stripe-go's X-Stripe-Client-Telemetry with the last request's timing):
// the same interactions, the same requests, the same statuses, the same
// server stamp. record then keeps the existing file.
func onlyVolatile(recorded, existing string) bool {
	newC, err := cassette.Read(recorded)
	if err != nil {
		return false
	}
	oldC, err := cassette.Read(existing)
	if err != nil || len(newC.Interactions) != len(oldC.Interactions) {
		return false
	}
	for i, b := range newC.Interactions {
		a := oldC.Interactions[i]
		if len(interactionDiff(a, b)) > 0 || !sameHeaders(a.Request.Headers, b.Request.Headers, "Idempotency-Key", "X-Stripe-Client-Telemetry") ||
			a.Response.Headers.Get(cassette.ServerHeader) != b.Response.Headers.Get(cassette.ServerHeader) {
			return false
		}
	}
	return true
}

// sameBytes reports whether two files hold the same bytes.
func sameBytes(a, b string) bool {
	x, err := os.ReadFile(a)
	if err != nil {
		return false
	}
	y, err := os.ReadFile(b)
	return err == nil && bytes.Equal(x, y)
}

// sameHeaders compares two header sets, leaving out the names in skip.
func sameHeaders(a, b http.Header, skip ...string) bool {
	a, b = a.Clone(), b.Clone()
	for _, k := range skip {
		a.Del(k)
		b.Del(k)
	}
	return reflect.DeepEqual(a, b)
}

// identical reports whether two interactions are the same byte for byte,
// headers and timings aside.
func identical(a, b *vcr.Interaction) bool {
	return a.Request.Method == b.Request.Method && a.Request.URL == b.Request.URL && a.Request.Body == b.Request.Body &&
		a.Response.Code == b.Response.Code && a.Response.Body == b.Response.Body
}

// interactionDiff lists what differs between two interactions once what
// changes on every run is set aside: "request URL", "status 200 → 400",
// "response amount_total".
func interactionDiff(a, b *vcr.Interaction) []string {
	out := requestChanges(a, b)
	if a.Response.Code != b.Response.Code {
		out = append(out, fmt.Sprintf("status %d → %d", a.Response.Code, b.Response.Code))
	}
	paths, opaque := responseDiff(a, b)
	if opaque {
		return append(out, "response body")
	}
	for _, p := range paths {
		out = append(out, "response "+p)
	}
	return out
}

// responseDiff lists the paths of the response values that differ
// between a and b ([drift.Diff]); opaque is true instead when a body is
// not JSON and the two differ beyond what changes on every run.
func responseDiff(a, b *vcr.Interaction) (paths []string, opaque bool) {
	var oldBody, newBody any
	if json.Unmarshal([]byte(a.Response.Body), &oldBody) != nil || json.Unmarshal([]byte(b.Response.Body), &newBody) != nil {
		return nil, drift.Stable(a.Response.Body) != drift.Stable(b.Response.Body)
	}
	return drift.Diff(oldBody, newBody), false
}

// requestChanges lists how b's request differs from a's once what
// changes on every run is set aside: "request POST /v1/…" for another
// method or URL, and per form parameter "request form
// line_items[0][quantity]: 2 → 5", "request form x added", "request form
// x removed" (or "request body" for a body that is not a form). A dry run
// and -diff both report them, in these words.
func requestChanges(a, b *vcr.Interaction) []string {
	var out []string
	if a.Request.Method != b.Request.Method || drift.Stable(a.Request.URL) != drift.Stable(b.Request.URL) {
		out = append(out, "request "+drift.Stable(cassette.RequestLine(b.Request)))
	}
	oldBody, newBody := drift.Stable(a.Request.Body), drift.Stable(b.Request.Body)
	if oldBody == newBody {
		return out
	}
	oldForm, err1 := url.ParseQuery(oldBody)
	newForm, err2 := url.ParseQuery(newBody)
	if err1 != nil || err2 != nil {
		return append(out, "request body")
	}
	for _, k := range slices.Sorted(maps.Keys(union(oldForm, newForm))) {
		o, n := strings.Join(oldForm[k], ","), strings.Join(newForm[k], ",")
		switch {
		case !oldForm.Has(k):
			out = append(out, "request form "+k+" added")
		case !newForm.Has(k):
			out = append(out, "request form "+k+" removed")
		case o != n:
			out = append(out, fmt.Sprintf("request form %s: %s → %s", k, o, n))
		}
	}
	return out
}
