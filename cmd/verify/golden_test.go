package main

import (
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// tamperedSuite copies the committed scenarios and cassettes into dir and
// breaks them, one finding kind per scenario, the way the kind arises in
// real life. Nothing is written by hand: every cassette is the committed
// recording with the stated change, made through go-vcr's own types.
//
//	lifecycle        create's response: amount_total a string (wrong_type),
//	                 custom_fields removed (missing_field), status "pending"
//	                 (not_in_enum), mode null (null_not_allowed), a field
//	                 brand_new_field added (unknown_field); expire_again
//	                 loses its expect_stateful, so no expect asks it for an
//	                 error status, and its response becomes a 401 Stripe
//	                 error (unexpected_error_status)
//	setup            the response status 200 becomes 201 (unexpected_status)
//	subscription     the response body becomes an HTML page (invalid_json)
//	promotion_codes  the scenario now sends allow_promotion_codes=false, so
//	                 the request has no recording (no_interaction) and the
//	                 recorded one is never replayed (unused_interaction)
//	custom_fields    the recorded Stripe-Version is 2020-08-27 (version_skew);
//	                 the response gains "AMOUNT_TOTAL":"oops" before
//	                 amount_total (unknown_field, and client_decode: the Go
//	                 client reads it into AmountTotal)
//	retired          a copy of the lifecycle cassette whose scenario does
//	                 not exist (orphan_cassette)
//	shipping_options the scenario expects mode subscription (expectation)
//	automatic_tax    the cassette is deleted (no_cassette)
//	list_sessions    the first list request, as recorded and as sent,
//	                 carries bogus_filter=1 (request_unknown_field)
//	retrieve_expand  its cassette is stamped as recorded by stripe-mock, so
//	                 its expect_stateful is skipped (skipped_stateful)
//	the rest         unchanged (recorded against the local server)
func tamperedSuite(t *testing.T, dir string) {
	t.Helper()
	for _, sub := range []string{"scenarios", "cassettes"} {
		require.NoError(t, os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("../..", sub))))
	}
	body := func(name string, i int, edit func(map[string]any)) {
		editCassette(t, dir, name, func(c *cassette.Cassette) {
			var b map[string]any
			require.NoError(t, json.Unmarshal([]byte(c.Interactions[i].Response.Body), &b))
			edit(b)
			out, err := json.Marshal(b)
			require.NoError(t, err)
			c.Interactions[i].Response.Body = string(out)
		})
	}
	body("lifecycle", 0, func(b map[string]any) {
		b["amount_total"], b["status"], b["mode"], b["brand_new_field"] = "2000", "pending", nil, true
		delete(b, "custom_fields")
	})
	editCassette(t, dir, "setup", func(c *cassette.Cassette) { c.Interactions[0].Response.Code = 201 })
	editCassette(t, dir, "subscription", func(c *cassette.Cassette) {
		c.Interactions[0].Response.Body = "<html><body>Bad gateway</body></html>"
	})
	editScenario(t, dir, "promotion_codes", "allow_promotion_codes: true", "allow_promotion_codes: false")
	editCassette(t, dir, "custom_fields", func(c *cassette.Cassette) {
		c.Interactions[0].Request.Headers.Set("Stripe-Version", "2020-08-27")
		c.Interactions[0].Response.Headers.Set("Stripe-Version", "2020-08-27") // the local server says which version answered
		b := &c.Interactions[0].Response.Body
		require.Contains(t, *b, `"amount_total":`)
		*b = strings.Replace(*b, `"amount_total":`, `"AMOUNT_TOTAL":"oops","amount_total":`, 1)
	})
	// expire_again without its expectation: a step no expect asks an
	// error status of, whose answer is a 401.
	scen := filepath.Join(dir, "scenarios", "lifecycle.yaml")
	data, err := os.ReadFile(scen)
	require.NoError(t, err)
	step, rest, ok := strings.Cut(string(data), "  - id: expire_again\n")
	require.True(t, ok, "%s changed; update this test's transformation", scen)
	rest, _, ok = strings.Cut(rest, "    expect_stateful:\n")
	require.True(t, ok, "%s changed; update this test's transformation", scen)
	require.NoError(t, os.WriteFile(scen, []byte(step+"  - id: expire_again\n"+rest), 0o644))
	editCassette(t, dir, "lifecycle", func(c *cassette.Cassette) {
		r := &c.Interactions[4].Response
		r.Code, r.Status = 401, "401 Unauthorized"
		r.Body = `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided"}}`
	})
	tape, err := os.ReadFile(filepath.Join(dir, "cassettes", "lifecycle.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cassettes", "retired.yaml"), tape, 0o644))
	editCassette(t, dir, "retrieve_expand", func(c *cassette.Cassette) {
		for _, i := range c.Interactions {
			i.Response.Headers.Set("Checkoutvcr-Server", "stripe-mock; stateful=false; local=true")
		}
	})
	editScenario(t, dir, "shipping_options", "        object: checkout.session\n        mode: payment\n", "        object: checkout.session\n        mode: subscription\n")
	require.NoError(t, os.Remove(filepath.Join(dir, "cassettes", "automatic_tax.yaml")))
	editScenario(t, dir, "list_sessions", "      limit: 3\n", "      limit: 3\n      bogus_filter: 1\n")
	editCassette(t, dir, "list_sessions", func(c *cassette.Cassette) {
		first := c.Interactions[1] // the first_page list
		require.Equal(t, "GET", first.Request.Method)
		first.Request.URL = strings.Replace(first.Request.URL, "limit=3", "bogus_filter=1&limit=3", 1)
	})
}

