package cassette

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// servedByParts is Served as replay built it before served1, from one
// parse per field: the reference served1 must agree with.
func servedByParts(p *Replayer, i *cassette.Interaction) Served {
	pathOnly := func(rawURL string) string {
		u, err := url.Parse(rawURL)
		if err != nil {
			return ""
		}
		return u.Path
	}
	recorded := func(r cassette.Request, params bool) url.Values {
		req, err := recordedRequest(r)
		if err != nil {
			return nil
		}
		if params && r.Method != http.MethodGet {
			return req.form
		}
		return req.query
	}
	return Served{
		ID: i.ID, File: p.path, Line: p.Line(i.ID), Method: i.Request.Method,
		Path: pathOnly(i.Request.URL), Query: recorded(i.Request, false), Status: i.Response.Code,
		Request: RequestLine(i.Request), Server: ServerOf(i.Response.Headers),
		StripeVersion: i.Request.Headers.Get("Stripe-Version"), Params: recorded(i.Request, true),
		Header: i.Response.Headers, Body: i.Response.Body,
	}
}

// checkServed1 fails t if served1 differs from servedByParts for a
// request with method, URL and body.
func checkServed1(t *testing.T, method, rawURL, body string) {
	t.Helper()
	p := &Replayer{path: "c.yaml", lines: []int{0, 4}}
	i := &cassette.Interaction{ID: 1,
		Request:  cassette.Request{Method: method, URL: rawURL, Body: body, Headers: http.Header{"Stripe-Version": {"2025-08-27.basil"}}},
		Response: cassette.Response{Code: 200, Body: "{}", Headers: http.Header{"Request-Id": {"req_1"}}},
	}
	if diff := cmp.Diff(servedByParts(p, i), p.served1(i)); diff != "" {
		t.Errorf("%s %q %q: served1 (-want +got):\n%s", method, rawURL, body, diff)
	}
}

// TestServed1ParsesOnce: what replay records of a served interaction,
// parsing its URL and body once, is what parsing them once per field
// gave, for URLs and bodies that parse and ones that do not.
func TestServed1ParsesOnce(t *testing.T) {
	for _, c := range []struct{ method, url, body string }{
		{"POST", "http://stripe-mock/v1/checkout/sessions", "line_items[0][price]=p&mode=payment&b=1&a=2"},
		{"POST", "http://stripe-mock/v1/checkout/sessions/cs_1/expire", ""},
		{"GET", "http://stripe-mock/v1/checkout/sessions/cs_1/line_items?limit=3&expand[]=x", ""},
		{"GET", "http://stripe-mock/v1/checkout/sessions?b=2&a=1&a=0", "ignored=1"},
		{"GET", "https://api.stripe.com/v1/x%2Fy?q=%zz&r=1", ""},
		{"POST", "/v1/x?a=1", "a=%zz"},
		{"POST", "/v1/x", "a=1;b=2"},
		{"GET", "http://[::1]:%31/%2F?%", ""},
		{"GET", "", ""},
		{"DELETE", "http://h/v1/customers/cus_1", ""},
	} {
		checkServed1(t, c.method, c.url, c.body)
	}
}

// BenchmarkReplayServe replays every interaction of a committed
// cassette through the replay transport, as verify does for each
// scenario (the cassette loaded once, outside the loop).
func BenchmarkReplayServe(b *testing.B) {
	const path = "../../cassettes/lifecycle.yaml"
	p, err := Replay(path)
	if err != nil {
		b.Fatal(err)
	}
	all := p.Interactions()
	b.ReportAllocs()
	for b.Loop() {
		p.idx = newIndex(all)
		p.served = nil
		tr := p.Transport()
		for _, i := range all {
			r, err := http.NewRequest(i.Request.Method, i.Request.URL, strings.NewReader(i.Request.Body))
			if err != nil {
				b.Fatal(err)
			}
			resp, err := tr.RoundTrip(r)
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
		}
	}
}
