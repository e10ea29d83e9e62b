package verify

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vcrcassette "gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"

	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

// foreignV4 holds cassettes written by go-vcr v4, recorded by the test of
// the examples/foreign module (see its README for the command).
const foreignV4 = "../../examples/foreign/testdata/unredacted"

// notStripe answers the requests for hosts other than stripe-mock's.
type notStripe struct{ next http.RoundTripper }

func (n notStripe) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Hostname() != "status.example.com" {
		return n.next.RoundTrip(r)
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"ok": true}`)), Request: r}, nil
}

// recordForeign records two cassettes the way a team's own test would:
// plain go-vcr v3 around an http.Client that talks to stripe-mock with
// an sk_test_ key, no redaction. Hooks plant a broken response and a
// request parameter Stripe does not have.
func recordForeign(t *testing.T, dir string) {
	t.Helper()
	mock, err := stripemock.Start(context.Background(), stripemock.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { mock.Close() })

	record := func(name string, hook recorder.HookFunc, calls func(do func(method, u, form string))) {
		rec, err := recorder.NewWithOptions(&recorder.Options{
			CassetteName: filepath.Join(dir, name), Mode: recorder.ModeRecordOnly,
			RealTransport: notStripe{http.DefaultTransport},
		})
		require.NoError(t, err)
		if hook != nil {
			rec.AddHook(hook, recorder.BeforeSaveHook)
		}
		c := rec.GetDefaultClient()
		calls(func(method, u, form string) {
			req, err := http.NewRequest(method, u, strings.NewReader(form))
			require.NoError(t, err)
			if strings.HasPrefix(u, mock.URL) {
				req.Header.Set("Authorization", "Bearer sk_test_123")
				req.Header.Set("Stripe-Version", "2026-08-26.dahlia")
			}
			if form != "" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			resp, err := c.Do(req)
			require.NoError(t, err)
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		})
		require.NoError(t, rec.Stop())
	}
	record("checkout", nil, func(do func(method, u, form string)) {
		do("POST", mock.URL+"/v1/customers", "email=a@example.com")
		do("POST", mock.URL+"/v1/checkout/sessions", "mode=payment&success_url=https://example.com/ok&line_items[0][price]=price_1&line_items[0][quantity]=1")
		do("GET", "https://status.example.com/health", "")
	})
	record("billing/prices", func(i *vcrcassette.Interaction) error {
		switch {
		case strings.HasSuffix(i.Request.URL, "/v1/prices?limit=3"):
			var doc map[string]any
			require.NoError(t, json.Unmarshal([]byte(i.Response.Body), &doc))
			doc["data"].([]any)[0].(map[string]any)["unit_amount"] = "2000"
			body, err := json.Marshal(doc)
			require.NoError(t, err)
			i.Response.Body = string(body)
		case strings.HasSuffix(i.Request.URL, "/v1/products"):
			i.Request.Body += "&colour=red"
			i.Request.Form = nil
		}
		return nil
	}, func(do func(method, u, form string)) {
		do("GET", mock.URL+"/v1/prices?limit=3", "")
		do("POST", mock.URL+"/v1/products", "name=T-shirt")
		do("POST", mock.URL+"/v1/payment_intents", "amount=2000&currency=usd")
	})
}

// lineNote is the "(line N)" of a secret finding.
var lineNote = regexp.MustCompile(` \(line \d+\)`)

// findingsOf lists r's findings as "cassette#interaction kind where".
func findingsOf(r *report.Report) []string {
	var out []string
	for _, sc := range r.Scenarios {
		name := filepath.Base(sc.Cassette)
		for _, st := range sc.Steps {
			for _, f := range st.Findings {
				where := f.Path
				if f.Kind == report.KindSecret || f.Kind == report.KindSkippedInteraction {
					where, _, _ = strings.Cut(f.Message, ":")
					where = lineNote.ReplaceAllString(where, "")
				}
				out = append(out, fmt.Sprintf("%s#%d %s %s %s", name, f.Interaction, f.Severity, f.Kind, where))
			}
		}
		for _, f := range sc.Findings {
			out = append(out, fmt.Sprintf("%s %s %s", name, f.Severity, f.Kind))
		}
	}
	slices.Sort(out)
	return out
}

// TestCassettesForeignV3: a folder of cassettes recorded through plain
// go-vcr v3 (not this module's recorder) is checked interaction by
// interaction, against every operation of the spec, and each planted
// problem is reported: the key in every Authorization header, the
// PaymentIntent's client_secret, a wrong type in a price, a parameter
// products do not take; the call to another host is listed and skipped.
func TestCassettesForeignV3(t *testing.T) {
	dir := t.TempDir()
	recordForeign(t, dir)
	rep, err := Cassettes(context.Background(), []string{dir}, CassetteOptions{})
	require.NoError(t, err)

	require.Len(t, rep.Scenarios, 2)
	var ops []string
	for _, sc := range rep.Scenarios {
		for _, st := range sc.Steps {
			ops = append(ops, st.ID+" "+st.Request)
		}
	}
	assert.Equal(t, []string{
		"GetPrices GET /v1/prices", "PostProducts POST /v1/products", "PostPaymentIntents POST /v1/payment_intents",
		"PostCustomers POST /v1/customers", "create POST /v1/checkout/sessions", "skipped GET https://status.example.com/health",
	}, ops, "billing/prices.yaml sorts before checkout.yaml")
	assert.Equal(t, []string{
		"checkout.yaml#0 error secret request.headers.Authorization holds a credential header (sk_test_…)",
		"checkout.yaml#1 error secret request.headers.Authorization holds a credential header (sk_test_…)",
		"checkout.yaml#2 note skipped_interaction not a call to Stripe's API (host status.example.com)",
		"prices.yaml#0 error secret request.headers.Authorization holds a credential header (sk_test_…)",
		"prices.yaml#0 error wrong_type data[0].unit_amount",
		"prices.yaml#1 error request_unknown_field request colour",
		"prices.yaml#1 error secret request.headers.Authorization holds a credential header (sk_test_…)",
		"prices.yaml#2 error secret request.headers.Authorization holds a credential header (sk_test_…)",
		"prices.yaml#2 error secret response.body holds a client_secret value",
	}, findingsOf(rep))
	assert.True(t, rep.Failed(false))
	for _, sc := range rep.Scenarios {
		for _, st := range sc.Steps {
			if st.ID != "skipped" {
				assert.Equal(t, "2026-08-26.dahlia", st.StripeVersion, "the answering version, from the response")
			}
		}
	}

	// Each secret finding names the line the secret is on.
	for _, sc := range rep.Scenarios {
		data, err := os.ReadFile(sc.Cassette)
		require.NoError(t, err)
		lines := strings.Split(string(data), "\n")
		for _, st := range sc.Steps {
			for _, f := range st.Findings {
				m := regexp.MustCompile(`\(line (\d+)\)`).FindStringSubmatch(f.Message)
				if f.Kind != report.KindSecret || !assert.NotNil(t, m, f.Message) {
					continue
				}
				n, _ := strconv.Atoi(m[1])
				want := "Bearer sk_test_"
				if strings.Contains(f.Message, "client_secret") {
					want = "_secret_"
				}
				assert.Contains(t, lines[n-1], want, "%s line %d", sc.Cassette, n)
			}
		}
	}

	var text bytes.Buffer
	require.NoError(t, report.Write(&text, rep, report.Options{Format: report.FormatText}))
	assert.NotContains(t, text.String(), "sk_test_123", "the report never repeats a secret")
	assert.Contains(t, text.String(), "redact before saving")
}

// TestCassettesForeignV4: the cassettes go-vcr v4 wrote (examples/foreign)
// are read and checked the same way: the key left in, the client_secret,
// the webhook secret, and the answering version of each interaction.
func TestCassettesForeignV4(t *testing.T) {
	rep, err := Cassettes(context.Background(), []string{foreignV4}, CassetteOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, rep.Scenarios)
	got := strings.Join(findingsOf(rep), "\n")
	assert.Contains(t, got, "error secret request.headers.Authorization")
	assert.Contains(t, got, "client_secret value")
	for _, sc := range rep.Scenarios {
		for _, st := range sc.Steps {
			assert.NotEqual(t, "skipped", st.ID, "%s: every v4 interaction is a Stripe call", st.Request)
			assert.NotEmpty(t, st.StripeVersion)
		}
	}
}

// TestCassettesErrors: what is not a cassette verify reads is an error
// naming the file and line, never a finding or a panic.
func TestCassettesErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	for _, c := range []struct{ name, body, want string }{
		{"v1.yaml", "version: 1\ninteractions: []\n", "v1.yaml:1: cassette format version 1: verify reads go-vcr format version 2, what go-vcr v3 and v4 write; re-record it with either"},
		{"none.yaml", "interactions:\n  - id: 0\n", "none.yaml:1: cassette format no version: verify reads go-vcr format version 2"},
		{"config.yaml", "name: x\n", "config.yaml:1: not a go-vcr cassette: no interactions list"},
		{"bad.yaml", "version: 2\ninteractions:\n  - id: [\n", "bad.yaml:3: did not find expected node content"},
		{"typed.yaml", "version: 2\ninteractions:\n  - id: zero\n", "typed.yaml:3"},
		// What go-vcr refuses to load is refused too, saying why.
		{"empty.yaml", "", "empty.yaml: the file is empty, not a go-vcr cassette: re-record it"},
		{"comments.yaml", "# nothing\n\n", "comments.yaml: the file is empty"},
		{"twice.yaml", "version: 2\nversion: 3\ninteractions: []\n", `twice.yaml:2: key "version" appears twice (first on line 1); go-vcr cannot load this cassette`},
		{"lists.yaml", "version: 2\ninteractions: []\ninteractions: []\n", `lists.yaml:3: key "interactions" appears twice`},
		{"quoted.yaml", "version: \"2\"\ninteractions: []\n", `quoted.yaml:1: cassette format "2" is not a number`},
		// A last item that is not a mapping is not a cut-short file.
		{"scalars.yaml", "version: 2\ninteractions: [1, \"x\", null]\n", "scalars.yaml:2: interaction 2 is not a mapping of request and response"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Cassettes(context.Background(), []string{write(c.name, c.body)}, CassetteOptions{})
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrConfig)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	// In a folder, YAML that is not a cassette is left alone.
	other := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(other, "settings.yml"), []byte("a: 1\n"), 0o644))
	_, err := Cassettes(context.Background(), []string{other}, CassetteOptions{})
	assert.ErrorContains(t, err, "no go-vcr cassettes in "+other)
	_, err = Cassettes(context.Background(), []string{filepath.Join(other, "nope")}, CassetteOptions{})
	assert.ErrorIs(t, err, ErrConfig)
}

// TestCassettesHosts: a host named in Hosts counts as Stripe's; without
// it the same interaction is skipped.
func TestCassettesHosts(t *testing.T) {
	dir := t.TempDir()
	body := `version: 2
