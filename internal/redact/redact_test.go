package redact_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/redact"
)

const key = "sk_test_Key+<1>/&x"

func TestStringFindsEveryEncoding(t *testing.T) {
	r := redact.New(redact.Policy{}, key)
	for _, v := range redact.Variants(key) {
		got := r.String("said: " + v + " end")
		assert.Equal(t, "said: REDACTED end", got, "variant %q", v)
	}
	for _, tt := range []struct{ name, in string }{
		{"JSON \\u003c", `sk_test_Key+\u003c1\u003e/\u0026x`},
		{"URL %2B", "sk_test_Key%2B%3C1%3E%2F%26x"},
		{"URL %2b", "sk_test_Key%2b%3c1%3e%2f%26x"},
		{"every byte \\u00XX", `\u0073\u006b\u005f\u0074\u0065\u0073\u0074\u005f\u004b\u0065\u0079\u002b\u003c\u0031\u003e\u002f\u0026\u0078`},
	} {
		assert.NotContains(t, r.String(tt.in), "Key", tt.name)
	}
	plain := redact.New(redact.Policy{})
	assert.Equal(t, "x_REDACTED!", plain.String("x_sk_live_abc123!"), "key-shaped text inside a word")
	assert.Equal(t, "secret REDACTED.", plain.String("secret cs_test_a1b2_secret_zz9."), "client-secret-shaped text")
	assert.Equal(t, "pk_test_abc cus_123 task_test_1", plain.String("pk_test_abc cus_123 task_test_1"), "publishable keys, ids and words stay")
	assert.Equal(t, "REDACTED,REDACTED", plain.String("sk_test_a,rk_live_b"))
	// A Basic credential quoted back in a body (stripe-mock's 401 does):
	// its base64, known key or not, when it decodes to a key's shape.
	basic := base64.StdEncoding.EncodeToString([]byte("sk_live_51AbCdEf:"))
	assert.Equal(t, "Authorization was 'Basic REDACTED'", plain.String("Authorization was 'Basic "+basic+"'"))
	assert.Equal(t, "was 'Basic REDACTED'", redact.New(redact.Policy{}, "sk_live_51AbCdEf").String("was 'Basic "+basic+"'"))
	other := "Basic " + base64.StdEncoding.EncodeToString([]byte("user:password"))
	assert.Equal(t, other, plain.String(other), "a credential of no key stays")
}

func TestJSON(t *testing.T) {
	r := redact.New(redact.Policy{Fields: []redact.Rule{{Name: "address"}, {Name: "*email*"}}}, key)
	body := `{"client_secret":{"nested":"cs_x"},"a":[{"client_secret":"plain_value_1"}],` +
		`"customer_details":{"address":{"city":"Paris","line1":"1 rue","n":3,"x":null},"email":"j@x.io"},` +
		`"customer_email":"j@x.io","message":"Invalid API Key provided: sk_test_Key+\u003c1\u003e/\u0026x",` +
		`"sk_test_Key+<1>/&x":1,"list":["ok","sk_test_Key+<1>/&x"],"amount":4000}`
	got := r.JSON(body)
	assert.Equal(t, `{"client_secret":"REDACTED","a":[{"client_secret":"REDACTED"}],`+
		`"customer_details":{"address":{"city":"REDACTED","line1":"REDACTED","n":3,"x":null},"email":"REDACTED"},`+
		`"customer_email":"REDACTED","message":"Invalid API Key provided: REDACTED",`+
		`"REDACTED":1,"list":["ok","REDACTED"],"amount":4000}`, got)
	assert.Equal(t, "seen: REDACTED", r.String("seen: plain_value_1"), "a client_secret seen in a body is scrubbed in logs after")
	assert.Empty(t, r.Unmatched())
	assert.True(t, r.Scrubs([]string{"customer_details", "address"}))
	assert.False(t, r.Scrubs([]string{"customer_details", "name"}))
}

