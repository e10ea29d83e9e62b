// Package checkoutvcrtest starts checkoutvcr's local Stripe Checkout
// server inside a test, in the spirit of [net/http/httptest]: one call
// gives a stateful Checkout Sessions API on a free 127.0.0.1 port, layered
// over Stripe's stripe-mock (started on free loopback ports of its own,
// HTTP and HTTPS both), and stops both when the test ends.
//
//	func TestCheckout(t *testing.T) {
//		srv := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{})
//		// srv.URL, srv.Key and srv.Client are what your Stripe client needs;
//		// srv.Pay(t, id) pays a session, as a customer would in the browser.
//		price := srv.Price(t, checkoutvcrtest.PriceParams{UnitAmount: 2000, Currency: "usd", Product: "T-shirt"})
//		// price is a price id sessions can sell: like Stripe, the server
//		// knows only the prices (customers, coupons…) made in it.
//	}
//
// With stripe-go (the module's examples/ownmodule test does this):
//
//	sc := stripe.NewClient(srv.Key, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
//		URL:        stripe.String(srv.URL),
//		HTTPClient: srv.Client,
//	})))
//
// and to record what it sends, give stripe-go a [vcr.Recorder] made with
// [Server.RecordOptions] (the key redacted, stripe-go's retry rule
// [vcr.StripeGoRetried], the server stamped as the local one):
//
//	rec, err := vcr.Record("testdata/cassettes/checkout.yaml", srv.RecordOptions())
//	… HTTPClient: &http.Client{Transport: rec} …
//
// stripe-mock must be a tool of your module: the first [NewServer] on a
// machine builds it through the go command's cache ("go tool -n
// stripe-mock", about half a minute), later ones reuse the build. When
// the tool line is missing, NewServer fails the test with the line to
// run:
//
//	go get -tool github.com/stripe/stripe-mock@v0.203.0
//
// CHECKOUTVCR_STRIPE_MOCK, when set, names the stripe-mock binary to run
// instead (an absolute path, or a command name in PATH): one installed some
// other way, or $(go tool -n stripe-mock) asked once for a whole CI job
// rather than once per test binary.
//
// No process outlives the test: stripe-mock runs in a process group of its
// own, is stopped by [testing.TB.Cleanup] (also when the test fails or
// panics), and on Linux the kernel kills it if the test binary dies
// (interrupted, killed, timed out). The local server runs inside the test
// binary.
//
// Each NewServer starts a stripe-mock of its own, about a CPU-second.
// stripe-mock keeps no state (the local server over it does), so the
// tests of a package can share one: run them through [Main],
//
//	func TestMain(m *testing.M) { os.Exit(checkoutvcrtest.Main(m)) }
//
// and every NewServer of the test binary uses one stripe-mock, started by
// the first NewServer and stopped when the tests end; each still gets a
// fresh local server of its own, so tests stay independent.
package checkoutvcrtest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/checkoutvcr/checkoutvcr/internal/localserver"
	"github.com/checkoutvcr/checkoutvcr/internal/localserver/control"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock/stripemocktest"
	"github.com/checkoutvcr/checkoutvcr/internal/webhook"
	"github.com/checkoutvcr/checkoutvcr/vcr"
)

// DefaultKey is the API key of a [Server] when [Options].Key is empty: a
// dummy test-mode key. The local server accepts any key, and each key is
// an account of its own, with its own sessions and clock.
const DefaultKey = "sk_test_checkoutvcrtest"

// Options configure [NewServer]. The zero value serves with [DefaultKey],
// at the contracts' Stripe API version, from the local server's default
// epoch, with no webhook endpoint.
type Options struct {
	// Key is the API key [Server.Key] holds and [Server.Pay] pays with.
	// Empty means [DefaultKey].
	Key string
	// APIVersion is the account's default Stripe API version: the
	// Stripe-Version [Server.Client] sends on a request that has none, and
	// the api_version of the events the server emits. stripe-go sends its
	// own pinned version on every request, which the server answers at.
	// Empty means the version of checkoutvcr's contracts.
	APIVersion string
	// Epoch is the time every account's clock starts at; the clock moves
	// only through [Server.Advance] or the clock control endpoint, so the
	// same requests get the same timestamps, run after run. Zero means
	// the local server's default (2026-01-01T00:00:00Z).
	Epoch time.Time
	// Webhooks receive every event the server emits (a session paid,
	// expired), signed as Stripe signs them with the endpoint's whsec_
	// secret. Each event is delivered once, before the call that emitted
	// it returns; the outcome is logged with t.Log. nil means none: the
	// events are only listed by GET /v1/events.
	Webhooks []Webhook
	// StartTimeout bounds the start of stripe-mock, a first build of it
	// included. Zero means 3 minutes.
	StartTimeout time.Duration
}

// Webhook is an endpoint that receives the server's events.
type Webhook struct {
	// URL is where events are POSTed, e.g. an httptest server's URL.
	URL string
	// Secret signs each delivery; it starts with whsec_.
	Secret string
}

