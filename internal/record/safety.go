package record

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
)

// DefaultMaxBody bounds a response body when [Options].MaxBody is 0 (4 MiB).
const DefaultMaxBody = 4 << 20

// MaxMaxBody is the largest [Options].MaxBody: a cassette cannot hold a
// larger body ([cassette.MaxBodySize]).
const MaxMaxBody = cassette.MaxBodySize

// MaxRate is the largest [Options].RateLimit, in requests per second.
const MaxRate = 10000

// MinRate is the smallest positive [Options].RateLimit.
const MinRate = 0.01

// MaxTimeout is the largest [Options].Timeout.
const MaxTimeout = time.Hour

// MaxParallel is the largest [Options].Parallel.
const MaxParallel = 64

// RedactFile is the name of the committed redaction policy record reads,
// beside the scenarios folder (see [Options].RedactFile).
const RedactFile = "redact.yaml"

// ErrBodyTooLarge is wrapped by the error for a response body over
// [Options].MaxBody.
var ErrBodyTooLarge = errors.New("response body too large")

// checkOptions refuses numbers out of range; each error names the flag
// that sets the option.
func checkOptions(opts Options) error {
	r := opts.RateLimit
	switch {
	case math.IsNaN(r) || math.IsInf(r, 0) || (r > 0 && (r < MinRate || r > MaxRate)) || (r < 0 && r != -1):
		return fmt.Errorf("-rate %v: want 0 (the default), -1 (no limit) or %g to %d requests per second", r, MinRate, MaxRate)
	case opts.Timeout < 0 || opts.Timeout > MaxTimeout:
		return fmt.Errorf("-timeout %s: want a positive duration up to %s", opts.Timeout, MaxTimeout)
	case opts.Parallel < 0 || opts.Parallel > MaxParallel:
		return fmt.Errorf("-parallel %d: want 1 to %d", opts.Parallel, MaxParallel)
	case badRedactField(opts.RedactFields) != nil:
		return fmt.Errorf("-redact: %v", badRedactField(opts.RedactFields))
	case opts.MaxBody < 0 || opts.MaxBody > MaxMaxBody:
		return fmt.Errorf("-max-body %d: want 1 to %d bytes (%d MiB, the most a cassette body can hold)", opts.MaxBody, MaxMaxBody, MaxMaxBody>>20)
	}
	return nil
}

// badRedactField checks -redact names by [redact.Check]; blanks are
// skipped ("a,,b").
func badRedactField(names []string) error {
	for _, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		if err := redact.Check(n); err != nil {
			return err
		}
	}
	return nil
}

// policy is the redaction policy of a run: opts.Redact if set, else the
// redact.yaml beside the scenarios folder, else [redact.Default].
func policy(opts Options, scenarios string) (redact.Policy, error) {
	if opts.Redact != nil {
		return *opts.Redact, nil
	}
	file := opts.RedactFile
	if file == "" {
		file = filepath.Join(filepath.Dir(filepath.Clean(scenarios)), RedactFile)
		if p, err := redact.Load(file); !errors.Is(err, fs.ErrNotExist) {
			return p, err
		}
		return redact.Default(), nil
	}
	return redact.Load(file)
}

// newRedactor is the run's one redactor: the policy, extra -redact fields,
// the key and any credentials in the base URL. A -redact field is what the
// user typed for this run: it wins over a keep: rule of redact.yaml
// ([redact.Policy].Force).
func newRedactor(opts Options, p redact.Policy, key string) *redact.Redactor {
	p.Force = slices.Clone(p.Force)
	for _, f := range opts.RedactFields {
		if f = strings.TrimSpace(f); f != "" {
			p.Force = append(p.Force, redact.Rule{Name: f, Pos: "-redact"})
		}
	}
	secrets := []string{key}
	if u, err := url.Parse(opts.BaseURL); err == nil && u.User != nil {
		pass, _ := u.User.Password()
		secrets = append(secrets, u.User.String(), u.User.Username(), pass)
	}
	return redact.New(p, secrets...)
}

// scrubbedError is an error whose message went through the redactor; it
// still unwraps to the original for errors.Is.
type scrubbedError struct {
	msg string
	err error
}

func (e scrubbedError) Error() string { return e.msg }
func (e scrubbedError) Unwrap() error { return e.err }

// scrub returns err with its message redacted and its escapes neutralised.
func scrub(red *redact.Redactor, err error) error {
	if err == nil || errors.Is(err, ErrInterrupted) {
		return err
	}
	return scrubbedError{redact.Terminal(red.String(err.Error())), err}
}

// redactingWriter passes every write through the redactor.
type redactingWriter struct {
	w   io.Writer
	red *redact.Redactor
	mu  sync.Mutex
}

