package cassette

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// request is the part of a request that matching looks at: method, path,
// query and form body, parsed so that key order does not matter while
// array positions (line_items[0] vs [1]) do. Headers are ignored, so
// Idempotency-Key, User-Agent and Authorization never affect a match.
type request struct {
	method, path string
	query, form  url.Values
}

func (r request) String() string {
	s := r.method + " " + r.path
	if len(r.query) > 0 {
		s += "?" + r.query.Encode()
	}
	return s
}

func parseRequest(method, rawURL, body string) (request, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return request{}, err
	}
	form, err := url.ParseQuery(body)
	if err != nil {
		return request{}, fmt.Errorf("form body: %w", err)
	}
	return request{method: method, path: u.EscapedPath(), query: u.Query(), form: form}, nil
}

// readBody reads r's body and puts it back for the transport.
func readBody(r *http.Request) (string, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return "", nil
	}
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	_, err := buf.ReadFrom(r.Body)
	r.Body.Close()
	if err != nil {
		return "", err
	}
	r.Body = io.NopCloser(bytes.NewReader(buf.Bytes()))
	return buf.String(), nil
}

func recordedRequest(i cassette.Request) (request, error) {
	return parseRequest(i.Method, i.URL, i.Body)
}

// differences lists, field by field, how recorded differs from sent, e.g.
// "form line_items[0][quantity]: recorded 2, sent 3".
func differences(recorded, sent request) []string {
	var out []string
	if recorded.method != sent.method {
		out = append(out, fmt.Sprintf("method: recorded %s, sent %s", recorded.method, sent.method))
	}
	if recorded.path != sent.path {
		out = append(out, fmt.Sprintf("path: recorded %s, sent %s", recorded.path, sent.path))
	}
	out = append(out, valueDiffs("query", recorded.query, sent.query)...)
	return append(out, valueDiffs("form", recorded.form, sent.form)...)
}