interactions:
  - id: 0
    request:
      url: https://stripe-proxy.internal/v1/coupons?limit=1
      method: GET
    response:
      code: 200
      body: '{"object": "list", "data": [], "has_more": false, "url": "/v1/coupons"}'
`
	p := filepath.Join(dir, "proxy.yaml")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	rep, err := Cassettes(context.Background(), []string{p}, CassetteOptions{})
	require.NoError(t, err)
	assert.Equal(t, "skipped", rep.Scenarios[0].Steps[0].ID)
	assert.False(t, rep.Failed(true))
	rep, err = Cassettes(context.Background(), []string{p}, CassetteOptions{Hosts: []string{"stripe-proxy.internal"}})
	require.NoError(t, err)
	assert.Equal(t, "GetCoupons", rep.Scenarios[0].Steps[0].ID)
	assert.Empty(t, rep.Scenarios[0].Steps[0].Findings)
}

// TestSecretIn: each kind of secret, wherever it sits, and what is not
// one.
func TestSecretIn(t *testing.T) {
	for _, c := range []struct {
		name, path, value, want string
	}{
		{"authorization header", "request.headers.Authorization", "Bearer sk_test_123", "a credential header (sk_test_…)"},
		{"basic auth", "request.headers.Authorization", "Basic cmtfbGl2ZV8xOg==", "a credential header"},
		{"redacted header", "request.headers.Authorization", "REDACTED", ""},
		{"restricted live key in a URL", "request.url", "https://api.stripe.com/v1/x?key=rk_live_abc", "a Stripe key (rk_live_…)"},
		{"webhook secret in a body", "response.body", `{"secret": "whsec_abc123"}`, "a webhook signing secret (whsec_…)"},
		{"client_secret in JSON", "response.body", `{"client_secret": "pi_1_secret_2"}`, "a client_secret value"},
		{"escaped client_secret", "response.body", `{\"client_secret\":\"seti_1_secret_2\"}`, "a client_secret value"},
		{"client_secret in a form", "request.body", "amount=1&client_secret=pi_1_secret_2", "a client_secret value"},
		{"client_secret form field", "request.form.client_secret", "pi_1_secret_2", "a client_secret value"},
		{"null client_secret", "response.body", `{"client_secret": null}`, ""},
		{"redacted client_secret", "response.body", `{"client_secret": "REDACTED"}`, ""},
		{"publishable key", "response.body", `{"key": "pk_test_123"}`, ""},
		// A key inside a word joined by an underscore or a digit, but
		// not inside a word of letters.
		{"key after an underscore", "response.body", `{"note": "x_sk_live_abc1"}`, "a Stripe key (sk_live_…)"},
		{"key after a digit", "response.body", `{"note": "1sk_live_abc1"}`, "a Stripe key (sk_live_…)"},
		{"word ending in sk", "response.body", `{"note": "task_test_abc1"}`, ""},
		{"webhook secret after an underscore", "response.body", `{"note": "a_whsec_abc1"}`, "a webhook signing secret (whsec_…)"},
		// Encoded as a client decodes it.
		{"percent-encoded query", "request.url", "https://api.stripe.com/v1/x?next=%2Fx%3Fkey%3Dsk_live_abc1", "a Stripe key (sk_live_…) (encoded)"},
		{"percent-encoded underscores", "request.body", "key=sk%5Flive%5Fabc1", "a Stripe key (sk_live_…) (encoded)"},
		{"encoded twice", "request.body", "key=sk%255Flive%255Fabc1", "a Stripe key (sk_live_…) (encoded)"},
		{"bad escape beside", "request.body", "a=100%&key%3Dsk_live_abc1", "a Stripe key (sk_live_…) (encoded)"},
		{"percent-encoded webhook secret", "request.body", "a%3Dwhsec_abc1", "a webhook signing secret (whsec_…) (encoded)"},
		{"JSON escape", "response.body", `{"note": "\u0073k_live_abc1"}`, "a Stripe key (sk_live_…) (encoded)"},
		{"basic credentials in another header", "request.headers.X-Forwarded-Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte("sk_live_abc1:")), "a Stripe key (sk_live_…) (encoded)"},
		{"basic credentials quoted in a body", "response.body", `{"error": {"message": "Authorization was 'Basic ` + base64.StdEncoding.EncodeToString([]byte("sk_live_abc1:")) + `'"}}`, "a Stripe key (sk_live_…) (encoded)"},
		{"basic credentials of no key", "response.body", `{"message": "Basic ` + base64.StdEncoding.EncodeToString([]byte("user:password")) + `"}`, ""},
		{"form body without a key", "request.body", "line_items%5B0%5D%5Bprice%5D=price_1&mode=payment", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, secretIn(strings.Split(c.path, "."), c.value))
		})
	}
}