func TestRulesAndKeep(t *testing.T) {
	p, err := redact.Parse("redact.yaml", []byte("fields:\n  - metadata.ref\n  - nope\nkeep:\n  - customer_email\n"))
	require.NoError(t, err)
	r := redact.New(p)
	got := r.JSON(`{"customer_email":"a@b.c","customer_details":{"email":"a@b.c","tax_ids":[{"type":"eu_vat","value":"FR1"}]},"metadata":{"ref":"r1"},"email":"top"}`)
	assert.Equal(t, `{"customer_email":"a@b.c","customer_details":{"email":"REDACTED","tax_ids":[{"type":"eu_vat","value":"REDACTED"}]},"metadata":{"ref":"REDACTED"},"email":"top"}`, got,
		"a name matches only a field of that name; keep wins over the defaults; a tax id's value goes, its type (an enum) stays")
	un := r.Unmatched()
	var names []string
	for _, u := range un {
		if u.Pos != "default" {
			names = append(names, u.String())
		}
	}
	assert.Equal(t, []string{"nope (redact.yaml:3)"}, names, "a declared name that matched nothing is reported")

	for _, tt := range []struct{ in, want string }{
		{"fieldz: [a]\n", "redact.yaml:1: unknown key \"fieldz\"; want fields, keep or defaults"},
		{"fields: a\n", "redact.yaml:1: want a list of field names"},
		{"fields:\n  - \"a..b\"\n", "redact.yaml:2: field name \"a..b\": want names or globs separated by dots"},
		{"fields: [\n", "redact.yaml: yaml:"},
	} {
		_, err := redact.Parse("redact.yaml", []byte(tt.in))
		require.Error(t, err, tt.in)
		assert.Contains(t, err.Error(), tt.want)
	}
	p, err = redact.Parse("redact.yaml", []byte("defaults: false\n"))
	require.NoError(t, err)
	assert.Empty(t, p.Fields)
}

func TestHeaderURLForm(t *testing.T) {
	r := redact.New(redact.Policy{Fields: []redact.Rule{{Name: "customer_details.email"}}}, key)
	h := r.Header(http.Header{"Authorization": {"Bearer " + key}, "Set-Cookie": {"a=b"}, "X-Echo": {url.QueryEscape(key)}, "Request-Id": {"req_1"}})
	assert.Equal(t, http.Header{"X-Echo": {"REDACTED"}, "Request-Id": {"req_1"}}, h)

	assert.Equal(t, "http://proxy:8080/v1/x?customer_details[email]=REDACTED&k=REDACTED",
		r.URL("http://user:pa%40ss@proxy:8080/v1/x?customer_details[email]=a%40b.c&k="+url.QueryEscape(key)))
	assert.Equal(t, "mode=payment&customer_details%5Bemail%5D=REDACTED&metadata[k]=REDACTED",
		r.Form("mode=payment&customer_details%5Bemail%5D=a%40b.c&metadata[k]="+url.QueryEscape(key)))
	assert.Equal(t, url.Values{"customer_details[email]": {"REDACTED"}, "m": {"x REDACTED"}},
		r.Values(url.Values{"customer_details[email]": {"a@b.c"}, "m": {"x " + key}}))
}

func TestStripUserinfo(t *testing.T) {
	for in, want := range map[string]string{
		"http://u:p@h:1/x?a=b@c": "http://h:1/x?a=b@c",
		"u:p@h:1":                "h:1",
		"https://h/x@y":          "https://h/x@y",
		"not a url":              "not a url",
	} {
		assert.Equal(t, want, redact.StripUserinfo(in), in)
	}
}

func TestTerminal(t *testing.T) {
	assert.Equal(t, `a\x1b[31mred\x07 \u202eevil`+"\nnext", redact.Terminal("a\x1b[31mred\x07 \u202eevil\nnext"))
	assert.Equal(t, `a\x0ab\u009b\xff`, redact.Line("a\nb\u009b\xff"))
	assert.Equal(t, "plain ✓ text", redact.Terminal("plain ✓ text"))
	assert.False(t, strings.ContainsRune(redact.Line("x\ry"), '\r'))
}

// TestConcurrentUse: record's workers learn secrets while others print;
// run with -race.
func TestConcurrentUse(t *testing.T) {
	r := redact.New(redact.Default(), key)
	done := make(chan struct{})
	for w := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 50 {
				secret := "cs_test_w" + string(rune('a'+w)) + "_secret_" + strings.Repeat("x", i+1)
				r.JSON(`{"client_secret":"` + secret + `"}`)
				assert.Equal(t, "seen REDACTED", r.String("seen "+secret))
			}
		}()
	}
	for range 4 {
		<-done
	}
}