func valueDiffs(where string, recorded, sent url.Values) []string {
	keys := make([]string, 0, len(recorded)+len(sent))
	for k := range recorded {
		keys = append(keys, k)
	}
	for k := range sent {
		if _, ok := recorded[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		r, s := recorded[k], sent[k]
		switch {
		case r == nil:
			out = append(out, fmt.Sprintf("%s %s: not recorded, sent %s", where, k, strings.Join(s, ",")))
		case s == nil:
			out = append(out, fmt.Sprintf("%s %s: recorded %s, not sent", where, k, strings.Join(r, ",")))
		case !slices.Equal(r, s):
			out = append(out, fmt.Sprintf("%s %s: recorded %s, sent %s", where, k, strings.Join(r, ","), strings.Join(s, ",")))
		}
	}
	return out
}

// MissError says that a request has no recorded interaction, and which
// unreplayed interaction came closest.
type MissError struct {
	// Request is the request that was sent, e.g. "POST /v1/checkout/sessions".
	Request string
	// Closest is the closest unreplayed interaction's id, or -1 if none.
	Closest int
	// Differences says field by field how the closest one differs; nil
	// when Closest is -1.
	Differences []string
	// Err, if set, is why the request could not be read for matching.
	Err error
}

// Error says what was sent and, when there is one, which recorded
// interaction came closest and how it differs.
func (e *MissError) Error() string {
	msg := "no recorded interaction for " + e.Request
	switch {
	case e.Err != nil:
		return fmt.Sprintf("%s: the request cannot be matched: %v", msg, e.Err)
	case e.Closest < 0:
		return msg + " (every recorded interaction has already been replayed)"
	}
	return fmt.Sprintf("%s; closest is interaction %d: %s", msg, e.Closest, strings.Join(e.Differences, "; "))
}

// index serves the interactions of a cassette to live requests. Each
// recorded request is reduced once, when the cassette is loaded, to a key:
// method, path, canonical query and canonical form body (see [request.key]).
// A live request is reduced to its key once, and found with one map
// lookup, whatever the size of the cassette and the order of the requests.
// Identical requests replay in the order they were recorded: each key
// holds a queue. A miss, the rare case, scans the unreplayed interactions
// for the nearest one.
type index struct {
	mu       sync.Mutex
	all      []*cassette.Interaction
	queues   map[string][]int // key → positions in all not yet replayed, in order
	replayed []bool           // by position in all
	// masked are the parameters recorded as Placeholder (scrubbed by a
	// Redactor); a live request's values for them are masked the same way
	// before lookup, so that a scrubbed value matches whatever is sent.
	masked map[string]bool
}

// newIndex indexes is. An interaction whose request cannot be parsed
// never matches.
func newIndex(is []*cassette.Interaction) *index {
	x := &index{all: is, queues: make(map[string][]int, len(is)), replayed: make([]bool, len(is))}
	for n, i := range is {
		u, err := url.Parse(i.Request.URL)
		if err != nil {
			continue
		}
		k, err := requestKey(i.Request.Method, u.EscapedPath(), u.RawQuery, i.Request.Body)
		if err != nil {
			continue
		}
		x.queues[k] = append(x.queues[k], n)
		if strings.Contains(k, Placeholder) {
			x.noteMasked(i.Request)
		}
	}
	return x
}

// noteMasked remembers which parameters of r were recorded as Placeholder.
func (x *index) noteMasked(r cassette.Request) {
	req, err := recordedRequest(r)
	if err != nil {
		return
	}
	for _, vs := range []url.Values{req.query, req.form} {
		for k, v := range vs {
			if len(v) == 1 && v[0] == Placeholder {
				if x.masked == nil {
					x.masked = map[string]bool{}
				}
				x.masked[k] = true
			}
		}
	}
}

// liveKey is the key of a live request, with masked parameters masked.
func (x *index) liveKey(r *http.Request, body string) (string, error) {
	if len(x.masked) == 0 {
		return requestKey(r.Method, r.URL.EscapedPath(), r.URL.RawQuery, body)
	}
	live, err := parseRequest(r.Method, r.URL.String(), body)
	if err != nil {
		return "", err
	}
	return x.mask(live).key(), nil
}

// mask replaces the values of masked parameters in r by Placeholder.
func (x *index) mask(r request) request {
	for _, vs := range []url.Values{r.query, r.form} {
		for k := range vs {
			if x.masked[k] {
				vs[k] = []string{Placeholder}
			}
		}
	}
	return r
}

// requestKey is the canonical form of a request: method, path, then the
// query and the form body as their (name, value) pairs, unescaped, sorted
// by name and otherwise in the order sent, each length-prefixed. Two
// requests have the same key exactly when [differences] finds none
// between them. As in [parseRequest], a malformed query is read as far as
// it goes while a malformed body is an error.
func requestKey(method, path, rawQuery, body string) (string, error) {
	var b strings.Builder
	b.Grow(len(method) + len(path) + len(rawQuery) + len(body) + 64)
	b.WriteString(method)
	b.WriteByte(' ')
	b.WriteString(path)
	b.WriteByte(' ')
	writeCanonical(&b, rawQuery)
	b.WriteByte(' ')
	if err := writeCanonical(&b, body); err != nil {
		return "", fmt.Errorf("form body: %w", err)
	}
	return b.String(), nil
}

// pair is one name=value of a query or form.
type pair struct{ k, v string }

// writeCanonical writes the pairs of the x-www-form-urlencoded text s in
// canonical order. It reads s as url.ParseQuery does, pair by pair:
// a pair with a semicolon or a bad escape is skipped, and the first such
// problem is the error.
func writeCanonical(b *strings.Builder, s string) error {
	var err error
	pairs := make([]pair, 0, strings.Count(s, "&")+1)
	for part := range strings.SplitSeq(s, "&") {
		if strings.Contains(part, ";") {
			err = cmp.Or(err, errors.New("invalid semicolon separator in query"))
			continue
		}
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, err1 := unescape(k)
		if err1 != nil {
			err = cmp.Or(err, err1)
			continue
		}
		v, err1 = unescape(v)
		if err1 != nil {
			err = cmp.Or(err, err1)
			continue
		}
		pairs = append(pairs, pair{k, v})
	}
	// Stable: a name's values keep their order, as in url.Values.
	slices.SortStableFunc(pairs, func(a, b pair) int { return strings.Compare(a.k, b.k) })
	for _, p := range pairs {
		writePair(b, p.k, p.v)
	}
	return err
}

// unescape is url.QueryUnescape, without its cost for text that has
// nothing to unescape.
func unescape(s string) (string, error) {
	if !strings.ContainsAny(s, "%+") {
		return s, nil
	}
	return url.QueryUnescape(s)
}

// writeValues writes vs in the canonical order of [writeCanonical].
func writeValues(b *strings.Builder, vs url.Values) {
	keys := make([]string, 0, len(vs))
	for k := range vs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range vs[k] {
			writePair(b, k, v)
		}
	}
}

