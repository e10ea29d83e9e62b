package verify

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// retrieveExpandWith copies the committed retrieve_expand scenario and
// its cassette into temp folders and applies edit to the cassette through
// go-vcr's own types.
func retrieveExpandWith(t *testing.T, edit func(c *cassette.Cassette)) (scen, cass string) {
	t.Helper()
	scen, cass = t.TempDir(), t.TempDir()
	data, err := os.ReadFile("../../scenarios/retrieve_expand.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(scen, "retrieve_expand.yaml"), data, 0o644))
	tape, err := os.ReadFile("../../cassettes/retrieve_expand.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(cass, "retrieve_expand.yaml"), tape, 0o644))
	c, err := cassette.Load(filepath.Join(cass, "retrieve_expand"))
	require.NoError(t, err)
	edit(c)
	require.NoError(t, c.Save())
	return scen, cass
}

// TestScenarioModeFindsSecrets: scenario mode (make verify) runs the same
// secret check as verify FILE on every interaction of each cassette: an
// Authorization header with a key, or a live key in a response body, is
// a secret error naming the cassette and line, and fails the run; the
// untouched cassette passes.
func TestScenarioModeFindsSecrets(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(c *cassette.Cassette)
		want string
	}{
		{"untouched", func(*cassette.Cassette) {}, ""},
		{"authorization header", func(c *cassette.Cassette) {
			c.Interactions[0].Request.Headers.Set("Authorization", "Bearer sk_test_123")
		}, "request.headers.Authorization (line "},
		{"live key in a response body", func(c *cassette.Cassette) {
			c.Interactions[1].Response.Body = strings.Replace(c.Interactions[1].Response.Body, `"object"`, `"note": "sk_live_123", "object"`, 1)
		}, "response.body"},
	} {
		t.Run(c.name, func(t *testing.T) {
			scen, cass := retrieveExpandWith(t, c.edit)
			rep, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cass})
			require.NoError(t, err)
			if c.want == "" {
				assert.False(t, rep.Failed(true), "%v", failingFindings(rep))
				return
			}
			assert.True(t, rep.Failed(false))
			var secrets []report.Finding
			for _, f := range rep.Scenarios[0].Findings {
				if f.Kind == report.KindSecret {
					secrets = append(secrets, f)
				}
			}
			require.Len(t, secrets, 1, "%v", failingFindings(rep))
			f := secrets[0]
			assert.Equal(t, report.Error, f.Severity)
			assert.Contains(t, f.Message, "cassette "+filepath.Join(cass, "retrieve_expand.yaml")+": "+c.want)
			assert.Contains(t, f.Message, secretFix)
			assert.NotContains(t, f.Message, "_123", "the secret itself is never repeated")
			assert.Zero(t, f.Line, "the message has the cassette's line; the report's file is the scenario")
			assert.Positive(t, f.CassetteLine)
			assert.Contains(t, f.Message, "line "+strconv.Itoa(f.CassetteLine), "the cassette line is the one the message names")
		})
	}
}

// TestScenarioModeFindsBinarySecret: a key in a header written as a YAML
// !!binary value (go-vcr loads and replays its bytes) is a secret error
// in scenario mode too, at the value's cassette line.
func TestScenarioModeFindsBinarySecret(t *testing.T) {
	scen, cass := retrieveExpandWith(t, func(c *cassette.Cassette) {
		c.Interactions[0].Request.Headers.Set("X-Key", "BINARY-HERE")
	})
	p := filepath.Join(cass, "retrieve_expand.yaml")
	tape, err := os.ReadFile(p)
	require.NoError(t, err)
	b64 := base64.StdEncoding.EncodeToString([]byte("Bearer sk_live_SECRETxyz1"))
	require.Equal(t, 1, strings.Count(string(tape), "- BINARY-HERE"))
	tape = []byte(strings.Replace(string(tape), "- BINARY-HERE", "- !!binary "+b64, 1))
	require.NoError(t, os.WriteFile(p, tape, 0o644))
	line := 1 + strings.Count(string(tape[:strings.Index(string(tape), "!!binary")]), "\n")

	rep, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cass})
	require.NoError(t, err)
	secrets := scenarioSecrets(rep)
	require.Len(t, secrets, 1, "%v", failingFindings(rep))
	assert.Contains(t, secrets[0].Message, "a Stripe key (sk_live_…) (as !!binary base64)")
	assert.NotContains(t, secrets[0].Message, "SECRET")
	assert.Equal(t, line, secrets[0].CassetteLine)
	assert.True(t, rep.Failed(false))
}

// TestScenarioModeFindsSecretInComment: a key in a YAML comment of a
// scenario's cassette is a secret error in scenario mode too, naming its
// cassette line.
func TestScenarioModeFindsSecretInComment(t *testing.T) {
	scen, cass := retrieveExpandWith(t, func(*cassette.Cassette) {})
	p := filepath.Join(cass, "retrieve_expand.yaml")
	tape, err := os.ReadFile(p)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(p, append(tape, []byte("# old key: sk_live_SECRETcomment1\n")...), 0o644))
	rep, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cass})
	require.NoError(t, err)
	secrets := scenarioSecrets(rep)
	require.Len(t, secrets, 1, "%v", failingFindings(rep))
	assert.Equal(t, 1+strings.Count(string(tape), "\n"), secrets[0].CassetteLine)
	assert.NotContains(t, secrets[0].Message, "SECRET")
	assert.True(t, rep.Failed(false))
}

// scenarioSecrets returns the secret findings of rep's first scenario.
func scenarioSecrets(rep *report.Report) []report.Finding {
	var out []report.Finding
	for _, f := range rep.Scenarios[0].Findings {
		if f.Kind == report.KindSecret {
			out = append(out, f)
		}
	}
	return out
}
