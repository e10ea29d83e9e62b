package cassette

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/atomicfile"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"
)

// Recorder records one scenario's interactions. Nothing reaches the
// cassette file until [Recorder.Commit].
type Recorder struct {
	rec      *recorder.Recorder
	final    string // dir/name.yaml
	temp     string // the file go-vcr writes: a hidden sibling of final
	captured []*cassette.Interaction
	keep     func(recorded, existing string) bool
}

// RecordOptions configure [RecordWith].
type RecordOptions struct {
	// Transport sends the requests; nil means [http.DefaultTransport].
	Transport http.RoundTripper
	// Redactor scrubs each interaction before it is saved.
	Redactor Redactor
	// Server is what the server recorded against declares about itself;
	// it is stamped into every saved interaction ([ServerHeader]), and a
	// Local server's host:port is replaced by [MockHost]. The zero Server
	// stamps nothing, and replaces the host of an interaction whose
	// response [ServerOf] takes for local.
	Server Server
	// Keep, if set, is asked at [Recorder.Commit], when a cassette is
	// already at the path, whether to keep it and discard the new
	// recording; it gets both files' paths. record keeps a cassette that
	// differs from the new recording only in ids and timestamps.
	Keep func(recorded, existing string) bool
}

// Record is [RecordWith] with only a transport and a redactor.
func Record(path string, real http.RoundTripper, red Redactor) (*Recorder, error) {
	return RecordWith(path, RecordOptions{Transport: real, Redactor: red})
}

// RecordWith starts recording the cassette at path. Interactions are
// redacted when the cassette is saved, on go-vcr's copy: the client gets
// the response exactly as the server sent it, so a scenario can chain a
// value that the cassette will not show.
func RecordWith(path string, opts RecordOptions) (*Recorder, error) {
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	base := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-"+hex.EncodeToString(suffix))
	rec, err := recorder.NewWithOptions(&recorder.Options{
		CassetteName:  base,
		Mode:          recorder.ModeRecordOnly,
		RealTransport: cmp.Or[http.RoundTripper](opts.Transport, http.DefaultTransport),
		// go-vcr otherwise waits out each exchange's latency a second
		// time after recording it (its replay simulation runs in record
		// mode too): a 1.2 s answer took 2.4 s, and a pay step whose
		// webhook endpoint hangs twice the delivery timeout.
		SkipRequestLatency: true,
	})
	if err != nil {
		return nil, err
	}
	r := &Recorder{rec: rec, final: path, temp: base + ".yaml", keep: opts.Keep}
	red := opts.Redactor.redactor()
	rec.AddHook(func(i *cassette.Interaction) error {
		r.captured = append(r.captured, i)
		// Before the client sees the response: a client_secret in it is
		// known from now on to every output that shares red.
		red.Learn([]byte(i.Response.Body))
		return nil
	}, recorder.AfterCaptureHook)
	rec.AddHook(func(i *cassette.Interaction) error {
		redactWith(red, i)
		dropTimings(i)
		server := opts.Server
		if server == (Server{}) {
			server = ServerOf(i.Response.Headers)
		} else {
			i.Response.Headers.Set(ServerHeader, server.String())
		}
		if server.Local {
			anonymizeHost(i)
		}
		return nil
	}, recorder.BeforeSaveHook)
	return r, nil
}

// Retried tells the recorder that the client is retrying the exchange
// it last captured, so that the cassette does not save it: replay runs
// without retries and must see what the scenario finally got. Give it to
// the client as its Options.OnRetry, through a func that calls it
// only when the retried attempt got a response (an attempt that failed
// without one, a reset connection or a body cut short, was never
// captured). Only the client knows what it retried: a scenario's own
// consecutive identical requests are all kept.
func (r *Recorder) Retried() {
	if n := len(r.captured); n > 0 {
		r.captured[n-1].DiscardOnSave = true
	}
}

// Interactions counts the interactions that will be saved.
func (r *Recorder) Interactions() int {
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

// Commit saves the cassette: go-vcr writes the temp file, which is
// checked by the rule replay reads cassettes with ([Check]: line and body
// limits, UTF-8, the interactions' shape), then synced and renamed over
// the old cassette. So nothing is saved that verify would refuse: a body
// under the size cap whose YAML escapes make it too long (3 MB of control
// characters is 12 MB of "\x01") fails here. On error the old cassette is
// intact and the temp file removed.
func (r *Recorder) Commit() error {
	err := r.rec.Stop()
	if err == nil {
		err = r.readable()
	}
	if err == nil && r.keep != nil {
		if _, serr := os.Stat(r.final); serr == nil && r.keep(r.temp, r.final) {
			os.Remove(r.temp)
			return nil
		}
	}
	if err == nil {
		err = atomicfile.Commit(r.temp, r.final)
	}
	if err != nil {
		os.Remove(r.temp)
		return fmt.Errorf("save %s: %w", r.final, err)
	}
	return nil
}

// readable applies [Check] to the written temp file, its error naming
// the cassette rather than the temp file.
func (r *Recorder) readable() error {
	_, _, _, err := load(r.temp, "a smaller response")
	if err == nil {
		return nil
	}
	msg := strings.TrimPrefix(err.Error(), r.temp)
	return fmt.Errorf("%w: replay could not read it (cassette%s)", ErrUnreadable, msg)
}

// ErrUnreadable is wrapped by the error of a [Recorder.Commit] whose
// recording, as written, replay would refuse: it was not saved.
var ErrUnreadable = errors.New("not saved: the recording breaks the cassette limits")

// Abort discards the recording; the old cassette, if any, is untouched.
func (r *Recorder) Abort() { os.Remove(r.temp) }

// dropTimings removes what differs on every run of the same exchange
// whatever the server: the Date header and the time the exchange took.
// So a recording from a deterministic server (the local server) is the
// same bytes every time.
func dropTimings(i *cassette.Interaction) {
	i.Response.Headers.Del("Date")
	i.Response.Duration = 0
}

// MockHost replaces the host:port of a recording made against a local
// server ([Server].Local), so that a re-record does not change every URL
// with the port it ran on.
const MockHost = "stripe-mock"

func anonymizeHost(i *cassette.Interaction) {
	i.Request.Host = MockHost
	if n := strings.Index(i.Request.URL, "://"); n >= 0 {
		rest := i.Request.URL[n+3:]
		if p := strings.IndexByte(rest, '/'); p >= 0 {
			i.Request.URL = i.Request.URL[:n+3] + MockHost + rest[p:]
		}
	}
}