// writePair writes len(k):k len(v):v, which no other pair list shares.
func writePair(b *strings.Builder, k, v string) {
	var num [20]byte
	b.Write(strconv.AppendInt(num[:0], int64(len(k)), 10))
	b.WriteByte(':')
	b.WriteString(k)
	b.Write(strconv.AppendInt(num[:0], int64(len(v)), 10))
	b.WriteByte(':')
	b.WriteString(v)
}

// key is the key [requestKey] gives the request r was parsed from.
func (r request) key() string {
	var b strings.Builder
	b.WriteString(r.method + " " + r.path + " ")
	writeValues(&b, r.query)
	b.WriteByte(' ')
	writeValues(&b, r.form)
	return b.String()
}

// take returns the first unreplayed interaction recorded for r and marks
// it replayed, or a [*MissError] naming the nearest unreplayed one.
func (x *index) take(r *http.Request) (*cassette.Interaction, error) {
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	k, err := x.liveKey(r, body)
	if err != nil {
		return nil, &MissError{Request: r.Method + " " + r.URL.EscapedPath(), Closest: -1, Err: err}
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	q := x.queues[k]
	if len(q) == 0 {
		live, err := parseRequest(r.Method, r.URL.String(), body)
		if err != nil {
			return nil, &MissError{Request: r.Method + " " + r.URL.EscapedPath(), Closest: -1, Err: err}
		}
		return nil, x.miss(x.mask(live))
	}
	n := q[0]
	if len(q) == 1 {
		delete(x.queues, k)
	} else {
		x.queues[k] = q[1:]
	}
	x.replayed[n] = true
	return x.all[n], nil
}

// miss explains why live matched nothing: the unreplayed interaction
// with the fewest differences (a different method or path counts more
// than any number of parameters; the first recorded wins a tie) and how
// it differs, field by field.
func (x *index) miss(live request) *MissError {
	e := &MissError{Request: live.String(), Closest: -1}
	bestCost := 1 << 30
	for n, i := range x.all {
		if x.replayed[n] {
			continue
		}
		rec, err := recordedRequest(i.Request)
		if err != nil {
			continue
		}
		diffs := differences(rec, live)
		cost := len(diffs)
		if rec.method != live.method || rec.path != live.path {
			cost += 1000
		}
		if cost < bestCost {
			e.Closest, e.Differences, bestCost = i.ID, diffs, cost
		}
	}
	return e
}

// unreplayed returns the interactions never taken, in recorded order.
func (x *index) unreplayed() []*cassette.Interaction {
	x.mu.Lock()
	defer x.mu.Unlock()
	var out []*cassette.Interaction
	for n, i := range x.all {
		if !x.replayed[n] {
			out = append(out, i)
		}
	}
	return out
}