// TestCassettesOwnRecordings: this module's committed cassettes, checked
// as any cassette, pass: their responses carry the recorder's stamp, so
// their rewritten host counts as Stripe's; only the local server's
// controls (pay) are listed and skipped.
func TestCassettesOwnRecordings(t *testing.T) {
	rep, err := Cassettes(context.Background(), []string{"../../cassettes"}, CassetteOptions{})
	require.NoError(t, err)
	c := rep.Count()
	assert.Positive(t, c.Steps)
	assert.Zero(t, c.Errors+c.Warnings, "%v", findingsOf(rep))
	for _, sc := range rep.Scenarios {
		for _, st := range sc.Steps {
			if st.ID == "skipped" {
				assert.Contains(t, st.Request, "/_checkoutvcr/", "only controls are skipped")
				assert.Contains(t, st.Findings[0].Message, "a control of checkoutvcr's local server")
			}
		}
	}
}

// TestCassetteFolderEntries: in a cassette folder every *.yaml and *.yml
// entry is checked. A symlink to a regular cassette is followed (a secret
// in it is found; a folder holding only a symlink is not "empty");
// anything else (a FIFO, a symlink to /dev/zero or to a folder, a
// dangling symlink, a loop) is an error naming the file, never skipped.
func TestCassetteFolderEntries(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(foreignV4, "checkout.yaml"))
	require.NoError(t, err)
	real := filepath.Join(t.TempDir(), "real.yaml")
	require.NoError(t, os.WriteFile(real, data, 0o644))

	// Only a symlink to a cassette that holds a key: read, and the key found.
	dir := t.TempDir()
	require.NoError(t, os.Symlink(real, filepath.Join(dir, "linked.yaml")))
	rep, err := Cassettes(context.Background(), []string{dir}, CassetteOptions{})
	require.NoError(t, err)
	require.Len(t, rep.Scenarios, 1)
	assert.True(t, rep.Failed(false))
	assert.Contains(t, kindsOf(rep), report.KindSecret)

	for _, c := range []struct {
		name string
		make func(p string) error
		want string
	}{
		{"fifo.yaml", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "is a FIFO"},
		{"zero.yml", func(p string) error { return os.Symlink("/dev/zero", p) }, "is a symlink to a character device"},
		{"folder.yaml", func(p string) error { return os.Symlink(t.TempDir(), p) }, "is a symlink to a folder"},
		{"dangling.yaml", func(p string) error { return os.Symlink(filepath.Join(t.TempDir(), "gone.yaml"), p) }, "is a symlink to nothing (dangling)"},
		{"loop.yaml", func(p string) error { return os.Symlink(p, p) }, "is a symlink that does not resolve (too many levels of symbolic links)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "good.yaml"), data, 0o644))
			p := filepath.Join(dir, c.name)
			require.NoError(t, c.make(p))
			_, err := Cassettes(context.Background(), []string{dir}, CassetteOptions{})
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrConfig)
			assert.Contains(t, err.Error(), p+": "+c.want)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
	// Named as an argument, a FIFO is refused at once, not read.
	fifo := filepath.Join(t.TempDir(), "named.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	_, err = Cassettes(context.Background(), []string{fifo}, CassetteOptions{})
	assert.ErrorIs(t, err, ErrConfig)
	assert.ErrorContains(t, err, "not a regular file (a FIFO)")
}

// kindsOf lists the kinds of every finding in rep.
func kindsOf(rep *report.Report) []string {
	var out []string
	for _, sc := range rep.Scenarios {
		for _, f := range sc.Findings {
			out = append(out, f.Kind)
		}
		for _, st := range sc.Steps {
			for _, f := range st.Findings {
				out = append(out, f.Kind)
			}
		}
	}
	return out
}

// TestSecretLineInBody: a secret inside a response body is reported at
// the line the secret itself is on, in every layout a body takes: a
// block scalar (the body starts on the line after "body: |"), a
// single-line quoted body, a double-quoted body folded over lines.
func TestSecretLineInBody(t *testing.T) {
	body := `version: 2
interactions:
    - id: 0
      request:
        url: https://status.example.com/a
        method: GET
      response:
        code: 200
        body: |
            {
              "id": "x",
              "note": "sk_live_abc123"
            }
    - id: 1
      request:
        url: https://status.example.com/b
        method: GET
      response:
        code: 200
        body: '{"id": "y", "secret": "whsec_abc123"}'
    - id: 2
      request:
        url: https://status.example.com/c
        method: GET
      response:
        code: 200
        body: "{\"id\": \"z\",
          \"client_secret\": \"pi_1_secret_2\"}"
`
	p := filepath.Join(t.TempDir(), "bodies.yaml")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	rep, err := Cassettes(context.Background(), []string{p}, CassetteOptions{})
	require.NoError(t, err)
	got, at := secretsOf(rep)
	assert.Equal(t, []string{
		"response.body (line 12) holds a Stripe key (sk_live_…): in the body that starts on line 9; ",
		"response.body (line 20) holds a webhook signing secret (whsec_…): in the body on line 20; ",
		"response.body (line 28) holds a client_secret value: in the body that starts on line 27; ",
	}, got)
	assert.Equal(t, []int{12, 20, 28}, at, "the report's line is the secret's")
	lines := strings.Split(body, "\n")
	assert.Contains(t, lines[12-1], "sk_live_")
	assert.Contains(t, lines[20-1], "whsec_")
	assert.Contains(t, lines[28-1], "_secret_")
}

// secretsOf returns the messages (without [secretFix]) and lines of the
// secret findings of rep's first scenario's steps.
func secretsOf(rep *report.Report) (msgs []string, lines []int) {
	for _, st := range rep.Scenarios[0].Steps {
		for _, f := range st.Findings {
			if f.Kind == report.KindSecret {
				msgs = append(msgs, strings.TrimSuffix(f.Message, secretFix))
				lines = append(lines, f.Line)
			}
		}
	}
	return msgs, lines
}

// TestSecretAsBinary: a secret written as a YAML !!binary value (base64
// in the file; its bytes once go-vcr loads it) is a secret finding, in
// cassette mode, at the value's line; the key is never printed.
func TestSecretAsBinary(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte("Bearer sk_live_SECRETxyz1"))
	body := "version: 2\ninteractions:\n - request: {url: \"https://api.stripe.com/v1/customers/cus_1\", method: GET, headers: {X-Key: [!!binary \"" +
		b64 + "\"]}}\n   response: {code: 200, body: !!binary " + base64.StdEncoding.EncodeToString([]byte(`{"k": "rk_live_SECRETabc2"}`)) + "}\n"
	p := filepath.Join(t.TempDir(), "binary.yaml")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	rep, err := Cassettes(context.Background(), []string{p}, CassetteOptions{})
	require.NoError(t, err)
	got, at := secretsOf(rep)
	for _, m := range got {
		assert.NotContains(t, m, "SECRET")
	}
	assert.Equal(t, []int{3, 4}, at, "each value's line")
	assert.Equal(t, []string{
		"request.headers.X-Key (line 3) holds a Stripe key (sk_live_…) (as !!binary base64): ",
		"response.body (line 4) holds a Stripe key (rk_live_…) (as !!binary base64): ",
	}, got)
}

