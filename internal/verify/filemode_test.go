package verify

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
