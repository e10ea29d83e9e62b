package vcr

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/record"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
)

// Placeholder replaces every redacted value in a saved cassette. It is the
// same every time, so re-recording the same exchanges gives the same
// bytes; on replay, a request parameter recorded as Placeholder matches
// whatever value is sent.
const Placeholder = "REDACTED"

// RecordOptions configure [Record]. The zero value records through
// [http.DefaultTransport], redacts the credential headers, every
// client_secret and the personal data of [DefaultRedactFields], saves
// every exchange and stamps no server.
type RecordOptions struct {
	// Transport sends the requests to the server; nil means
	// [http.DefaultTransport].
	Transport http.RoundTripper
	// Secrets are strings, typically the API key in use, replaced by
	// [Placeholder] wherever they occur in a saved exchange, raw,
	// JSON-escaped or URL-encoded: headers, URLs and bodies. nil means
	// none beyond what is always redacted: the Authorization, Cookie,
	// Set-Cookie and Proxy-Authorization headers are never saved, and
	// every client_secret value is replaced.
	//
	// Each entry must be at least [MinSecretLen] (6) bytes long: a
	// shorter one would match ordinary text, and [Record] refuses it with
	// an error wrapping [ErrShortSecret] rather than save it unredacted.
	// Pass the whole key, not a fragment of it.
	Secrets []string
	// RedactFields name further fields whose values are replaced by
	// [Placeholder], matched against the end of a field's path, list
	// positions left out: "email" is every field named email,
	// "customer_details.email" only that one, and a segment may be a glob
	// ("*email*" also matches customer_email). They apply to JSON bodies
	// and form parameters (customer_details[email]); a field that is an
	// object or a list is scrubbed whole. nil means only the defaults.
	RedactFields []string
	// KeepFields are fields that [DefaultRedactFields] would scrub and
	// the cassette keeps, by the same rules; nil means none.
	KeepFields []string
	// NoDefaultRedactFields leaves the personal data of
	// [DefaultRedactFields] as it is; false scrubs it. The key, the
	// credential headers and client_secret are scrubbed either way.
	NoDefaultRedactFields bool
	// Retried reports whether the client retries an exchange that got
	// this status, these response headers and this body, for a client
	// that cannot say so itself ([Recorder.Retried]): an exchange it
	// accepts that is followed by the same request (method, URL, body and
	// Idempotency-Key) is taken for a retry and not saved, through the
	// same [Recorder.Retried]. Give the rule of the client in use:
	// [StripeGoRetried] for stripe-go (it retries an error response only
	// when it is a 429 whose error code is lock_timeout). This
	// module's client needs no rule: it says which exchanges it retries
	// (client.Options.OnRetry; call [Recorder.Retried] there when the
	// response is not nil), so a scenario's own identical requests are
	// all kept. nil means only [Recorder.Retried] drops exchanges.
	Retried func(status int, h http.Header, body []byte) bool
	// Server is what the server being recorded declares about itself;
	// it is stamped into every saved response ([ServerHeader]) so that a
	// verifier knows, for example, that stripe-mock keeps no state, and a
	// Local server's host:port in saved URLs becomes "stripe-mock" so that
	// re-recording on another port changes nothing. The zero Server stamps
	// nothing.
	Server Server
}

// Recorder is an [http.RoundTripper] that sends each request to the real
// server and keeps the exchange for its cassette. Nothing reaches the
// cassette file until [Recorder.Commit]; [Recorder.Abort] leaves the old
// one, if any, byte for byte. The client gets every response exactly as
// the server sent it: redaction applies to what is saved.
//
// A Recorder serves one client making one request at a time (as a test
// does); the notion of a retry, "the exchange just captured", assumes it.
type Recorder struct {
	rec     *cassette.Recorder
	inner   http.RoundTripper
	retried func(status int, h http.Header, body []byte) bool

	mu      sync.Mutex
	last    *exchange // the exchange captured last, for the Retried predicate
	aborted bool      // Abort was called: Commit saves nothing
}

// exchange is what the Retried predicate needs of a captured exchange.
type exchange struct {
	method, url, body, key string
	status                 int
	header                 http.Header
	respBody               []byte
}

// MinSecretLen is the length, in bytes, of the shortest string
// [RecordOptions].Secrets accepts.
const MinSecretLen = redact.MinSecretLen

// ErrShortSecret is wrapped by the error of [Record] when an entry of
// [RecordOptions].Secrets is shorter than [MinSecretLen] bytes.
var ErrShortSecret = errors.New("secret too short to redact")

// ErrAborted is wrapped by the error of [Recorder.Commit] after
// [Recorder.Abort]: the recording was discarded and nothing is saved.
var ErrAborted = errors.New("recording aborted")