// TestAliasedInteraction: an interaction written as an alias of another
// (go-vcr loads it) is checked as that one, not called truncated.
func TestAliasedInteraction(t *testing.T) {
	p := filepath.Join(t.TempDir(), "alias.yaml")
	body := "version: 2\ninteractions:\n - &a {request: {url: \"https://api.stripe.com/v1/customers/x\", method: GET}, response: {code: 200, body: \"{}\"}}\n - *a\n"
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	_, err := vcrcassette.Load(strings.TrimSuffix(p, ".yaml"))
	require.NoError(t, err, "go-vcr loads it")
	rep, err := Cassettes(context.Background(), []string{p}, CassetteOptions{})
	require.NoError(t, err)
	assert.Len(t, rep.Scenarios[0].Steps, 2)
}

// TestAliasBomb: a few hundred bytes of nested aliases ("billion
// laughs") in a cassette are walked once per anchor, not once per
// reference: the check ends (the test's deadline) and still finds a
// secret behind them.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 2\na: &a [x, x, x, x, x, x, x, x, sk_live_SECRETbomb1]\n")
	prev := "a"
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, "b%d: &b%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat("*"+prev+", ", 9), ", "))
		prev = fmt.Sprintf("b%d", i)
	}
	fmt.Fprintf(&b, "interactions:\n - request: {url: \"https://api.stripe.com/v1/customers/cus_1\", method: GET}\n   response: {code: 200, body: \"{}\"}\n   x: *%s\n", prev)
	p := filepath.Join(t.TempDir(), "laughs.yaml")
	require.NoError(t, os.WriteFile(p, []byte(b.String()), 0o644))
	rep, err := Cassettes(context.Background(), []string{p}, CassetteOptions{})
	require.NoError(t, err)
	_, at := secretsOf(rep)
	assert.Equal(t, []int{2}, at, "the anchored key, found once, at its line")

	// Each level a mapping whose 2,048 keys are case variants of one
	// credential header, all aliasing the level below: the secret rule
	// judges them alike, so each anchor is walked a few times, not once
	// per pair of variants (minutes before).
	b.Reset()
	b.WriteString("version: 2\nh0: &h0 {x: \"1\"}\n")
	for level := 1; level <= 3; level++ {
		fmt.Fprintf(&b, "h%d: &h%d {", level, level)
		for i := range 2048 {
			name := []byte("proxy-authorization")
			for j := range name {
				if i>>j&1 == 1 {
					name[j] = bytes.ToUpper(name[j : j+1])[0]
				}
			}
			fmt.Fprintf(&b, "%s: *h%d, ", name, level-1)
		}
		b.WriteString("}\n")
	}
	b.WriteString("interactions:\n - request: {url: \"https://api.stripe.com/v1/customers/cus_1\", method: GET}\n   response: {code: 200, body: \"{}\"}\n   x: *h3\n")
	require.NoError(t, os.WriteFile(p, []byte(b.String()), 0o644))
	_, err = Cassettes(context.Background(), []string{p}, CassetteOptions{})
	require.NoError(t, err)
}