// TestWebhookSecretsWholly checks a webhook signing secret is replaced
// whole, underscores and all, wherever it stands.
func TestWebhookSecretsWholly(t *testing.T) {
	r := redact.New(redact.Policy{})
	for _, s := range []string{"whsec_abc123", "whsec_test_secret", "x=whsec_test_secret_2&y=1"} {
		got := r.String(s)
		assert.NotContains(t, got, "whsec_", "%q → %q", s, got)
		assert.NotContains(t, got, "secret", "%q → %q", s, got)
	}
}

// TestRepeatedAndMixedEscaping: a key JSON- or URL-escaped twice or more,
// or with only some characters escaped, is replaced whole.
func TestRepeatedAndMixedEscaping(t *testing.T) {
	const k = "sk_test_reviewkey123"
	r := redact.New(redact.Policy{}, k)
	plain := redact.New(redact.Policy{})
	for _, tt := range []struct{ name, in string }{
		{"double JSON, prefix only", `\\u0073\\u006b\\u005ftest_reviewkey123`},
		{"double JSON, every byte", `\\u0073\\u006b\\u005f\\u0074\\u0065\\u0073\\u0074\\u005f\\u0072\\u0065\\u0076\\u0069\\u0065\\u0077\\u006b\\u0065\\u0079\\u0031\\u0032\\u0033`},
		{"triple JSON", `\\\\u0073\\\\u006B_test_reviewkey123`},
		{"double URL", "%2573%256b%255ftest%255freviewkey123"},
		{"triple URL", "%252573k_test_reviewkey123"},
		{"mixed", `s\u006b%5Ftest\\u005freviewkey123`},
	} {
		for name, red := range map[string]*redact.Redactor{"known": r, "by shape": plain} {
			got := red.String(`said: "` + tt.in + `" end`)
			assert.Equal(t, `said: "REDACTED" end`, got, "%s (%s)", tt.name, name)
		}
	}
	for _, v := range redact.Variants(k) {
		assert.Equal(t, "x REDACTED y", r.String("x "+v+" y"), v)
	}
	assert.Contains(t, redact.Variants(k), `\\u0073\\u006b\\u005f\\u0074\\u0065\\u0073\\u0074\\u005f\\u0072\\u0065\\u0076\\u0069\\u0065\\u0077\\u006b\\u0065\\u0079\\u0031\\u0032\\u0033`, "double JSON is a variant")
	assert.Equal(t, `caf\u00e9 50%25 off \\u0026`, plain.String(`caf\u00e9 50%25 off \\u0026`), "other escapes stay as they are")
}

// TestForceWinsOverKeep (issue 25 case 4): a forced rule (record's
// -redact) scrubs a field a keep: rule keeps, and neither it nor a rule
// that matches the same field as an earlier one is reported unmatched;
// client_secret cannot be kept.
func TestForceWinsOverKeep(t *testing.T) {
	p, err := redact.Parse("redact.yaml", []byte("keep:\n  - customer_details.email\n  - customer_email\n  - client_secret\n"))
	require.NoError(t, err)
	p.Force = []redact.Rule{{Name: "email", Pos: "-redact"}}
	r := redact.New(p)
	got := r.JSON(`{"customer_email":"a@b.c","customer_details":{"email":"a@b.c"},"client_secret":"cs_secret_1"}`)
	assert.Equal(t, `{"customer_email":"a@b.c","customer_details":{"email":"REDACTED"},"client_secret":"REDACTED"}`, got)
	var unmatched []string
	for _, u := range r.Unmatched() {
		if u.Pos != "default" {
			unmatched = append(unmatched, u.String())
		}
	}
	assert.Empty(t, unmatched)
	rule, ok := r.ScrubbedBy([]string{"customer_details", "email"})
	assert.True(t, ok)
	assert.Equal(t, redact.Rule{Name: "email", Pos: "-redact"}, rule)
	assert.False(t, r.Scrubs([]string{"customer_email"}), "keep still wins over the defaults")
}
