package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/redact"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
)

// attackSecret is the client_secret the fault proxy puts into answers.
const attackSecret = "cs_test_atk0_secret_ATKsecret0123456789"

// attackPassword is the password in STRIPE_API_BASE's userinfo.
const attackPassword = "atkPASSword0123456789"

// encodings are the spellings of s the proxy echoes: raw, every byte
// JSON-escaped (\u0073…), every byte URL-encoded upper and lower case
// (%73, %2B-style), and query-escaped.
func encodings(s string) map[string]string {
	var u, pct, pctl strings.Builder
	for _, c := range []byte(s) {
		u.WriteString(`\u00` + strconv.FormatInt(int64(c)|0x100, 16)[1:])
		pct.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)|0x100, 16)[1:]))
		pctl.WriteString("%" + strconv.FormatInt(int64(c)|0x100, 16)[1:])
	}
	return map[string]string{"raw": s, "json": u.String(), "url": pct.String(), "url-lower": pctl.String(), "query": url.QueryEscape(s + "+/")}
}

// faultProxy stands between record and stripe-mock on 127.0.0.1: for the
// create request (POST /v1/checkout/sessions) it answers with respond, or
// forwards and rewrites stripe-mock's answer with edit.
type faultProxy struct {
	respond func(w http.ResponseWriter)
	edit    func(body string, h http.Header) string
	forward *httputil.ReverseProxy
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	create := r.Method == http.MethodPost && r.URL.Path == "/v1/checkout/sessions"
	if create && p.respond != nil {
		p.respond(w)
		return
	}
	p.forward.ServeHTTP(w, r)
}

func newFaultProxy(t *testing.T, p *faultProxy) string {
	t.Helper()
	target, err := url.Parse(mock.URL(t))
	require.NoError(t, err)
	p.forward = httputil.NewSingleHostReverseProxy(target)
	p.forward.ModifyResponse = func(resp *http.Response) error {
		if p.edit == nil || resp.Request.Method != http.MethodPost || resp.Request.URL.Path != "/v1/checkout/sessions" {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		edited := p.edit(string(body), resp.Header)
		resp.Body = io.NopCloser(strings.NewReader(edited))
		resp.ContentLength = int64(len(edited))
		resp.Header.Set("Content-Length", strconv.Itoa(len(edited)))
		return nil
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv.URL
}

// inMetadata adds fields to the session's metadata.
func inMetadata(fields string) func(string, http.Header) string {
	return func(body string, _ http.Header) string {
		return strings.Replace(body, `"metadata":{}`, `"metadata":{`+fields+`}`, 1)
	}
}

func stripeErrorEcho(status int, message string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, `{"error":{"type":"invalid_request_error","message":"`+message+`"}}`)
	}
}

// zeros streams n bytes of a JSON string without a Content-Length (or
// with one, if announce).
func zeros(n int64, announce bool) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		if announce {
			w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
		}
		w.WriteHeader(http.StatusOK)
		chunk := bytes.Repeat([]byte("0"), 1<<16)
		for sent := int64(0); sent < n; sent += int64(len(chunk)) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
}