// TestTruncatedCassette: verify FILE on a cassette whose file ends inside
// an interaction (cut in a block body, in a quoted body, before the
// response) is an error at its line saying it may be truncated and to
// re-record, never a pass or a bare "no status code".
func TestTruncatedCassette(t *testing.T) {
	for name, want := range map[string]string{
		"truncated_in_block_body": "truncated_in_block_body.yaml:4: interaction 0: response has no status code; the file ends inside this interaction, so it may be truncated: re-record it",
		"truncated_mid_body":      "truncated_mid_body.yaml:50: found unexpected end of stream; the file ends inside a value, so it may be truncated: re-record it",
		"truncated":               "truncated.yaml:4: interaction 0: has no response; the file ends inside this interaction, so it may be truncated: re-record it",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Cassettes(context.Background(), []string{"../cassette/testdata/broken/" + name + ".yaml"}, CassetteOptions{})
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrConfig)
			assert.Contains(t, err.Error(), want)
		})
	}
}

// TestSecretOutsideValues: a key or a whsec_ secret in a comment, a
// header's or a form field's name, or a key go-vcr ignores is in the
// committed file though no decoded value holds it: a secret error at its
// line, once per line, never repeating the key.
func TestSecretOutsideValues(t *testing.T) {
	body := "version: 2\n" +
		"# rotated: sk_live_SECRETcomment1\n" +
		"interactions:\n" +
		" - request:\n" +
		"     url: https://api.stripe.com/v1/customers/cus_1\n" +
		"     method: GET\n" +
		"     headers:\n" +
		"       X-Debug-sk_live_SECRETheader2: [\"1\"]\n" +
		"     form:\n" +
		"       whsec_SECRETform3: [\"1\"]\n" +
		"   response: {code: 200, body: \"{}\"}\n"
	p := filepath.Join(t.TempDir(), "names.yaml")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	rep, err := Cassettes(context.Background(), []string{p}, CassetteOptions{})
	require.NoError(t, err)
	var lines []int
	for _, f := range rep.Scenarios[0].Findings {
		if f.Kind == report.KindSecret {
			lines = append(lines, f.Line)
			assert.Contains(t, f.Message, "outside any value verify checks")
			assert.NotContains(t, f.Message, "SECRET")
		}
	}
	assert.Equal(t, []int{2, 8, 10}, lines)
	assert.True(t, rep.Failed(false))
}

// TestSecretMergedIn: a credential header merged into the headers with a
// YAML merge key (go-vcr loads it there) is a secret error, though the
// text scan sees it under another key.
func TestSecretMergedIn(t *testing.T) {
	body := "version: 2\nh: &h {Authorization: [\"Bearer opaque-SECRET-token\"]}\ninteractions:\n" +
		" - request:\n     url: https://api.stripe.com/v1/customers/cus_1\n     method: GET\n     headers: {<<: *h}\n" +
		"   response: {code: 200, body: \"{}\"}\n"
	p := filepath.Join(t.TempDir(), "merged.yaml")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	i, err := vcrcassette.Load(strings.TrimSuffix(p, ".yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, i.Interactions[0].Request.Headers.Get("Authorization"), "go-vcr merges it in")
	rep, err := Cassettes(context.Background(), []string{p}, CassetteOptions{})
	require.NoError(t, err)
	msgs, _ := secretsOf(rep)
	require.Len(t, msgs, 1)
	assert.Contains(t, msgs[0], "holds a secret once loaded")
	assert.NotContains(t, msgs[0], "SECRET")
}
