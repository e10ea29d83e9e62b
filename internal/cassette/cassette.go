// Package cassette wires go-vcr for checkoutvcr: one cassette per scenario,
// recorded with secrets redacted and saved atomically, replayed with a
// matcher that explains its misses.
package cassette

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"
)

// ErrNotFound means a scenario has no cassette yet.
var ErrNotFound = errors.New("cassette not found")

// Path returns the cassette file for a scenario: dir/name.yaml.
func Path(dir, scenario string) string { return filepath.Join(dir, scenario+".yaml") }

// Recorder records one scenario's interactions. Nothing reaches the
// cassette file until [Recorder.Commit].
type Recorder struct {
	rec      *recorder.Recorder
	final    string // dir/name.yaml
	temp     string // the file go-vcr writes: a hidden sibling of final
	captured []*cassette.Interaction
}

// Record starts recording the cassette at path, sending requests through
// real. Every interaction is redacted by red when captured, before go-vcr
// keeps it.
func Record(path string, real http.RoundTripper, red Redactor) (*Recorder, error) {
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	base := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-"+hex.EncodeToString(suffix))
	rec, err := recorder.NewWithOptions(&recorder.Options{
		CassetteName:  base,
		Mode:          recorder.ModeRecordOnly,
		RealTransport: real,
	})
	if err != nil {
		return nil, err
	}
	r := &Recorder{rec: rec, final: path, temp: base + ".yaml"}
	rec.AddHook(func(i *cassette.Interaction) error {
		red.redact(i)
		anonymizeMockHost(i)
		r.captured = append(r.captured, i)
		return nil
	}, recorder.AfterCaptureHook)
	return r, nil
}

// dropRetried keeps only the final exchange of a retried request: an
// interaction whose status the client retries (409, 429, 5xx) and that is
// followed by the same request (method, URL, body) is not saved. Replay
// runs without retries, so the cassette holds what the scenario finally
// got. A request that failed without a response (a reset connection) was
// never captured in the first place.
func (r *Recorder) dropRetried() {
	for k := 0; k+1 < len(r.captured); k++ {
		cur, next := r.captured[k], r.captured[k+1]
		code := cur.Response.Code
		retryable := code == http.StatusConflict || code == http.StatusTooManyRequests || code >= 500
		same := cur.Request.Method == next.Request.Method && pathOf(cur.Request.URL) == pathOf(next.Request.URL) && cur.Request.Body == next.Request.Body
		cur.DiscardOnSave = retryable && same
	}
}

// Interactions counts the interactions that will be saved.
func (r *Recorder) Interactions() int {
	r.dropRetried()
	n := 0
	for _, i := range r.captured {
		if !i.DiscardOnSave {
			n++
		}
	}
	return n
}

// Transport is the round tripper to give the client.
func (r *Recorder) Transport() http.RoundTripper { return r.rec }

// Commit saves the cassette: go-vcr writes the temp file, which is synced
// and renamed over the old cassette. On error the old cassette is intact
// and the temp file removed.
func (r *Recorder) Commit() error {
	r.dropRetried()
	err := r.rec.Stop()
	if err == nil {
		err = syncFile(r.temp)
	}
	if err == nil {
		err = os.Rename(r.temp, r.final)
	}
	if err != nil {
		os.Remove(r.temp)
		return fmt.Errorf("save %s: %w", r.final, err)
	}
	return syncDir(filepath.Dir(r.final))
}

// Abort discards the recording; the old cassette, if any, is untouched.
func (r *Recorder) Abort() { os.Remove(r.temp) }

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// MockHost replaces the loopback host:port of a stripe-mock recording, so
// that a re-record does not change every URL with the port it ran on.
const MockHost = "stripe-mock"

func anonymizeMockHost(i *cassette.Interaction) {
	if Server(i.Response.Headers) != ServerStripeMock {
		return
	}
	i.Request.Host = MockHost
	if n := strings.Index(i.Request.URL, "://"); n >= 0 {
		rest := i.Request.URL[n+3:]
		if p := strings.IndexByte(rest, '/'); p >= 0 {
			i.Request.URL = i.Request.URL[:n+3] + MockHost + rest[p:]
		}
	}
}