// TestAttackCorpus records the lifecycle scenario through a fault proxy
// that echoes the key and a client_secret in every encoding and position,
// or answers too much. For each case it asserts the exit code and the
// message, that no byte written or printed (stdout, stderr, every file in
// the cassettes folder, verify's text, JSON and JUnit reports on it) holds
// the key, the client_secret or the STRIPE_API_BASE password in any
// encoding, that a failed scenario leaves the old cassette byte-identical,
// and that memory stays bounded.
func TestAttackCorpus(t *testing.T) {
	key, secret := encodings(recognisableKey), encodings(attackSecret)
	old, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	tests := []struct {
		name  string
		proxy faultProxy
		creds bool   // STRIPE_API_BASE carries user:password@
		code  int    // exit code
		msg   string // in stdout or stderr
		saved bool   // the cassette is replaced
	}{
		{name: "401 echoing the key raw", proxy: faultProxy{respond: stripeErrorEcho(401, "Invalid API Key provided: "+key["raw"])},
			code: 1, msg: `Stripe said: "Invalid API Key provided: REDACTED"`},
		{name: "400 echoing key URL-encoded and secret JSON-escaped", proxy: faultProxy{respond: stripeErrorEcho(400, "k="+key["url"]+" s="+secret["json"]+" q="+key["query"])},
			code: 1, msg: `Stripe said: "k=REDACTED s=REDACTED q=REDACTED%2B%2F"`},
		{name: "HTML page echoing the key", proxy: faultProxy{respond: func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(400)
			io.WriteString(w, "<html>"+key["raw"]+" "+key["json"]+" "+secret["url-lower"]+"</html>")
		}}, code: 1, msg: "✗ lifecycle"},
		{name: "key JSON-escaped in a string value", proxy: faultProxy{edit: inMetadata(`"echo":"` + key["json"] + `"`)}, code: 0, saved: true},
		{name: "key URL-encoded inside a URL value", proxy: faultProxy{edit: inMetadata(`"echo":"https://example.com/?k=` + key["url-lower"] + `&q=` + key["query"] + `"`)}, code: 0, saved: true},
		{name: "key as a JSON object key", proxy: faultProxy{edit: inMetadata(`"` + key["raw"] + `":"x"`)}, code: 0, saved: true},
		{name: "client_secret whose value is an object", proxy: faultProxy{edit: func(b string, _ http.Header) string {
			return strings.Replace(b, `"client_secret":null`, `"client_secret":{"value":"`+secret["raw"]+`","more":["`+secret["json"]+`"]}`, 1)
		}}, code: 1, msg: "the client cannot decode client_secret: object does not fit its Go type string [client_decode]"}, // the outcome rule refuses it
		{name: "client_secret string, echoed escaped elsewhere", proxy: faultProxy{edit: func(b string, _ http.Header) string {
			b = strings.Replace(b, `"client_secret":null`, `"client_secret":"`+secret["json"]+`"`, 1)
			return inMetadata(`"note":"`+secret["raw"]+`","list":"`+secret["url"]+`"`)(b, nil)
		}}, code: 0, saved: true},
		{name: "key and secret in response headers", proxy: faultProxy{edit: func(b string, h http.Header) string {
			h.Set("X-Echo-Key", key["raw"])
			h.Set("X-Echo-Url", key["url"])
			h.Set("Location", "https://example.com/?cs="+secret["query"])
			h.Set("Set-Cookie", "s="+secret["raw"])
			return b
		}}, code: 0, saved: true},
		{name: "STRIPE_API_BASE with credentials", creds: true, code: 0, saved: true},
		{name: "huge body without Content-Length", proxy: faultProxy{respond: zeros(256<<20, false)},
			code: 1, msg: "over 4194304 bytes (4 MiB), the -max-body limit; raise it with -max-body"},
		{name: "huge Content-Length", proxy: faultProxy{respond: zeros(1<<30, true)},
			code: 1, msg: "the -max-body limit; raise it with -max-body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := newFaultProxy(t, &tt.proxy)
			if tt.creds {
				base = strings.Replace(base, "http://", "http://atkuser:"+attackPassword+"@", 1)
			}
			dir := t.TempDir()
			cassette := filepath.Join(dir, "lifecycle.yaml")
			require.NoError(t, os.WriteFile(cassette, old, 0o644))

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var out, errOut bytes.Buffer
			err := run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", dir, "-run", "^lifecycle$"},
				env(map[string]string{"STRIPE_API_BASE": base, "STRIPE_SECRET_KEY": recognisableKey}), &out, &errOut)
			code := exitCode(err, &errOut)
			runtime.ReadMemStats(&after)
			printed := out.String() + errOut.String()

			assert.Equal(t, tt.code, code, printed)
			assert.Contains(t, printed, tt.msg)
			// Bounded memory: the whole run allocates less than 64 MiB,
			// whatever the server sends (256 MiB, or 1 GiB announced).
			assert.Less(t, int64(after.TotalAlloc-before.TotalAlloc), int64(64<<20), "allocated by the run")
			data, err := os.ReadFile(cassette)
			require.NoError(t, err)
			if !tt.saved {
				assert.Equal(t, old, data, "the old cassette is byte-identical")
			} else {
				assert.False(t, bytes.Equal(old, data), "the cassette was re-recorded")
			}

			outputs := map[string]string{"stdout": out.String(), "stderr": errOut.String()}
			files, _ := filepath.Glob(filepath.Join(dir, "*"))
			hidden, _ := filepath.Glob(filepath.Join(dir, ".*"))
			assert.Empty(t, hidden, "no temp file left")
			for _, f := range files {
				b, err := os.ReadFile(f)
				require.NoError(t, err)
				outputs[f] = string(b)
			}
			if rep, err := verify.Run(context.Background(), verify.Options{Scenarios: "../../scenarios", Cassettes: dir, Run: nil}); err == nil {
				for _, f := range []report.Format{report.FormatText, report.FormatJSON, report.FormatJUnit} {
					var buf bytes.Buffer
					require.NoError(t, report.Write(&buf, rep, report.Options{Format: f}))
					outputs["verify "+string(f)] = buf.String()
				}
			}
			var forbidden []string
			for _, s := range []string{recognisableKey, attackSecret, attackPassword} {
				forbidden = append(forbidden, redact.Variants(s)...)
			}
			for _, m := range []map[string]string{key, secret} {
				for _, v := range m {
					forbidden = append(forbidden, v)
				}
			}
			for name, text := range outputs {
				for _, s := range forbidden {
					assert.NotContains(t, text, s, "%s holds a secret", name)
				}
				for _, frag := range []string{"RECOGNISABLEkey", "ATKsecret", "atkPASSword"} {
					assert.NotContains(t, text, frag, "%s holds part of a secret", name)
				}
			}
		})
	}
}

