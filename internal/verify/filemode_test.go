package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vcrcassette "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// committedLifecycleWith copies the committed lifecycle cassette into a temp
// folder with the first response body changed by edit, and returns the
// folder.
func committedLifecycleWith(t *testing.T, edit func(body string) string) string {
	t.Helper()
	c, err := vcrcassette.Load("../../cassettes/lifecycle")
	require.NoError(t, err)
	in := c.Interactions[0]
	in.Response.Body = edit(in.Response.Body)
	in.Response.ContentLength = int64(len(in.Response.Body))
	dir := t.TempDir()
	c.File = filepath.Join(dir, "lifecycle.yaml")
	require.NoError(t, c.Save())
	return dir
}

// firstStepFindings lists "kind severity path" of every finding of the first
// step of the first scenario of rep.
func firstStepFindings(rep *report.Report) []string {
	var out []string
	for _, f := range rep.Scenarios[0].Steps[0].Findings {
		out = append(out, f.Kind+" "+f.Severity.String()+" "+f.Path)
	}
	return out
}

// TestCaseVariantDuplicateIsClientDecode (issue 25 case 16): a body in
// which two keys fold to the same field of the client's type
// ("AMOUNT_TOTAL": -1 beside "amount_total": 4000: encoding/json gives the
// client -1) is a client_decode error, in scenario mode and in cassette
// mode alike; a map (metadata) may hold case variants.
func TestCaseVariantDuplicateIsClientDecode(t *testing.T) {
	dir := committedLifecycleWith(t, func(b string) string {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(b), &m))
		m["metadata"].(map[string]any)["ORDER"] = "x" // beside "order"
		out, err := json.Marshal(m)
		require.NoError(t, err)
		return strings.Replace(string(out), "{", `{"AMOUNT_TOTAL":-1,`, 1)
	})
	want := []string{"client_decode error AMOUNT_TOTAL"}

	rep, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, Run: regexp.MustCompile("^lifecycle$")})
	require.NoError(t, err)
	assert.Equal(t, want, firstStepFindings(rep), "scenario mode")
	f := rep.Scenarios[0].Steps[0].Findings[0]
	assert.Contains(t, f.Want, `"AMOUNT_TOTAL", "amount_total" all set it`)

	rep, err = Cassettes(context.Background(), []string{filepath.Join(dir, "lifecycle.yaml")}, CassetteOptions{})
	require.NoError(t, err)
	assert.Equal(t, want, firstStepFindings(rep), "cassette mode")
	assert.True(t, rep.Failed(false))
}

// TestCassetteModeYAMLErrorsAsScenarioMode: cassette mode (verify FILE)
// reads a cassette with scenario mode's rules. Issue 25 case 13: a tab in
// an indentation is reported at its own line, not the line before (where
// yaml.v3 puts it). Case 14: a second YAML document is refused, naming
// its line, not silently ignored.
func TestCassetteModeYAMLErrorsAsScenarioMode(t *testing.T) {
	data, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	lines := strings.Count(string(data), "\n")
	tabbed := strings.Replace(string(data), "\n        method: POST\n", "\n\tmethod: POST\n", 1)
	tabLine := strings.Count(tabbed[:strings.Index(tabbed, "\tmethod")], "\n") + 1
	dir := t.TempDir()
	for _, c := range []struct{ name, text, want string }{
		{"tab", tabbed, fmt.Sprintf("tab.yaml:%d: found a tab character that violates indentation", tabLine)},
		{"tab_first", "---\nversion: 2\ninteractions:\n\t- id: 0\n", "tab_first.yaml:4: found character that cannot start any token"},
		{"second", string(data) + "---\nversion: 2\ninteractions: []\n", fmt.Sprintf("second.yaml:%d: a second YAML document starts here; a cassette holds one", lines+1)},
		{"ended", string(data) + "...\nversion: 2\n", fmt.Sprintf("ended.yaml:%d: a second YAML document starts here", lines+2)},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name+".yaml")
			require.NoError(t, os.WriteFile(path, []byte(c.text), 0o644))
			_, err := Cassettes(context.Background(), []string{path}, CassetteOptions{})
			require.ErrorIs(t, err, ErrConfig)
			assert.Contains(t, err.Error(), filepath.Join(dir, c.want))
		})
	}
}

