package client

import (
	"cmp"
	"context"
	cryptorand "crypto/rand"
	"encoding/hex"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/checkoutvcr/checkoutvcr/internal/ctxsleep"
)

const (
	// DefaultBaseURL is where requests go when [Options].BaseURL is empty.
	DefaultBaseURL = "https://api.stripe.com"
	// DefaultAPIVersion is the Stripe API version the contracts describe,
	// sent as Stripe-Version when [Options].APIVersion is empty.
	DefaultAPIVersion = "2026-08-26.dahlia"
	// Version is this client's version, part of the default User-Agent.
	Version = "0.1.0"
)

// MaxIdempotencyKeyLength is the longest Idempotency-Key Stripe accepts.
const MaxIdempotencyKeyLength = 255

const (
	defaultMaxRetries       = 2
	defaultMaxResponseBytes = 8 << 20
	defaultTimeout          = 80 * time.Second
)

// Options configure a [Client]. The zero value talks to Stripe with sensible
// defaults; each field says what its zero value means. Options are read once
// by [New]; there are no setters afterwards.
type Options struct {
	// BaseURL is the scheme and host (and optional path prefix) requests
	// go to, e.g. a stripe-mock's "http://127.0.0.1:12111".
	// Empty means [DefaultBaseURL].
	BaseURL string
	// APIVersion is sent as the Stripe-Version header on every request.
	// Empty means [DefaultAPIVersion]. [WithAPIVersion] overrides it for
	// one call.
	APIVersion string
	// HTTPClient sends the requests. Record and replay inject their
	// transport here. Nil means an *http.Client with an 80-second timeout
	// and the default transport.
	HTTPClient *http.Client
	// MaxRetries is how many times a failed call is retried (see
	// [SessionService] for what is retried). Nil means 2; a pointer to 0
	// disables retries. [WithMaxRetries] overrides it for one call.
	MaxRetries *int
	// MaxResponseBytes caps the size of a response body. A larger body is
	// not read into memory; the call fails with [ErrResponseTooLarge].
	// Zero (or negative) means 8 MiB.
	MaxResponseBytes int64
	// Sleep waits between retries. It must return early with ctx's error
	// when ctx is done. Nil means a real timer that honours ctx; tests
	// inject a recorder so that nothing really sleeps.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns numbers in [0, 1) used to jitter retry delays. Nil means
	// math/rand/v2's Float64.
	Rand func() float64
	// Now is the clock used to turn a Retry-After header given as an HTTP
	// date into a delay. Nil means time.Now.
	Now func() time.Time
	// NewIdempotencyKey makes the Idempotency-Key of a POST when the caller
	// does not pass one with [WithIdempotencyKey]. Nil means a random
	// version 4 UUID from crypto/rand.
	NewIdempotencyKey func() string
	// UserAgent is sent as the User-Agent header. Empty means
	// "checkoutvcr/" + [Version].
	UserAgent string
	// OnRetry, if set, is called each time the client is about to retry a
	// call, before it waits, with the failed attempt's response (nil when
	// none arrived: a network failure) and error. A recorder uses it to
	// drop exactly the exchanges the client retried. Nil means no call.
	OnRetry func(r *Response, err error)
}

// Client talks to the Stripe API with one secret key. It is safe for
// concurrent use. Create one with [New].
type Client struct {
	// Sessions holds the Checkout Session operations.
	Sessions *SessionService

	key        string
	baseURL    string
	apiVersion string
	http       *http.Client
	maxRetries int
	maxBytes   int64
	sleep      func(context.Context, time.Duration) error
	rand       func() float64
	now        func() time.Time
	newKey     func() string
	userAgent  string
	onRetry    func(*Response, error)
}

// New returns a client that authenticates with key (e.g. "sk_test_…") and is
// configured by opts. New does not check the key or contact the server.
func New(key string, opts Options) *Client {
	c := &Client{
		key:        key,
		baseURL:    strings.TrimRight(cmp.Or(opts.BaseURL, DefaultBaseURL), "/"),
		apiVersion: cmp.Or(opts.APIVersion, DefaultAPIVersion),
		http:       opts.HTTPClient,
		maxRetries: defaultMaxRetries,
		maxBytes:   opts.MaxResponseBytes,
		sleep:      opts.Sleep,
		rand:       opts.Rand,
		now:        opts.Now,
		newKey:     opts.NewIdempotencyKey,
		userAgent:  cmp.Or(opts.UserAgent, "checkoutvcr/"+Version),
		onRetry:    opts.OnRetry,
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: defaultTimeout}
	}
	if opts.MaxRetries != nil {
		c.maxRetries = max(*opts.MaxRetries, 0)
	}
	if c.maxBytes <= 0 {
		c.maxBytes = defaultMaxResponseBytes
	}
	if c.sleep == nil {
		c.sleep = ctxsleep.Sleep
	}
	if c.rand == nil {
		c.rand = rand.Float64
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.newKey == nil {
		c.newKey = newUUID
	}
	c.Sessions = &SessionService{c: c}
	return c
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = cryptorand.Read(b[:]) // never fails (crypto/rand documents it)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return formatUUID(b)
}

// formatUUID is fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8],
// b[8:10], b[10:]), without fmt's machinery.
func formatUUID(b [16]byte) string {
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	hex.Encode(out[9:13], b[4:6])
	hex.Encode(out[14:18], b[6:8])
	hex.Encode(out[19:23], b[8:10])
	hex.Encode(out[24:], b[10:])
	out[8], out[13], out[18], out[23] = '-', '-', '-', '-'
	return string(out[:])
}

// RequestOption changes one call. Pass any number of them as the last
// arguments of a [SessionService] method.
type RequestOption func(*requestOptions)

type requestOptions struct {
	idempotencyKey string
	stripeAccount  string
	apiVersion     string
	header         http.Header
	maxRetries     *int
}

// WithIdempotencyKey sets the Idempotency-Key of a POST (it is ignored on
// GETs). Without it the client generates one per call (see
// [Options].NewIdempotencyKey); either way every retry of the call sends
// the same key. A key longer than [MaxIdempotencyKeyLength] is an error,
// reported without sending anything, as stripe-go does.
func WithIdempotencyKey(key string) RequestOption {
	return func(o *requestOptions) { o.idempotencyKey = key }
}

// WithStripeAccount sends the call on behalf of a connected account, as the
// Stripe-Account header (e.g. "acct_123").
func WithStripeAccount(account string) RequestOption {
	return func(o *requestOptions) { o.stripeAccount = account }
}

// WithAPIVersion sends version as Stripe-Version for this call instead of
// the client's [Options].APIVersion.
func WithAPIVersion(version string) RequestOption {
	return func(o *requestOptions) { o.apiVersion = version }
}

// WithHeader sets an extra request header. It is applied last, so it can
// also replace a header the client sets (except Idempotency-Key, which
// [WithIdempotencyKey] controls).
func WithHeader(key, value string) RequestOption {
	return func(o *requestOptions) {
		if o.header == nil {
			o.header = http.Header{}
		}
		o.header.Set(key, value)
	}
}

// WithMaxRetries overrides [Options].MaxRetries for this call; 0 means a
// single attempt.
func WithMaxRetries(n int) RequestOption {
	return func(o *requestOptions) { n = max(n, 0); o.maxRetries = &n }
}
