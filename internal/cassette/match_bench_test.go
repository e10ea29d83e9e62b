package cassette

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"
)

// benchSizes are the cassette sizes of the matching benchmarks.
var benchSizes = []int{10, 100, 1000, 5000}

// sizes is all when the benchmarks measure, and only its first when each
// runs once (-test.benchtime=1x), as make test runs them to keep them
// working: the code is the same at every size, and the largest cost make
// test 6.4 of its seconds (go-vcr reading 5,000 interactions, 200,000
// headers).
func sizes(all []int) []int {
	if f := flag.Lookup("test.benchtime"); f != nil && f.Value.String() == "1x" {
		return all[:1]
	}
	return all
}

// syntheticInteractions returns n distinct interactions shaped like a
// scenario's: creates with a form body, and GETs with a query.
func syntheticInteractions(n int) []*cassette.Interaction {
	out := make([]*cassette.Interaction, n)
	for k := range out {
		req := cassette.Request{Method: "POST", URL: "https://api.stripe.com/v1/checkout/sessions",
			Body: fmt.Sprintf("line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=%d&line_items[0][quantity]=2&metadata[order]=%d&mode=payment&success_url=https%%3A%%2F%%2Fexample.com%%2Fok", 1000+k, k)}
		if k%2 == 1 {
			req = cassette.Request{Method: "GET", URL: fmt.Sprintf("https://api.stripe.com/v1/checkout/sessions/cs_test_%d/line_items?limit=10", k)}
		}
		req.Headers = http.Header{"Stripe-Version": {"2026-08-26.dahlia"}}
		out[k] = &cassette.Interaction{ID: k, Request: req, Response: cassette.Response{Code: 200, Body: `{"object":"checkout.session"}`, Headers: http.Header{}}}
	}
	return out
}

// liveRequests builds the requests a client would send for is, in order
// or reversed.
func liveRequests(is []*cassette.Interaction, reversed bool) []*http.Request {
	out := make([]*http.Request, len(is))
	for k, i := range is {
		r, _ := http.NewRequest(i.Request.Method, i.Request.URL, strings.NewReader(i.Request.Body))
		pos := k
		if reversed {
			pos = len(is) - 1 - k
		}
		out[pos] = r
	}
	return out
}

// benchLookup runs find once per b.N request, cycling through reqs;
// reset (untimed) starts a fresh replay each time every request was made.
func benchLookup(b *testing.B, is []*cassette.Interaction, reqs []*http.Request, reset func(), find func(*http.Request) error) {
	b.Helper()
	bodies := make([]string, len(reqs))
	for k, i := range is {
		bodies[k] = i.Request.Body
	}
	for k, r := range reqs {
		bodies[k] = ""
		if r.Method == "POST" {
			// reqs[k] sends the body of the interaction with its URL and method.
			b, _ := io.ReadAll(r.Body)
			bodies[k] = string(b)
		}
	}
	reset()
	b.ResetTimer()
	for n := range b.N {
		k := n % len(reqs)
		if k == 0 && n > 0 {
			b.StopTimer()
			reset()
			b.StartTimer()
		}
		r := reqs[k]
		r.Body = io.NopCloser(strings.NewReader(bodies[k]))
		if err := find(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatch is replay matching per request at N interactions in a
// cassette, the requests sent in recorded order and reversed: our index
// ("index", what [Replayer] uses) against go-vcr v3.2.0's
// Cassette.GetInteraction with the cheapest matcher it can be given
// ("govcr-keyed": each recorded request's key cached by the address of
// its URL and body strings, the live key computed once per request),
// which still visits every unreplayed interaction before the one that
// matches.
func BenchmarkMatch(b *testing.B) {
	for _, n := range sizes(benchSizes) {
		is := syntheticInteractions(n)
		path := saveCassette(b, is)
		for _, order := range []string{"in_order", "reversed"} {
			b.Run(fmt.Sprintf("index/N=%d/%s", n, order), func(b *testing.B) {
				reqs := liveRequests(is, order == "reversed")
				var x *index
				benchLookup(b, is, reqs, func() { x = newIndex(is) }, func(r *http.Request) error {
					_, err := x.take(r)
					return err
				})
			})
			b.Run(fmt.Sprintf("govcr-keyed/N=%d/%s", n, order), func(b *testing.B) {
				reqs := liveRequests(is, order == "reversed")
				var rec *recorder.Recorder
				benchLookup(b, is, reqs, func() { rec = goVCRReplayer(b, path) }, func(r *http.Request) error {
					resp, err := rec.RoundTrip(r)
					if err == nil {
						resp.Body.Close()
					}
					return err
				})
			})
		}
	}
}

// BenchmarkIndexBuild is the one-off cost of indexing a cassette, paid
// when it is loaded.
func BenchmarkIndexBuild(b *testing.B) {
	for _, n := range sizes(benchSizes) {
		is := syntheticInteractions(n)
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			for b.Loop() {
				newIndex(is)
			}
		})
	}
}

// BenchmarkReplayLoad is loading a cassette of N interactions for replay
// (file check, go-vcr's YAML load, index).
func BenchmarkReplayLoad(b *testing.B) {
	for _, n := range sizes(benchSizes) {
		path := saveCassette(b, syntheticInteractions(n))
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			for b.Loop() {
				_, err := Replay(path)
				require.NoError(b, err)
			}
		})
	}
}

