package ownmodule

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// TestTeamModule is a team's first day with checkoutvcr, in a module of
// its own outside this repository, fetching checkoutvcr from a module
// proxy built from this working tree:
//
//  1. go get -tool the two commands (and stripe-mock, for the test helper);
//  2. record its stripe-go v82 test through checkoutvcrtest and vcr with
//     go test ./... -record | cat: it returns within 60 s and leaves no
//     process it started behind;
//  3. re-record twice: the cassette stays byte for byte;
//  4. run the steps of examples/github-actions/verify.yml there: replay
//     offline with go test ./..., then go tool verify the cassettes, exit 0
//     and reports that say so.
func TestTeamModule(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	proxy, version := buildProxy(t, repo)
	env := goEnv(proxy)
	dir := newTeamModule(t)

	// 1. Install from the module path, like any Go tool.
	run(t, dir, env, 5*time.Minute, "go get -tool "+modulePath+"/cmd/verify@"+version+" "+modulePath+"/cmd/record@"+version+
		" github.com/stripe/stripe-mock@v0.203.0 && go get github.com/stripe/stripe-go/v82@v82.5.1 "+modulePath+"@"+version)
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	for _, tool := range []string{modulePath + "/cmd/verify", modulePath + "/cmd/record", "github.com/stripe/stripe-mock"} {
		if !strings.Contains(string(gomod), "\t"+tool+"\n") {
			t.Errorf("go.mod has no tool line for %s:\n%s", tool, gomod)
		}
	}

	// 2 and 3. Record, then re-record twice; each time nothing is left
	// running. Built first: the 60 s are for running, not compiling
	// stripe-go (and stripe-mock is built through the go command's cache).
	// The module is vetted once, by go vet, and its go test runs with
	// -vet=off (goflags): go test's vet, a subset of go vet's checks, needs
	// facts of its own for every dependency, the standard library
	// included, 20-30 CPU-seconds on a fresh machine, where go vet's
	// reuse what make test's go vet and examples/stripego's computed.
	run(t, dir, env, 5*time.Minute, "go vet ./... && go test -run '^$' ./... && go tool -n stripe-mock")
	cassette := filepath.Join(dir, "testdata", "cassettes", "checkout.yaml")
	var first []byte
	for i := range 3 {
		mark := "CHECKOUTVCR_TEAM_RUN=" + randomHex(t)
		run(t, dir, append(env, mark), 60*time.Second, "go test ./... -record | cat")
		if left := marked(mark); len(left) > 0 {
			t.Errorf("record run %d left processes it started running: %v", i+1, left)
		}
		data, err := os.ReadFile(cassette)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = data
			if bytes.Contains(data, []byte("sk_test_shop123")) || bytes.Contains(data, []byte("Authorization")) {
				t.Errorf("the cassette holds the key or an Authorization header:\n%s", data)
			}
			continue
		}
		if !bytes.Equal(first, data) {
			t.Errorf("re-record %d changed the cassette", i)
		}
	}

	// 4, 5 and 6. The team workflow's steps: replay offline (go test),
	// then go tool verify the cassettes.
	out := runWorkflow(t, dir, env)
	if !strings.Contains(out, "ok  \texample.com/shop") || strings.Contains(out, "(cached)") {
		t.Errorf("go test did not run the replay:\n%s", out)
	}
	if !strings.Contains(out, "PASS: ") {
		t.Errorf("go tool verify printed no PASS line:\n%s", out)
	}
	if strings.Contains(out, "make ") {
		t.Errorf("a step names a make target, which a team's module has not got:\n%s", out)
	}
}

// newTeamModule writes the team's module (testdata/shop: a stripe-go v82
// service and its test) to a temporary folder, with a go.sum seeded from
// this repository's modules so that no checksum is looked up.
func newTeamModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"go.mod": "module example.com/shop\n\ngo 1.26.0\n"}
	for _, name := range []string{"shop.go", "shop_test.go"} {
		data, err := os.ReadFile(filepath.Join("testdata", "shop", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(data)
	}
	var sums []byte
	for _, f := range []string{"../../go.sum", "../stripego/go.sum", "go.sum"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sums = append(sums, data...)
	}
	files["go.sum"] = string(sums)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs script and fails t when it fails.
func run(t *testing.T, dir string, env []string, timeout time.Duration, script string) string {
	t.Helper()
	out, err := sh(t, dir, env, timeout, script)
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	return out
}

func randomHex(t *testing.T) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// workflow is the part of a GitHub Actions workflow the test reads.
type workflow struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// runWorkflow runs each run: step of examples/github-actions/verify.yml
// in the team's module as the runner would (bash -e, the workflow's env,
// REPORT_DIR in a temp folder): each succeeds, and the reports are there
// and say every case passed. It returns the steps' output.
func runWorkflow(t *testing.T, dir string, env []string) string {
	t.Helper()
	data, err := os.ReadFile("../github-actions/verify.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(t.TempDir(), "reports")
	// -count=1: the replay runs, as on a fresh runner, not a cached result.
	env = append(env, "REPORT_DIR="+reports, "GOFLAGS="+goflags+" -count=1")
	for k, v := range wf.Env {
		if k != "REPORT_DIR" {
			env = append(env, k+"="+v)
		}
	}
	ran, out := 0, ""
	for _, st := range wf.Jobs["verify"].Steps {
		if st.Run == "" {
			continue
		}
		out += run(t, dir, env, 2*time.Minute, st.Run)
		ran++
	}
	if ran != 2 {
		t.Errorf("ran %d steps, want 2", ran)
	}
	xmlData, err := os.ReadFile(filepath.Join(reports, "cassettes.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var junit struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal(xmlData, &junit); err != nil || junit.Tests == 0 || junit.Failures != 0 {
		t.Errorf("cassettes.xml: %d tests, %d failures, %v:\n%s", junit.Tests, junit.Failures, err, xmlData)
	}
	jsonData, err := os.ReadFile(filepath.Join(reports, "cassettes.json"))
	if err != nil {
		t.Fatal(err)
	}
	var js struct {
		Summary struct {
			Passed bool `json:"passed"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(jsonData, &js); err != nil || !js.Summary.Passed {
		t.Errorf("cassettes.json does not say passed (%v):\n%s", err, jsonData)
	}
	return out
}