// Record starts recording the cassette at path, a go-vcr v3 YAML file
// (conventionally testdata/cassettes/NAME.yaml); its folder is created
// on [Recorder.Commit] if need be. It fails at once, before any request,
// on an empty path, a path that is a folder, and a [RecordOptions].Secrets
// entry shorter than [MinSecretLen] ([ErrShortSecret]).
func Record(path string, opts RecordOptions) (*Recorder, error) {
	if path == "" {
		return nil, errors.New("vcr.Record: the cassette path is empty; give a file path such as testdata/cassettes/checkout.yaml")
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return nil, fmt.Errorf("vcr.Record: %s is a folder; give a file path such as %s", path, filepath.Join(path, "checkout.yaml"))
	}
	for i, s := range opts.Secrets {
		if len(s) < MinSecretLen {
			return nil, fmt.Errorf("vcr.Record: RecordOptions.Secrets[%d] is %d bytes long, shorter than %d: it would match ordinary text, so it cannot be redacted; pass the whole key: %w", i, len(s), MinSecretLen, ErrShortSecret)
		}
	}
	rec, err := cassette.RecordWith(path, cassette.RecordOptions{
		Transport: opts.Transport,
		Redactor:  cassette.Redactor{With: redactor(opts)},
		Server:    cassette.Server(opts.Server),
		Keep:      record.Unchanged,
	})
	if err != nil {
		return nil, err
	}
	return &Recorder{rec: rec, inner: rec.Transport(), retried: opts.Retried}, nil
}

// DefaultRedactFields are the personal data a Checkout Session carries,
// which [Record] scrubs unless told otherwise ([RecordOptions]): the
// customer's email, phone, name, address and tax ids, as entered and as
// collected for shipping.
func DefaultRedactFields() []string { return slices.Clone(redact.Defaults) }

// redactor is the one redactor opts describe.
func redactor(opts RecordOptions) *redact.Redactor {
	var p redact.Policy
	if !opts.NoDefaultRedactFields {
		p = redact.Default()
	}
	for _, f := range opts.RedactFields {
		p.Fields = append(p.Fields, redact.Rule{Name: f, Pos: "RecordOptions.RedactFields"})
	}
	for _, f := range opts.KeepFields {
		p.Keep = append(p.Keep, redact.Rule{Name: f, Pos: "RecordOptions.KeepFields"})
	}
	return redact.New(p, opts.Secrets...)
}

// RoundTrip sends req to the server and captures the exchange. A request
// that fails without a response is not captured.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var cur exchange
	if r.retried != nil {
		body, err := peekBody(req)
		if err != nil {
			return nil, err
		}
		cur = exchange{method: req.Method, url: req.URL.String(), body: body, key: req.Header.Get("Idempotency-Key")}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if last := r.last; last != nil && last.method == cur.method && last.url == cur.url &&
		last.body == cur.body && last.key == cur.key && r.retried(last.status, last.header, last.respBody) {
		r.rec.Retried()
	}
	resp, err := r.inner.RoundTrip(req)
	if err != nil || r.retried == nil {
		return resp, err
	}
	if cur.respBody, err = io.ReadAll(resp.Body); err != nil {
		return nil, err
	}
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(cur.respBody))
	cur.status, cur.header = resp.StatusCode, resp.Header.Clone()
	r.last = &cur
	return resp, nil
}

// peekBody reads req's body and puts it back.
func peekBody(req *http.Request) (string, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return "", nil
	}
	data, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return "", err
	}
	req.Body = io.NopCloser(bytes.NewReader(data))
	return string(data), nil
}

// Retried tells the recorder that the client is retrying the exchange it
// received last, so that the cassette does not keep it: a replay makes no
// retries and must see what the client finally got. A client with a retry
// hook calls it there, only for an attempt that got a response (one that
// failed without a response was never captured).
func (r *Recorder) Retried() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rec.Retried()
	r.last = nil
}

// Interactions counts the exchanges [Recorder.Commit] would save.
func (r *Recorder) Interactions() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rec.Interactions()
}

// Commit saves the cassette atomically: the redacted exchanges go to a
// hidden temp file in the cassette's folder, which is synced and renamed
// over the cassette. On error the old cassette is intact and the temp file
// removed. Commit with nothing captured saves a cassette with no
// interactions.
//
// When a cassette is already at the path and the new recording differs
// from it only in what changes on every run (ids, timestamps, URLs that
// hold ids, Idempotency-Key and Request-Id values, stripe-go's
// X-Stripe-Client-Telemetry timings: the rule cmd/record keeps cassettes
// by), Commit leaves the old file byte for byte, so that
// re-recording unchanged code changes nothing in version control.
//
// After [Recorder.Abort], Commit saves nothing and returns an error
// wrapping [ErrAborted].
func (r *Recorder) Commit() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.aborted {
		return fmt.Errorf("vcr: Commit after Abort: the recording was discarded, the cassette is as it was: %w", ErrAborted)
	}
	return r.rec.Commit()
}

// Abort discards the recording: the exchanges captured so far are
// dropped and the old cassette, if any, is left byte for byte as it was.
// A later [Recorder.Commit] saves nothing and returns an error wrapping
// [ErrAborted]. Call Abort when what was recorded is not worth keeping,
// typically when the test that recorded failed. Abort after Commit
// changes nothing.
func (r *Recorder) Abort() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.aborted = true
	r.rec.Abort()
}