// countdownCtx is a context whose Err is nil for its first n calls and
// context.Canceled after: an interrupt that arrives at a chosen point of
// the work, without timing.
type countdownCtx struct {
	context.Context
	n int
}

func (c *countdownCtx) Err() error {
	if c.n > 0 {
		c.n--
		return nil
	}
	return context.Canceled
}

// TestCassetteModeInterrupt (issue 25 case 15): an interrupt in cassette
// mode, on a single file or a folder, ends the run with [ErrInterrupted]
// (exit 130) whose message says which cassettes were verified before it;
// the report holds just those, each complete, never one cut short.
func TestCassetteModeInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := Cassettes(ctx, []string{"../../cassettes/lifecycle.yaml"}, CassetteOptions{})
	require.ErrorIs(t, err, ErrInterrupted)
	assert.Equal(t, "interrupted before any of 1 cassette file was verified", err.Error())
	assert.Empty(t, rep.Scenarios)

	dir := t.TempDir()
	for _, name := range []string{"lifecycle", "setup"} {
		data, err := os.ReadFile("../../cassettes/" + name + ".yaml")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".yaml"), data, 0o644))
	}
	full, err := Cassettes(context.Background(), []string{dir}, CassetteOptions{})
	require.NoError(t, err)
	require.Len(t, full.Scenarios, 2)
	seen := map[int]bool{}
	for n := 0; ; n++ {
		rep, err := Cassettes(&countdownCtx{Context: context.Background(), n: n}, []string{dir}, CassetteOptions{})
		if err == nil {
			assert.Equal(t, full.Scenarios[1].Name, rep.Scenarios[1].Name)
			break
		}
		require.ErrorIs(t, err, ErrInterrupted, "n=%d", n)
		seen[len(rep.Scenarios)] = true
		for i, sc := range rep.Scenarios {
			assert.Equal(t, full.Scenarios[i].Interactions, len(sc.Steps), "a reported cassette is complete")
			assert.Contains(t, err.Error(), sc.Name+" (pass)")
		}
		if len(rep.Scenarios) == 1 {
			assert.Equal(t, fmt.Sprintf("interrupted: verified 1 of 2 cassette files before the interrupt: %s (pass); the rest were not verified", rep.Scenarios[0].Name), err.Error())
		}
		require.Less(t, n, 1000, "the run never finished")
	}
	assert.Equal(t, map[int]bool{0: true, 1: true}, seen, "interrupted before the first, and between the two")
}

// TestCassetteModeManyHeadersAreLinear (issue 25 case 12, cassette
// mode): an interaction's headers are decoded in time linear in their
// number; yaml.v3 alone compares every key with every other, so 200,000
// headers took minutes. A watchdog, not a speed goal: linear is seconds.
func TestCassetteModeManyHeadersAreLinear(t *testing.T) {
	data, err := os.ReadFile("../../cassettes/setup.yaml")
	require.NoError(t, err)
	var b strings.Builder
	for i := range 200_000 {
		fmt.Fprintf(&b, "            X-Pad-%d:\n                - v\n", i)
	}
	text := string(data)
	at := strings.Index(text, "      response:\n")
	h := at + strings.Index(text[at:], "        headers:\n") + len("        headers:\n")
	path := filepath.Join(t.TempDir(), "setup.yaml")
	require.NoError(t, os.WriteFile(path, []byte(text[:h]+b.String()+text[h:]), 0o644))
	type result struct {
		rep *report.Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := Cassettes(context.Background(), []string{path}, CassetteOptions{})
		done <- result{rep, err}
	}()
	select {
	case r := <-done:
		require.NoError(t, r.err)
		assert.Equal(t, 1, r.rep.Scenarios[0].Interactions)
	case <-time.After(time.Minute):
		t.Fatal("reading 200,000 headers did not finish in a minute: cassette mode is quadratic again")
	}
}