// Which server answered, from a response's headers.
const (
	// ServerStripeMock is stripe-mock: stateless, it does not remember
	// sessions. It answers with a Stripe-Mock-Version header.
	ServerStripeMock = "stripe-mock"
	// ServerStripe is Stripe itself (or anything that is not stripe-mock).
	ServerStripe = "stripe"
)

// Server tells from response headers which server produced a recording.
func Server(h http.Header) string {
	if h.Get("Stripe-Mock-Version") != "" {
		return ServerStripeMock
	}
	return ServerStripe
}

// Unused is a recorded interaction that was never replayed.
type Unused struct {
	ID      int
	Request string // e.g. "POST /v1/checkout/sessions/cs_123/expire"
}

// Replayer replays one cassette offline.
type Replayer struct {
	rec      *recorder.Recorder
	m        *matcher
	served   []Served
	unused   []Unused
	stopped  bool
	stopErr  error
	fileName string
}

// Replay loads the cassette at path for replay: no network, no latency.
func Replay(path string) (*Replayer, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", path, ErrNotFound)
	}
	rec, err := recorder.NewWithOptions(&recorder.Options{
		CassetteName:       strings.TrimSuffix(path, ".yaml"),
		Mode:               recorder.ModeReplayOnly,
		RealTransport:      refuseNetwork{},
		SkipRequestLatency: true,
	})
	if err != nil {
		return nil, loadError(path, err)
	}
	p := &Replayer{rec: rec, m: &matcher{replayed: map[int]bool{}}, fileName: path}
	rec.SetMatcher(p.m.match)
	rec.AddHook(func(i *cassette.Interaction) error {
		p.m.replayed[i.ID] = true
		p.served = append(p.served, Served{
			ID:            i.ID,
			Request:       i.Request.Method + " " + pathOf(i.Request.URL),
			Server:        Server(i.Response.Headers),
			StripeVersion: i.Request.Headers.Get("Stripe-Version"),
			Params:        recordedParams(i.Request),
		})
		return nil
	}, recorder.BeforeResponseReplayHook)
	rec.AddHook(func(i *cassette.Interaction) error {
		if !i.WasReplayed() {
			p.unused = append(p.unused, Unused{ID: i.ID, Request: i.Request.Method + " " + pathOf(i.Request.URL)})
		}
		return nil
	}, recorder.OnRecorderStopHook)
	return p, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func loadError(path string, err error) error {
	if errors.Is(err, cassette.ErrUnsupportedCassetteFormat) {
		return fmt.Errorf("%s: not a go-vcr v3 cassette (want \"version: 2\"); re-record it with make record", path)
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return fmt.Errorf("%s:%d: cassette is not valid YAML: %s", path, line, m[2])
	}
	return fmt.Errorf("%s: %v", path, strings.TrimPrefix(err.Error(), "yaml: "))
}

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
	resp, err := t.p.rec.RoundTrip(r)
	if errors.Is(err, cassette.ErrInteractionNotFound) {
		return nil, t.p.m.miss(r)
	}
	return resp, err
}

// Served is a replayed interaction.
type Served struct {
	ID int
	// Request is e.g. "POST /v1/checkout/sessions/cs_123/expire".
	Request string
	// Server is [ServerStripeMock] or [ServerStripe], from the response.
	Server string
	// StripeVersion is the Stripe-Version the recorded request sent.
	StripeVersion string
	// Params are the recorded request's parameters: its query for a GET,
	// its form body otherwise.
	Params url.Values
}

func recordedParams(r cassette.Request) url.Values {
	req, err := recordedRequest(r)
	if err != nil {
		return nil
	}
	if r.Method == http.MethodGet {
		return req.query
	}
	return req.form
}

// Served lists the interactions replayed so far, in order.
func (p *Replayer) Served() []Served { return p.served }

// Finish ends the replay and returns the interactions never replayed.
func (p *Replayer) Finish() ([]Unused, error) {
	if !p.stopped {
		p.stopped = true
		p.stopErr = p.rec.Stop()
	}
	return p.unused, p.stopErr
}

// refuseNetwork makes sure a replay never reaches the network.
type refuseNetwork struct{}

func (refuseNetwork) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("replay must not use the network (%s %s)", r.Method, r.URL)
}