// Server is a running local Checkout server, made by [NewServer] and
// stopped when the test that made it ends.
type Server struct {
	// URL is the server's base URL, e.g. "http://127.0.0.1:41234": the
	// API base of your Stripe client (stripe-go's BackendConfig.URL).
	URL string
	// Key is the API key to use: [Options].Key or [DefaultKey].
	Key string
	// APIVersion is the account's default Stripe API version
	// ([Options].APIVersion, or the contracts' version when empty).
	APIVersion string
	// Client is an HTTP client for the server: it sends Stripe-Version
	// [Server.APIVersion] on a request that has none. Give it to
	// stripe-go as BackendConfig.HTTPClient.
	Client *http.Client
	// StripeMockURL is the base URL of the stripe-mock under the server.
	StripeMockURL string

	srv       *localserver.Server
	transport *http.Transport
}

// NewServer starts stripe-mock and the local Checkout server over it, on
// free 127.0.0.1 ports, and registers their stop with t.Cleanup. Under
// [Main] it starts the local server only, over the test binary's shared
// stripe-mock (starting that on first use). It fails t (t.Fatal) when they
// cannot start, saying why: for stripe-mock missing from the module's
// tools, the go get -tool line that adds it.
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s, stop, err := start(t, opts)
	t.Cleanup(stop)
	if err != nil {
		t.Fatalf("checkoutvcrtest: %v", err)
	}
	return s
}

// start starts the servers; stop, never nil, stops whatever started.
func start(t testing.TB, opts Options) (s *Server, stop func(), err error) {
	var stops []func()
	stop = func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}
	if stripekey.IsLiveKey(opts.Key) {
		// The servers are local, and a test that fails would quote the
		// key back; the key itself is never printed.
		return nil, stop, fmt.Errorf("Options.Key is a live-mode key (%s…): use a test key such as %s, or leave Key empty", opts.Key[:8], DefaultKey)
	}
	version := cmp.Or(opts.APIVersion, localserver.NewestVersion())
	mock, err := stripeMock(opts.StartTimeout)
	if err != nil {
		return nil, stop, fmt.Errorf("start stripe-mock: %w", err)
	}
	stops = append(stops, func() { _ = mock.Close() })
	lopts := localserver.Options{StripeMock: mock.URL, Epoch: opts.Epoch, APIVersion: version}
	if len(opts.Webhooks) > 0 {
		deliver, wait, err := webhooks(t, opts.Webhooks, version)
		if err != nil {
			return nil, stop, err
		}
		stops = append(stops, wait)
		lopts.OnEvents = deliver
		lopts.PendingWebhooks = len(opts.Webhooks)
	}
	srv, err := localserver.New(lopts)
	if err != nil {
		return nil, stop, err
	}
	l, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		return nil, stop, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	stops = append(stops, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if l.Shutdown(ctx) != nil {
			_ = l.Close()
		}
		tr.CloseIdleConnections()
	})
	key := opts.Key
	if key == "" {
		key = DefaultKey
	}
	return &Server{
		URL: l.URL, Key: key, APIVersion: version, StripeMockURL: mock.URL,
		Client: &http.Client{Transport: versionTransport{version: version, next: tr}},
		srv:    srv, transport: tr,
	}, stop, nil
}

// shared is the stripe-mock the servers of a test binary share while [Main]
// runs its tests.
var shared struct {
	on   atomic.Bool // Main is running the tests
	mock stripemocktest.Shared
}

// Main runs the tests of m with one stripe-mock shared by every
// [NewServer] of the test binary, and returns m's exit code for os.Exit:
//
//	func TestMain(m *testing.M) { os.Exit(checkoutvcrtest.Main(m)) }
//
// The first NewServer starts the stripe-mock (bounded by its
// [Options].StartTimeout) and Main stops it once the tests have ended; on Linux the kernel
// also kills it if the test binary dies. Each NewServer still gets a fresh
// local server, accounts and clocks of its own, so sharing changes nothing
// a test sees but [Server].StripeMockURL, the same for all. Without Main,
// each NewServer starts and stops a stripe-mock of its own.
func Main(m *testing.M) int {
	shared.on.Store(true)
	defer shared.on.Store(false)
	return shared.mock.Run(m)
}

// stripeMock returns the stripe-mock for one server: the shared one under
// [Main], started here if it is not yet, else one of its own. Closing it
// stops only one of its own.
func stripeMock(timeout time.Duration) (*stripemock.Server, error) {
	opts := stripemock.Options{StartTimeout: timeout}
	if !shared.on.Load() {
		return stripemock.Start(context.Background(), opts)
	}
	url, err := shared.mock.Start(opts)
	if err != nil {
		return nil, err
	}
	return stripemock.Start(context.Background(), stripemock.Options{URL: url})
}