func saveCassette(b *testing.B, is []*cassette.Interaction) string {
	b.Helper()
	name := filepath.Join(b.TempDir(), "c")
	c := cassette.New(name)
	for _, i := range is {
		cp := *i
		c.AddInteraction(&cp)
	}
	require.NoError(b, c.Save())
	return name + ".yaml"
}

// goVCRReplayer is go-vcr's own replay of the cassette at path with a
// matcher that costs a map lookup and a string comparison per call.
func goVCRReplayer(b *testing.B, path string) *recorder.Recorder {
	rec, err := recorder.NewWithOptions(&recorder.Options{
		CassetteName: strings.TrimSuffix(path, ".yaml"), Mode: recorder.ModeReplayOnly, SkipRequestLatency: true,
	})
	require.NoError(b, err)
	type id struct{ url, body *byte }
	keys := map[id]string{}
	var live *http.Request
	var liveKey string
	rec.SetMatcher(func(r *http.Request, i cassette.Request) bool {
		if r != live {
			body, err := readBody(r)
			require.NoError(b, err)
			liveKey, err = requestKey(r.Method, r.URL.EscapedPath(), r.URL.RawQuery, body)
			require.NoError(b, err)
			live = r
		}
		k := id{unsafe.StringData(i.URL), unsafe.StringData(i.Body)}
		key, ok := keys[k]
		if !ok {
			req, err := recordedRequest(i)
			require.NoError(b, err)
			key = req.key()
			keys[k] = key
		}
		return key == liveKey
	})
	return rec
}

// FuzzRequestKey checks that the key a live request is looked up by, built
// straight from the raw text, is the key of the parsed request, and so
// that two requests share a key exactly when they match (see FuzzMatch).
func FuzzRequestKey(f *testing.F) {
	f.Add("POST", "http://stripe-mock/v1/checkout/sessions", "line_items[0][price]=p&mode=payment&&x")
	f.Add("GET", "http://stripe-mock/v1/checkout/sessions?limit=10&expand[0]=a&expand[]=b", "")
	f.Add("POST", "/v1/x?a=1&a=2;", "a=%20+b&a=c&=d")
	f.Add("POST", "/v1/x?a=%zz&b=2", "a=%zz")
	f.Fuzz(func(t *testing.T, method, rawURL, body string) {
		req, err := parseRequest(method, rawURL, body)
		u, uerr := url.Parse(rawURL)
		if uerr != nil {
			return
		}
		k, kerr := requestKey(method, u.EscapedPath(), u.RawQuery, body)
		if (err == nil) != (kerr == nil) {
			t.Fatalf("parseRequest error %v, requestKey error %v", err, kerr)
		}
		if err == nil && k != req.key() {
			t.Fatalf("raw key %q, parsed key %q", k, req.key())
		}
	})
}
