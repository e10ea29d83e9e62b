package cassette

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzMatch canonicalises two arbitrary requests and compares them: it
// must never panic; a request never differs from itself; two requests
// differ exactly when their canonical keys (what replay looks up) differ;
// and requestKey, which replay uses, agrees with parseRequest.
func FuzzMatch(f *testing.F) {
	f.Add("POST", "http://stripe-mock/v1/checkout/sessions", "line_items[0][price]=p&mode=payment",
		"POST", "http://stripe-mock/v1/checkout/sessions", "mode=payment&line_items[0][price]=p")
	f.Add("GET", "http://stripe-mock/v1/checkout/sessions/cs_1/line_items?limit=10", "",
		"GET", "http://stripe-mock/v1/checkout/sessions/cs_1/line_items?limit=3", "")
	f.Add("POST", "/v1/x?a=1&a=2", "a=1&a=2", "POST", "/v1/x?a=2&a=1", "a=%zz")
	f.Add("GET", "http://[::1]:%31/%2F?%", "a;b", "GET", "http://h/a%2Fb", "a=b;c")
	f.Fuzz(func(t *testing.T, m1, u1, b1, m2, u2, b2 string) {
		r1, err1 := parseRequest(m1, u1, b1)
		r2, err2 := parseRequest(m2, u2, b2)
		_ = pathOf(u1)
		checkServed1(t, m1, u1, b1)
		if err1 != nil || err2 != nil {
			return
		}
		// The index's fast canonicaliser agrees with the parsed form.
		for _, c := range []struct {
			m, u, b string
			r       request
		}{{m1, u1, b1, r1}, {m2, u2, b2, r2}} {
			u, _ := url.Parse(c.u)
			k, err := requestKey(c.m, u.EscapedPath(), u.RawQuery, c.b)
			if err != nil || k != c.r.key() {
				t.Fatalf("requestKey(%q, %q, %q) = %q, %v; parsed key %q", c.m, c.u, c.b, k, err, c.r.key())
			}
		}
		_ = r1.String()
		if d := differences(r1, r1); len(d) != 0 {
			t.Fatalf("%v differs from itself: %q", r1, d)
		}
		d := differences(r1, r2)
		if (len(d) == 0) != (r1.key() == r2.key()) {
			t.Fatalf("differences %q but keys %q and %q", d, r1.key(), r2.key())
		}
	})
}

// FuzzCheck loads arbitrary bytes as a cassette: it must never panic, and
// an error is one line naming the file.
func FuzzCheck(f *testing.F) {
	for _, glob := range []string{"../../cassettes/invalid_param.yaml", "testdata/broken/*.yaml"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := checkData("fuzz.yaml", data)
		if err == nil && c == nil {
			t.Fatal("no error and no cassette")
		}
		if err == nil {
			return
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "fuzz.yaml") || strings.Contains(msg, "\n") {
			t.Fatalf("not one line naming the file: %q", msg)
		}
	})
}