func (w *redactingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, err := io.WriteString(w.w, w.red.String(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// redactedExpectations refuses, before anything is sent, a step that
// expects a value in a field the cassette will hold as REDACTED: record
// would pass and the next verify fail.
func redactedExpectations(sc *scenario.Scenario, red *redact.Redactor) error {
	for _, st := range sc.Steps {
		for _, e := range []*scenario.Expect{st.Expect, st.ExpectStateful} {
			if e == nil {
				continue
			}
			for _, p := range leafPaths(e.Body, nil, nil) {
				if rule, ok := red.ScrubbedBy(p); ok {
					return fmt.Errorf("%s: step %q: expect checks %s, which is redacted by %s: the cassette would hold REDACTED and verify would fail; keep it (keep: [%s] in %s) or drop the expectation",
						st.Pos, st.ID, strings.Join(p, "."), rule, strings.Join(p, "."), RedactFile)
				}
			}
		}
	}
	return nil
}

// leafPaths lists the field paths an expected body checks (list positions
// and $-operators left out).
func leafPaths(v any, path []string, out [][]string) [][]string {
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			next := path
			if !strings.HasPrefix(k, "$") {
				next = append(slices.Clone(path), k)
			}
			out = leafPaths(c, next, out)
		}
	case []any:
		for _, c := range t {
			out = leafPaths(c, path, out)
		}
	default:
		if len(path) > 0 {
			out = append(out, path)
		}
	}
	return out
}

// guard is the transport record sends through: it refuses a request that
// would carry a Stripe key in its URL or body (a key assembled by a
// template, or hidden in a YAML tag, that parsing could not see), and
// bounds each response body while it is read, before go-vcr buffers it.
type guard struct {
	next    http.RoundTripper
	maxBody int64
}

// keyInRequest is a key-shaped value in a request's URL or form body.
func keyInRequest(r *http.Request) bool {
	if stripekey.Contains(r.URL.String()) {
		return true
	}
	if q, err := url.QueryUnescape(r.URL.RawQuery); err == nil && stripekey.Contains(q) {
		return true
	}
	if r.GetBody == nil {
		return false
	}
	body, err := r.GetBody()
	if err != nil {
		return false
	}
	defer body.Close()
	data, _ := io.ReadAll(io.LimitReader(body, 1<<20))
	dec, err := url.QueryUnescape(string(data))
	return stripekey.Contains(string(data)) || (err == nil && stripekey.Contains(dec))
}

// ErrKeyInRequest is returned for a request whose parameters hold a
// Stripe key.
var ErrKeyInRequest = errors.New("refusing to send a Stripe key as a parameter (it would be recorded); a scenario never needs one: use ${env.NAME} for other values, and let record read the key from STRIPE_SECRET_KEY")

func (g guard) RoundTrip(r *http.Request) (*http.Response, error) {
	if keyInRequest(r) {
		return nil, ErrKeyInRequest
	}
	resp, err := g.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > g.maxBody {
		resp.Body.Close()
		return nil, bodyTooLarge(g.maxBody)
	}
	resp.Body = &limitedBody{rc: resp.Body, left: g.maxBody, limit: g.maxBody}
	return resp, nil
}

func bodyTooLarge(limit int64) error {
	return fmt.Errorf("%w: over %d bytes (%s), the -max-body limit; raise it with -max-body (at most %d)", ErrBodyTooLarge, limit, size(limit), MaxMaxBody)
}

func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", (n+1023)>>10)
}

// limitedBody fails the read that goes past left bytes.
type limitedBody struct {
	rc    io.ReadCloser
	left  int64
	limit int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, bodyTooLarge(b.limit)
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return 0, bodyTooLarge(b.limit)
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

// warnUnmatched warns about declared redaction fields that matched
// nothing in any recording of the run: a misspelt name would otherwise
// scrub nothing, silently. The built-in defaults are not warned about
// (most sessions carry no phone or tax id).
func warnUnmatched(log io.Writer, red *redact.Redactor, sum *Summary) {
	if sum.Failed() == len(sum.Outcomes) {
		return
	}
	for _, rule := range red.Unmatched() {
		if rule.Pos != "default" {
			fmt.Fprintf(log, "warning: redact field %s matched nothing in this recording; check its spelling (rules: go doc ./internal/redact Rule)\n", redact.Line(rule.String()))
		}
	}
}

// loadCassette is go-vcr's cassette.Load (name without .yaml) for a file
// that is checked first: a regular file (not a symlink to /dev/zero, not a
// FIFO, which a committed cassettes folder can hold) within
// [cassette.MaxFileSize].
func loadCassette(name string) (*vcr.Cassette, error) {
	f, err := safefile.Open(name+".yaml", cassette.MaxFileSize)
	if err != nil {
		return nil, err
	}
	f.Close()
	return vcr.Load(name)
}
