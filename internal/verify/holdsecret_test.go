package verify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vcrcassette "gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// splitRule is holdsSecret's rule as it was first written: each value
// judged by secretIn over its whole dotted path, split on ".".
func splitRule(i *vcrcassette.Interaction) bool {
	in := func(path, v string) bool { return secretIn(strings.Split(path, "."), v) != "" }
	values := func(prefix string, h map[string][]string) bool {
		for k, vs := range h {
			for _, v := range vs {
				if in(prefix+"."+k, v) {
					return true
				}
			}
		}
		return false
	}
	return in("request.url", i.Request.URL) || in("request.body", i.Request.Body) ||
		values("request.headers", i.Request.Headers) || values("request.form", i.Request.Form) ||
		in("response.body", i.Response.Body) || values("response.headers", i.Response.Headers)
}

// TestLastTwo: lastTwo gives the last two elements strings.Split does,
// keys with dots of their own included.
func TestLastTwo(t *testing.T) {
	for _, c := range []struct{ prefix, key string }{
		{"request", "url"}, {"request.headers", "Authorization"}, {"request.headers", "a.b"},
		{"request.headers", "a.b.c"}, {"response.headers", ".Cookie"}, {"request.form", "x."},
		{"request.form", ".."}, {"request.form", ""}, {"request.headers", "headers.Cookie"},
	} {
		path := strings.Split(c.prefix+"."+c.key, ".")
		parent, last := lastTwo(c.prefix, c.key)
		assert.Equal(t, path[len(path)-2:], []string{parent, last}, "%s + %q", c.prefix, c.key)
	}
}

// TestHoldsSecretIsSplitRule: holdsSecret, which builds no path, answers
// as the rule over the split path does, for each kind of place a secret
// can be in (header names in any case, non-ASCII ones, keys with dots),
// and for every interaction of this module's cassettes.
func TestHoldsSecretIsSplitRule(t *testing.T) {
	values := []string{"", "REDACTED", "Bearer sk_test_123", "plain", "whsec_abc", "client_secret=pi_1_secret_2", "pi_1_secret_2"}
	keys := []string{"Authorization", "AUTHORIZATION", "cookie", "Set-Cookie", "Proxy-Authorization", "Content-Type",
		"x.Cookie", "headers.Cookie", "a.client_secret", "client_secret", "Cooki\u212a", "COOKİE", "Cookie\u00e9", "İ"}
	var cases []*vcrcassette.Interaction
	for _, v := range values {
		for _, k := range keys {
			h := map[string][]string{k: {v}}
			cases = append(cases,
				&vcrcassette.Interaction{Request: vcrcassette.Request{Headers: h}},
				&vcrcassette.Interaction{Request: vcrcassette.Request{Form: h}},
				&vcrcassette.Interaction{Response: vcrcassette.Response{Headers: h}})
		}
		cases = append(cases,
			&vcrcassette.Interaction{Request: vcrcassette.Request{URL: "https://x/?k=" + v}},
			&vcrcassette.Interaction{Request: vcrcassette.Request{Body: v}},
			&vcrcassette.Interaction{Response: vcrcassette.Response{Body: `{"a":"` + v + `"}`}})
	}
	held := 0
	for _, i := range cases {
		want := splitRule(i)
		assert.Equal(t, want, holdsSecret(i), "%+v", i)
		if want {
			held++
		}
	}
	assert.Positive(t, held, "some cases hold a secret")
	assert.Less(t, held, len(cases), "some cases hold none")

	for _, name := range []string{"lifecycle", "paid", "basil"} {
		c, err := vcrcassette.Load("../../cassettes/" + name)
		require.NoError(t, err)
		for _, i := range c.Interactions {
			assert.Equal(t, splitRule(i), holdsSecret(i), "%s interaction %d", name, i.ID)
		}
	}
}

// BenchmarkHoldsSecret: the secret check of one recorded cassette's
// interactions, as scenario mode runs it on every cassette it replays.
func BenchmarkHoldsSecret(b *testing.B) {
	c, err := vcrcassette.Load("../../cassettes/lifecycle")
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		for _, i := range c.Interactions {
			if holdsSecret(i) {
				b.Fatal("a secret in a committed cassette")
			}
		}
	}
}

// TestClientSecretMayMatch: wherever the client_secret pattern matches,
// clientSecretMayMatch lets it run; a session's "client_secret": null,
// in every recorded session, does not.
func TestClientSecretMayMatch(t *testing.T) {
	for _, c := range []struct {
		value string
		may   bool
	}{
		{`{"client_secret": "pi_1_secret_2"}`, true},
		{`{\"client_secret\":\"seti_1_secret_2\"}`, true},
		{"amount=1&client_secret=pi_1", true},
		{"{\"client_secret\" \t\n\f\r:\r\n \"x\"}", true},
		{`"client_secret":\"x"`, true},
		{`{"client_secret": null}`, false},
		{`{"client_secret": null, "x": "client_secret=1"}`, true},
		{`{"client_secret": null, "other_client_secret": "a"}`, true},
		{`client_secret`, false},
		{`client_secret"`, false},
		{`client_secret\\"`, false},
		{`{"client_secret"` + "\v" + `: "x"}`, false},
		{"", false},
	} {
		assert.Equal(t, c.may, clientSecretMayMatch(c.value), "%q", c.value)
		if clientSecret.MatchString(c.value) {
			assert.True(t, clientSecretMayMatch(c.value), "the pattern matches %q", c.value)
		}
	}
	for _, name := range []string{"lifecycle", "paid", "basil"} {
		c, err := vcrcassette.Load("../../cassettes/" + name)
		require.NoError(t, err)
		for _, i := range c.Interactions {
			b := i.Response.Body
			assert.Equal(t, clientSecret.MatchString(b), clientSecretMayMatch(b), "%s interaction %d", name, i.ID)
		}
	}
}

// FuzzClientSecretMayMatch: clientSecretMayMatch never refuses a value
// the client_secret pattern matches.
func FuzzClientSecretMayMatch(f *testing.F) {
	f.Add(`{"client_secret": "pi_1_secret_2"}`)
	f.Add(`client_secret=client_secret\" : \"x`)
	f.Fuzz(func(t *testing.T, v string) {
		if clientSecret.MatchString(v) && !clientSecretMayMatch(v) {
			t.Fatalf("the pattern matches %q, which clientSecretMayMatch refuses", v)
		}
	})
}
