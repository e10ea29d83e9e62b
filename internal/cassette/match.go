package cassette

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

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

// liveRequest reads r's body and puts it back for the transport.
func liveRequest(r *http.Request) (request, error) {
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			return request{}, err
		}
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	return parseRequest(r.Method, r.URL.String(), string(body))
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
	// Differences says field by field how the closest one differs.
	Differences []string
}

func (e *MissError) Error() string {
	msg := "no recorded interaction for " + e.Request
	if e.Closest < 0 {
		return msg + " (every recorded interaction has already been replayed)"
	}
	return fmt.Sprintf("%s; closest is interaction %d: %s", msg, e.Closest, strings.Join(e.Differences, "; "))
}

// matcher matches requests against interactions in cassette order and
// remembers the nearest miss of the current search.
type matcher struct {
	live     *http.Request
	liveReq  request
	liveErr  error
	best     *MissError
	bestCost int
	bestSeen int          // position of best among the unreplayed
	seen     int          // unreplayed interactions offered so far
	replayed map[int]bool // interaction ids already replayed
}

// match is a go-vcr [cassette.MatcherFunc]. go-vcr offers it each
// interaction not yet replayed, in recorded order, and takes the first
// match, so identical requests replay in the order they were recorded.
func (m *matcher) match(r *http.Request, i cassette.Request) bool {
	if r != m.live {
		m.live = r
		m.liveReq, m.liveErr = liveRequest(r)
		m.best, m.bestCost, m.seen = nil, 1<<30, 0
	}
	if m.liveErr != nil {
		return false
	}
	rec, err := recordedRequest(i)
	pos := m.seen
	m.seen++
	if err != nil {
		return false
	}
	diffs := differences(rec, m.liveReq)
	if len(diffs) == 0 {
		return true
	}
	cost := len(diffs)
	if rec.method != m.liveReq.method || rec.path != m.liveReq.path {
		cost += 1000
	}
	if cost < m.bestCost {
		m.best, m.bestCost, m.bestSeen = &MissError{Request: m.liveReq.String(), Differences: diffs}, cost, pos
	}
	return false
}

// miss returns the error for the request the last search failed on.
func (m *matcher) miss(r *http.Request) *MissError {
	if m.live == r && m.best != nil {
		m.best.Closest = m.nthUnreplayed(m.bestSeen)
		return m.best
	}
	desc := r.Method + " " + r.URL.EscapedPath()
	if m.live == r {
		desc = m.liveReq.String()
	}
	return &MissError{Request: desc, Closest: -1}
}

// nthUnreplayed turns a position among the unreplayed interactions (the
// only ones go-vcr offers the matcher) into an interaction id.
func (m *matcher) nthUnreplayed(n int) int {
	for id := 0; ; id++ {
		if !m.replayed[id] {
			if n == 0 {
				return id
			}
			n--
		}
	}
}