// TestBoundedInputs gives record inputs that would hang it or exhaust
// memory, and flags out of range: each is a one-line error, exit 2, at
// once, and the old cassette is byte-identical.
func TestBoundedInputs(t *testing.T) {
	old, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	lifecycle, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	scenarios := func(t *testing.T, evil func(path string) error) string {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), lifecycle, 0o644))
		if evil != nil {
			require.NoError(t, evil(filepath.Join(dir, "evil.yaml")))
		}
		return dir
	}
	tests := []struct {
		name string
		evil func(path string) error
		args []string
		msg  string
	}{
		{name: "scenario symlinked to /dev/zero", evil: func(p string) error { return os.Symlink("/dev/zero", p) }, msg: "evil.yaml: not a regular file (a character device); a scenario must be a regular file"},
		{name: "scenario that is a FIFO", evil: func(p string) error { return syscall.Mkfifo(p, 0o644) }, msg: "evil.yaml: not a regular file (a FIFO); a scenario must be a regular file"},
		{name: "scenario over 1 MiB", evil: func(p string) error { return os.WriteFile(p, bytes.Repeat([]byte("#"), 1<<20+1), 0o644) }, msg: "evil.yaml: file is 1048577 bytes; scenario files are limited to 1048576"},
		{name: "redact.yaml symlinked to /dev/zero", args: []string{"-redact-config", "/dev/zero"}, msg: "/dev/zero: not a regular file (a character device)"},
		{name: "-rate 1e10", args: []string{"-rate", "1e10"}, msg: "-rate 1e+10: want 0 (the default), -1 (no limit) or 0.01 to 10000 requests per second"},
		{name: "-rate +Inf", args: []string{"-rate", "+Inf"}, msg: "-rate +Inf: want"},
		{name: "-rate NaN", args: []string{"-rate", "NaN"}, msg: "-rate NaN: want"},
		{name: "-rate 1e-300", args: []string{"-rate", "1e-300"}, msg: "-rate 1e-300: want"},
		{name: "-rate -5", args: []string{"-rate", "-5"}, msg: "-rate -5: want"},
		{name: "-max-body 0", args: []string{"-max-body", "0"}, msg: "-max-body 0: want 1 to 8388608 bytes"},
		{name: "-max-body too large", args: []string{"-max-body", "99999999999"}, msg: "-max-body 99999999999: want 1 to 8388608 bytes"},
		{name: "-timeout 1000h", args: []string{"-timeout", "1000h"}, msg: "-timeout 1000h0m0s: want a positive duration up to 1h0m0s"},
		{name: "-redact with a bad glob", args: []string{"-redact", "customer_details.[email"}, msg: `-redact: field name "customer_details.[email": want names or globs separated by dots`},
		{name: "redact.yaml with an unknown key", args: []string{"-redact-config", "testdata/redact-typo.yaml"}, msg: "testdata/redact-typo.yaml:2: unknown key \"feilds\"; want fields, keep or defaults"},
		{name: "-parallel 100000", args: []string{"-parallel", "100000"}, msg: "-parallel 100000: want 1 to 64"},
		{name: "-spec that does not exist", args: []string{"-spec", "/nonexistent/spec.json"}, msg: "-spec /nonexistent/spec.json: no such file or directory"},
		{name: "-fixtures a folder", args: []string{"-fixtures", "testdata"}, msg: "-fixtures testdata: not a regular file; want stripe-mock's JSON fixtures file"},
		{name: "-run=sk_test_… is not echoed", args: []string{"-run=" + recognisableKey}, msg: "a key on the command line shows in ps and shell history"},
		{name: "key inside a -run pattern", args: []string{"-run", "x_" + recognisableKey}, msg: "a key on the command line shows in ps and shell history"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cassette := filepath.Join(dir, "lifecycle.yaml")
			require.NoError(t, os.WriteFile(cassette, old, 0o644))
			args := append([]string{"-scenarios", scenarios(t, tt.evil), "-cassettes", dir}, tt.args...)
			done := make(chan struct{})
			var out, errOut bytes.Buffer
			var code int
			base := mock.URL(t)
			go func() {
				defer close(done)
				err := run(context.Background(), args, env(map[string]string{"STRIPE_API_BASE": base}), &out, &errOut)
				code = exitCode(err, &errOut)
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("record hung")
			}
			assert.Equal(t, 2, code, "stdout: %s\nstderr: %s", out.String(), errOut.String())
			assert.Contains(t, errOut.String(), tt.msg)
			assert.Equal(t, 1, strings.Count(errOut.String(), "\n"), "one line: %q", errOut.String())
			assert.NotContains(t, out.String()+errOut.String(), "RECOGNISABLE")
			data, err := os.ReadFile(cassette)
			require.NoError(t, err)
			assert.Equal(t, old, data, "the old cassette is byte-identical")
		})
	}
}
