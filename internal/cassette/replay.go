package cassette

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// Unused is a recorded interaction that was never replayed.
type Unused struct {
	// ID is the interaction's id, its position in the cassette.
	ID int
	// Request is e.g. "POST /v1/checkout/sessions/cs_123/expire"; see
	// [RequestLine].
	Request string
}

// Replayer replays one cassette offline.
type Replayer struct {
	idx   *index
	path  string // the cassette file
	lines []int  // the line each interaction starts on, by id
	data  []byte // the file as read: the decoded strings share it

	mu      sync.Mutex // guards served, unused and stopped
	served  []Served
	unused  []Unused
	stopped bool
}

// Replay loads the cassette at path for replay: no network, no latency.
// A cassette that is missing gives [ErrNotFound]; one that is broken (see
// [Check]) gives a one-line error naming the file and, where there is one,
// the line.
func Replay(path string) (*Replayer, error) { return ReplayWith(path, DefaultRerecord) }

// ReplayWith is [Replay] naming rerecord as the command that re-records a
// broken cassette (see [CheckWith]).
func ReplayWith(path, rerecord string) (*Replayer, error) {
	// The file is read and decoded once, into go-vcr's own cassette types,
	// by the same checks as [Check]. The lookup is our own index
	// (match.go), not recorder.Recorder's scan of every unreplayed
	// interaction, which costs O(cassette size) per request.
	c, lines, data, err := load(path, rerecord)
	if err != nil {
		return nil, err
	}
	return &Replayer{idx: newIndex(c.Interactions), path: path, lines: lines, data: data}, nil
}

// Data is the cassette file's bytes as read, for checks of the text
// itself (a secret in a comment or a mapping key, which no decoded field
// holds). The caller must not change them.
func (p *Replayer) Data() []byte { return p.data }

// Server is the server that recorded the cassette: the stamp
// ([ServerOf]) of its first interaction; the zero Server for an empty
// cassette.
func (p *Replayer) Server() Server {
	if len(p.idx.all) == 0 {
		return Server{}
	}
	return ServerOf(p.idx.all[0].Response.Headers)
}

// RequestLine names a recorded request the way findings do: its method
// and its path with the canonical query, e.g.
// "GET /v1/checkout/sessions?limit=3"; the host is left out.
func RequestLine(r cassette.Request) string {
	return r.Method + " " + pathOf(r.URL)
}

// pathOf is a URL's path and canonical query, without scheme and host.
func pathOf(rawURL string) string {
	req, err := parseRequest("", rawURL, "")
	if err != nil {
		return rawURL
	}
	return strings.TrimPrefix(req.String(), " ")
}

// Transport is the round tripper to give the client. A request with no
// recorded interaction fails with a [*MissError].
func (p *Replayer) Transport() http.RoundTripper { return replayTransport{p} }

type replayTransport struct{ p *Replayer }

func (t replayTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	i, err := t.p.idx.take(r)
	if err != nil {
		return nil, err
	}
	sv := t.p.served1(i)
	t.p.mu.Lock()
	t.p.served = append(t.p.served, sv)
	t.p.mu.Unlock()
	return i.GetHTTPResponse()
}

// Served is a replayed interaction.
type Served struct {
	// ID is the interaction's id, its position in the cassette.
	ID int
	// File is the cassette's path and Line the line its interaction
	// starts on: where a finding about it points.
	File string
	Line int
	// Method is the recorded request's method, Path its URL path without
	// the query, and Query its query parameters.
	Method, Path string
	Query        url.Values
	// Status is the recorded response's status code.
	Status int
	// Request is e.g. "POST /v1/checkout/sessions/cs_123/expire"; see
	// [RequestLine].
	Request string
	// Server is the server that recorded the interaction: its stamp, see
	// [ServerOf].
	Server Server
	// StripeVersion is the Stripe-Version the recorded request sent; ""
	// if it sent none.
	StripeVersion string
	// Params are the recorded request's parameters: its query for a GET,
	// its form body otherwise; nil if they could not be parsed.
	Params url.Values
	// Header and Body are the recorded response's headers and body.
	Header http.Header
	Body   string
}

// Line is the line of the cassette that interaction id starts on (its
// "- " line), 0 if unknown.
func (p *Replayer) Line(id int) int {
	if id >= 0 && id < len(p.lines) {
		return p.lines[id]
	}
	return 0
}

// served1 describes the replay of the recorded interaction i. Its URL
// and form body are parsed once for Path, Query, Request and Params
// (what [RequestLine] and [recordedRequest] give): a URL that does not
// parse leaves Path "" and Query and Params nil, and Request names the
// raw URL; a form body that does not parse leaves Query and Params nil.
// For a GET, Params is Query.
func (p *Replayer) served1(i *cassette.Interaction) Served {
	r := i.Request
	sv := Served{
		ID:            i.ID,
		File:          p.path,
		Line:          p.Line(i.ID),
		Method:        r.Method,
		Status:        i.Response.Code,
		Server:        ServerOf(i.Response.Headers),
		StripeVersion: r.Headers.Get("Stripe-Version"),
		Header:        i.Response.Headers,
		Body:          i.Response.Body,
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		sv.Request = r.Method + " " + r.URL
		return sv
	}
	sv.Path = u.Path
	query := u.Query()
	sv.Request = r.Method + " " + request{path: u.EscapedPath(), query: query}.String()[1:]
	form, err := url.ParseQuery(r.Body)
	if err != nil {
		return sv
	}
	sv.Query, sv.Params = query, form
	if r.Method == http.MethodGet {
		sv.Params = query
	}
	return sv
}

// Interactions are the cassette's recorded interactions, in recorded
// order, replayed or not; the caller must not modify them.
func (p *Replayer) Interactions() []*cassette.Interaction { return p.idx.all }

// Served lists the interactions replayed so far, in order.
func (p *Replayer) Served() []Served {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.served)
}

// Finish ends the replay and returns the interactions never replayed, in
// recorded order.
func (p *Replayer) Finish() []Unused {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped {
		p.stopped = true
		for _, i := range p.idx.unreplayed() {
			p.unused = append(p.unused, Unused{ID: i.ID, Request: RequestLine(i.Request)})
		}
	}
	return p.unused
}