// webhooks returns the OnEvents hook that delivers every event to the
// endpoints, and a func that waits for deliveries in flight.
func webhooks(t testing.TB, endpoints []Webhook, version string) (deliver func([]localserver.Event), wait func(), err error) {
	wopts := webhook.Options{Attempts: 1, Render: localserver.RenderEvent, DefaultVersion: version}
	for _, e := range endpoints {
		wopts.Endpoints = append(wopts.Endpoints, webhook.Endpoint{URL: e.URL, Secret: e.Secret})
	}
	sender, err := webhook.New(wopts)
	if err != nil {
		return nil, nil, fmt.Errorf("Options.Webhooks: %w", err)
	}
	var mu sync.Mutex
	deliver = func(evs []localserver.Event) {
		for _, r := range sender.Deliver(context.Background(), localserver.WebhookEvents(evs)) {
			last := r.Attempts[len(r.Attempts)-1]
			what := fmt.Sprint(last.Status)
			if last.Err != nil {
				what = last.Err.Error()
			}
			mu.Lock()
			t.Logf("checkoutvcrtest: webhook %s %s to %s: %s", r.Event.Type, r.Event.ID, r.Endpoint, what)
			mu.Unlock()
		}
	}
	return deliver, sender.Wait, nil
}

// versionTransport sets Stripe-Version on requests that have none.
type versionTransport struct {
	version string
	next    http.RoundTripper
}

func (v versionTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if v.version == "" || req.Header.Get("Stripe-Version") != "" {
		return v.next.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.Header.Set("Stripe-Version", v.version)
	return v.next.RoundTrip(req)
}

// RecordOptions are the [vcr.RecordOptions] for recording a client that
// talks to s: [Server.Key] redacted, stripe-go's retry rule
// ([vcr.StripeGoRetried]), the server stamped as checkoutvcr's local
// one (stateful, on loopback, so verify checks what needs state), and
// [Server.Client]'s transport underneath.
func (s *Server) RecordOptions() vcr.RecordOptions {
	return vcr.RecordOptions{
		Transport: s.Client.Transport,
		Secrets:   []string{s.Key},
		Retried:   vcr.StripeGoRetried,
		Server:    vcr.Server{Kind: vcr.ServerLocal, Stateful: true, Local: true},
	}
}

// Pay completes and pays the open Checkout Session id of account
// [Server.Key], as a customer would in Stripe's hosted page; it fails t
// when the server refuses (the session is not open, or unknown).
func (s *Server) Pay(t testing.TB, id string) {
	t.Helper()
	s.Post(t, control.PayPath(id), nil)
}

// Advance moves the clock of account [Server.Key] forward by d (whole
// seconds) and expires the open sessions whose expires_at it reaches, as
// time passing on Stripe would. It returns the account's new time.
func (s *Server) Advance(d time.Duration) time.Time { return s.srv.Advance(s.Key, d) }

// Post sends form to path (e.g. "/v1/customers") as account [Server.Key]
// and returns the decoded answer: a test creates, through the server's
// own Stripe endpoints, the objects its code refers to by id (prices,
// customers, coupons, promotion codes), as they would exist in a real
// account. It fails t when the server answers with anything but 200,
// quoting Stripe's error.
func (s *Server) Post(t testing.TB, path string, form url.Values) map[string]any {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatalf("checkoutvcrtest: POST %s: %v", path, err)
	}
	req.SetBasicAuth(s.Key, "")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := s.Client.Do(req)
	if err != nil {
		t.Fatalf("checkoutvcrtest: POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("checkoutvcrtest: POST %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		// Redacted: an error may quote the request's credentials back.
		t.Fatalf("checkoutvcrtest: POST %s: %s: %s", path, resp.Status, redact.New(redact.Policy{}, s.Key).String(strings.TrimSpace(string(body))))
	}
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("checkoutvcrtest: POST %s: %v", path, err)
	}
	return out
}

// PriceParams describe a one-time price for [Server.Price].
type PriceParams struct {
	// UnitAmount is the price in the currency's smallest unit (2000 is
	// $20.00 in usd).
	UnitAmount int64
	// Currency is a three-letter ISO code in lower case, e.g. "usd".
	Currency string
	// Product is the name of the product the price makes, created with it.
	Product string
}

// Price creates a product named p.Product and a one-time price of it
// (POST /v1/prices with product_data) in account [Server.Key], and
// returns the price's id, for the line_items[][price] of a session. The
// server knows only the prices created in it: a session naming any other
// gets Stripe's 400 "No such price". Ids depend only on the key and the
// order of creation, so the same test gets the same ids on every run.
// Price fails t when the server refuses p.
func (s *Server) Price(t testing.TB, p PriceParams) string {
	t.Helper()
	out := s.Post(t, "/v1/prices", url.Values{
		"unit_amount":        {strconv.FormatInt(p.UnitAmount, 10)},
		"currency":           {p.Currency},
		"product_data[name]": {p.Product},
	})
	id, _ := out["id"].(string)
	if id == "" {
		t.Fatalf("checkoutvcrtest: POST /v1/prices: no id in the answer")
	}
	return id
}
