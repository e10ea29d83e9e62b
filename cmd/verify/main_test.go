package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/record"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock/stripemocktest"
)

// mock is one stripe-mock on loopback for the tests that record, started
// by the first of them: a run of tests that record nothing starts none.
var mock stripemocktest.Shared

func TestMain(m *testing.M) { os.Exit(mock.Run(m)) }

func verifyArgs(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return exitCode(err, &errOut), out.String(), errOut.String()
}

// TestCommittedCassettesVerify is what make verify does, on the committed
// scenarios, cassettes and contracts.
func TestCommittedCassettesVerify(t *testing.T) {
	code, out, errOut := verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", "../../cassettes")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
	assert.Contains(t, out, "✓ create")
	assert.Regexp(t, `PASS: \d+ scenarios, \d+ steps, \d+ interactions; 0 errors`, out)
}

// TestCommittedCassettesHoldNoSecrets scans every committed cassette.
func TestCommittedCassettesHoldNoSecrets(t *testing.T) {
	files, err := filepath.Glob("../../cassettes/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	examples, err := filepath.Glob("../../examples/*/testdata/cassettes/*.yaml")
	require.NoError(t, err)
	files = append(files, examples...)
	secret := regexp.MustCompile(`(sk|rk)_(test|live)_[A-Za-z0-9]{6,}|whsec_[A-Za-z0-9]{6,}|Bearer |(?i)authorization:`)
	// A client_secret, in a JSON body or a form, may only be null or the
	// placeholder.
	clientSecret := regexp.MustCompile(`\\?"client_secret\\?"\s*:\s*(null|\\?"((?:[^"\\]|\\.)*?)\\?")|client_secret=([^&\s]*)`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		// The same encodings the redactor finds: raw, JSON-escaped
		// (\u0073k_…), URL-encoded (sk%5Ftest%5F…, %73%6B…).
		for name, view := range decodedViews(string(data)) {
			assert.Empty(t, secret.FindAllString(view, 3), "%s holds a secret (%s)", f, name)
			assert.False(t, stripekey.Contains(view), "%s holds a key prefix (%s)", f, name)
		}
		for _, m := range clientSecret.FindAllStringSubmatch(string(data), -1) {
			if m[1] != "null" {
				assert.Equal(t, "REDACTED", m[2]+m[3], "%s: client_secret %q is not redacted", f, m[0])
			}
		}
	}
}

// decodedViews returns text as it is, with every \uXXXX escape decoded,
// and with every %XX escape decoded.
func decodedViews(text string) map[string]string {
	unicode := regexp.MustCompile(`\\u[0-9a-fA-F]{4}`).ReplaceAllStringFunc(text, func(m string) string {
		n, _ := strconv.ParseUint(m[2:], 16, 32)
		return string(rune(n))
	})
	percent := regexp.MustCompile(`%[0-9a-fA-F]{2}`).ReplaceAllStringFunc(text, func(m string) string {
		n, _ := strconv.ParseUint(m[1:], 16, 8)
		return string([]byte{byte(n)})
	})
	return map[string]string{"raw": text, "JSON-unescaped": unicode, "URL-decoded": percent}
}

// recordLifecycle records the repository's lifecycle scenario against
// stripe-mock into a temp folder.
func recordLifecycle(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	sum, err := record.Run(context.Background(), record.Options{
		Scenarios: "../../scenarios", Cassettes: dir, BaseURL: mock.URL(t), Run: regexp.MustCompile("^lifecycle$"),
	})
	require.NoError(t, err)
	require.Zero(t, sum.Failed())
	return dir
}

// tamper loads the lifecycle cassette with go-vcr, rewrites the JSON body
// of the response to the request "POST <path>", and saves it.
func tamper(t *testing.T, dir, path string, edit func(body map[string]any)) {
	t.Helper()
	c, err := cassette.Load(filepath.Join(dir, "lifecycle"))
	require.NoError(t, err)
	for _, i := range c.Interactions {
		if i.Request.Method == "POST" && strings.HasSuffix(i.Request.URL, path) {
			var body map[string]any
			require.NoError(t, json.Unmarshal([]byte(i.Response.Body), &body))
			edit(body)
			b, err := json.Marshal(body)
			require.NoError(t, err)
			i.Response.Body = string(b)
			require.NoError(t, c.Save())
			return
		}
	}
	t.Fatalf("no POST %s in the cassette", path)
}

// TestTamperedCassetteFails records a cassette, breaks one response the
// way a Stripe change would, and checks that verify names the JSON path.
func TestTamperedCassetteFails(t *testing.T) {
	tests := []struct {
		name string
		edit func(map[string]any)
		want string
	}{
		{
			name: "required field removed",
			edit: func(b map[string]any) { delete(b, "custom_fields") },
			want: "error [missing_field] custom_fields: missing, required by checkout.session",
		},
		{
			name: "wrong type",
			edit: func(b map[string]any) { b["amount_total"] = "2000" },
			want: `error [wrong_type] amount_total: want integer or null, got string "2000"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := recordLifecycle(t)
			tamper(t, dir, "/v1/checkout/sessions", tt.edit)
			code, out, errOut := verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", dir, "-run", "^lifecycle$")
			assert.Equal(t, 1, code, "stderr: %s", errOut)
			assert.Contains(t, out, tt.want)
			assert.Contains(t, out, "✗ create")
			assert.Contains(t, out, fmt.Sprintf("(interaction 0)  ../../scenarios/lifecycle.yaml:%d", stepLine(t, "../../scenarios/lifecycle.yaml", "create")))
			assert.Contains(t, out, "FAIL: 1 scenario,")
		})
	}
}

// stepLine returns the line of "- id: <id>" in a scenario file, so tests
// do not break when comments above the step change.
func stepLine(t *testing.T, file, id string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "- id: "+id {
			return i + 1
		}
	}
	t.Fatalf("%s has no step %q", file, id)
	return 0
}

func TestChangedRequestNamesClosestInteraction(t *testing.T) {
	dir := recordLifecycle(t)
	scen := t.TempDir()
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	changed := strings.Replace(string(data), "quantity: 2", "quantity: 3", 1)
	require.NoError(t, os.WriteFile(filepath.Join(scen, "lifecycle.yaml"), []byte(changed), 0o644))
	code, out, _ := verifyArgs(t, "-scenarios", scen, "-cassettes", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "no recorded interaction for POST /v1/checkout/sessions; closest is interaction 0: form line_items[0][quantity]: recorded 2, sent 3")
	assert.Equal(t, 1, strings.Count(out, "[unused_interaction]"), "the interactions a stopped run never reached are one finding:\n%s", out)
	assert.Contains(t, out, `5 recorded interactions not replayed (0, 1, 2, 3, 4) because the run stopped at step "create"`)
}

func TestConfigurationErrorsExit2(t *testing.T) {
	bad := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(bad, "x.yaml"), []byte("name: x\nsteps:\n  - id: a\n    op: creat\n"), 0o644))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"-nope"}, "flag provided but not defined: -nope"},
		{"missing folder", []string{"-scenarios", "does-not-exist"}, "does-not-exist"},
		{"bad scenario", []string{"-scenarios", bad}, "x.yaml:4:9: step \"a\": unknown op \"creat\" (did you mean \"create\"?)"},
		{"bad regexp", []string{"-run", "("}, "-run: error parsing regexp"},
		{"nothing selected", []string{"-scenarios", "../../scenarios", "-run", "^nope$"}, "no scenario in ../../scenarios matches -run \"^nope$\""},
		{"unknown format", []string{"-format", "xml"}, `-format: unknown format "xml" (want text, json, junit)`},
		{"unwritable output", []string{"-scenarios", "../../scenarios", "-cassettes", "../../cassettes", "-o", filepath.Join(bad, "no", "such", "report.json")}, "-o: cannot write " + filepath.Join(bad, "no", "such", "report.json") + ": folder " + filepath.Join(bad, "no", "such") + " does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := verifyArgs(t, tt.args...)
			assert.Equal(t, 2, code)
			assert.Contains(t, errOut, tt.want)
			assert.NotContains(t, errOut, "goroutine", "no stack traces")
		})
	}
}

func TestMissingCassetteIsAFinding(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", dir, "-run", "^lifecycle$")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "[no_cassette] no cassette at "+filepath.Join(dir, "lifecycle.yaml"))
	assert.Contains(t, out, "record it with: go run ./cmd/record -scenarios ../../scenarios -cassettes "+dir+" -run '^lifecycle$'",
		"the hint records into the folder verify reads")
}

func TestMissingCassettesFolderIsAConfigurationError(t *testing.T) {
	code, out, errOut := verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", "nope")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, "verify: cassettes folder nope does not exist; record into it with: go run ./cmd/record -cassettes nope\n", errOut)
}

func TestHelpAndList(t *testing.T) {
	code, _, errOut := verifyArgs(t, "-h")
	assert.Equal(t, 0, code)
	for _, flag := range []string{"-run", "-scenarios", "-cassettes", "-contracts", "-strict", "-list", "-format", "-o", "junit", "json", "Exit status"} {
		assert.Contains(t, errOut, flag)
	}
	code, out, _ := verifyArgs(t, "-scenarios", "../../scenarios", "-list")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "lifecycle")
	assert.Contains(t, out, "list_line_items")
}

// TestJSONReportFile is make verify with -format json -o FILE on the
// committed scenarios and cassettes.
func TestJSONReportFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	code, out, errOut := verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", "../../cassettes", "-format", "json", "-o", path)
	require.Equal(t, 0, code, "stderr:\n%s", errOut)
	assert.Empty(t, out, "the report goes to the file")
	assert.Contains(t, errOut, "verify: wrote json report to "+path+"\nPASS: ")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, json.Valid(data), "%s", data)
	var rep report.JSONReport
	require.NoError(t, json.Unmarshal(data, &rep))
	assert.True(t, rep.Summary.Passed)
	assert.Zero(t, rep.Summary.Errors)
	assert.NotEmpty(t, rep.APIVersion)
	var names []string
	for _, sc := range rep.Scenarios {
		names = append(names, sc.Name)
		assert.NotEmpty(t, sc.Steps, sc.Name)
		for _, st := range sc.Steps {
			assert.True(t, st.Passed, "%s/%s", sc.Name, st.ID)
			assert.NotNil(t, st.Status, "%s/%s", sc.Name, st.ID)
		}
	}
	assert.Contains(t, names, "lifecycle")
	assert.Equal(t, len(rep.Scenarios), rep.Summary.Scenarios)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temp file left behind")
	info, err := entries[0].Info()
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())
}

// TestOutputFileOnConfigError checks that a run that cannot start
// replaces the -o file with a report saying why, so CI finds one.
func TestOutputFileOnConfigError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.xml")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	code, _, _ := verifyArgs(t, "-scenarios", "does-not-exist", "-format", "junit", "-o", path)
	assert.Equal(t, 2, code)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), `<testcase classname="verify" name="(run)"`)
	assert.Contains(t, string(data), "verify could not run: ")
}

func TestJUnitReportOnStdout(t *testing.T) {
	code, out, errOut := verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", "../../cassettes", "-format", "junit")
	require.Equal(t, 0, code, "stderr:\n%s", errOut)
	var got struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Tests int    `xml:"tests,attr"`
			Cases []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal([]byte(out), &got), out)
	assert.Zero(t, got.Failures)
	require.NotEmpty(t, got.Suites)
	tests := 0
	for _, s := range got.Suites {
		assert.Equal(t, len(s.Cases), s.Tests, s.Name)
		tests += s.Tests
		if s.Name == "lifecycle" {
			assert.Equal(t, "create", s.Cases[0].Name)
		}
	}
	assert.Equal(t, tests, got.Tests)
	assert.NotContains(t, out, "\x1b[", "no colour outside text")
}

// TestTamperedCassetteJSON checks that the JSON report carries the same
// finding the text one does, and that the exit status does not depend on
// the format.
func TestTamperedCassetteJSON(t *testing.T) {
	dir := recordLifecycle(t)
	tamper(t, dir, "/v1/checkout/sessions", func(b map[string]any) { b["amount_total"] = "2000" })
	path := filepath.Join(t.TempDir(), "report.json")
	code, out, errOut := verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", dir, "-run", "^lifecycle$", "-format", "json", "-o", path)
	assert.Equal(t, 1, code, "stderr: %s", errOut)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "FAIL: 1 scenario,")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var rep report.JSONReport
	require.NoError(t, json.Unmarshal(data, &rep))
	assert.False(t, rep.Summary.Passed)
	assert.Equal(t, 1, rep.Summary.Errors)
	create := rep.Scenarios[0].Steps[0]
	assert.Equal(t, "create", create.ID)
	assert.False(t, create.Passed)
	require.NotEmpty(t, create.Findings)
	f := create.Findings[0]
	// cassette_line is the line of the cassette the tampered value is on.
	tape, err := os.ReadFile(filepath.Join(dir, "lifecycle.yaml"))
	require.NoError(t, err)
	lines := strings.Split(string(tape), "\n")
	require.Positive(t, f.CassetteLine)
	require.LessOrEqual(t, f.CassetteLine, len(lines))
	assert.Regexp(t, `"amount_total":\s*"2000"`, lines[f.CassetteLine-1])
	f.CassetteLine = 0
	assert.Equal(t, report.JSONFinding{Kind: "wrong_type", Severity: "error", Path: "amount_total",
		Want: "integer or null", Got: `string "2000"`, Interaction: new(0)}, f)
}