func editCassette(t *testing.T, dir, name string, edit func(*cassette.Cassette)) {
	t.Helper()
	c, err := cassette.Load(filepath.Join(dir, "cassettes", name))
	require.NoError(t, err)
	edit(c)
	require.NoError(t, c.Save())
}

func editScenario(t *testing.T, dir, name, old, new string) {
	t.Helper()
	path := filepath.Join(dir, "scenarios", name+".yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(data), old, "%s changed; update this test's transformation", path)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644))
}

// volatileIDs are the ids stripe-mock makes up on every recording; they
// are masked so that re-recording the cassettes does not change goldens.
var volatileIDs = regexp.MustCompile(`cs_test_[A-Za-z0-9]+`)

// measuredTimes are JUnit's time attributes.
var measuredTimes = regexp.MustCompile(`time="[0-9.]+"`)

func TestGoldenOutputOfTamperedSuite(t *testing.T) {
	dir := t.TempDir()
	tamperedSuite(t, dir)
	t.Chdir(dir)
	for _, name := range []string{"text", "json", "junit", "strict.text", "strict.json", "strict.junit"} {
		format, strict := strings.TrimPrefix(name, "strict."), strings.HasPrefix(name, "strict.")
		t.Run(name, func(t *testing.T) {
			args := []string{"-format", format}
			if strict {
				args = append(args, "-strict")
			}
			code, out, errOut := verifyArgs(t, args...)
			require.Equal(t, 1, code, "stderr: %s", errOut)
			out = volatileIDs.ReplaceAllString(out, "cs_test_ID")
			out = measuredTimes.ReplaceAllString(out, `time="T"`) // real times vary run to run
			golden := filepath.Join(testdataDir, "tampered."+name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -run TestGoldenOutput -update ./cmd/verify")
			assert.Equal(t, string(want), out)
			for _, kind := range []string{"wrong_type", "missing_field", "not_in_enum", "null_not_allowed", "unknown_field",
				"unexpected_status", "invalid_json", "no_interaction", "unused_interaction", "version_skew",
				"expectation", "no_cassette", "request_unknown_field", "skipped_stateful",
				"client_decode", "unexpected_error_status", "orphan_cassette"} {
				assert.Contains(t, out, kind, "every finding kind shows up")
			}
			if format == "junit" {
				var doc struct {
					Suites []struct {
						Name     string `xml:"name,attr"`
						Failures int    `xml:"failures,attr"`
					} `xml:"testsuite"`
				}
				require.NoError(t, xml.Unmarshal([]byte(out), &doc))
				assert.Len(t, doc.Suites, 14) // 13 scenarios and the orphan cassette
			}
		})
	}
}

// testdataDir is cmd/verify/testdata, wherever the test has moved to.
var testdataDir = func() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return filepath.Join(wd, "testdata")
}()
