package verify

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// lifecycleWith copies the committed lifecycle scenario and its
// stripe-mock recording (testdata/stripemock, as committed before record
// defaulted to the local server: expire_again has no plain expect there,
// and its answer is a 200 session) into temp folders and applies edit to the cassette through go-vcr's own
// types: the documented transformation that makes the bad cassette.
func lifecycleWith(t *testing.T, edit func(c *cassette.Cassette)) (scen, cass string) {
	t.Helper()
	scen, cass = t.TempDir(), t.TempDir()
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(scen, "lifecycle.yaml"), data, 0o644))
	tape, err := os.ReadFile("testdata/stripemock/lifecycle.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(cass, "lifecycle.yaml"), tape, 0o644))
	c, err := cassette.Load(filepath.Join(cass, "lifecycle"))
	require.NoError(t, err)
	edit(c)
	require.NoError(t, c.Save()) // go-vcr saves to the file it loaded: the copy
	return scen, cass
}

// failingFindings returns "kind path: message" for every finding that fails.
func failingFindings(rep *report.Report) []string {
	var out []string
	for _, s := range rep.Scenarios {
		for _, st := range s.Steps {
			for _, f := range st.Findings {
				if f.Fails(false) {
					out = append(out, st.ID+" "+f.Kind+" "+f.Path+": "+f.String())
				}
			}
		}
		for _, f := range s.Findings {
			if f.Fails(false) {
				out = append(out, "(cassette) "+f.Kind+": "+f.String())
			}
		}
	}
	return out
}

// TestVerifyFailsWhatTheClientCannotUse: each case is the stripe-mock
// lifecycle cassette with the answer to expire_again (interaction 4, a
// step with no plain expect) changed as stated, the answer record now
// refuses to save (internal/record TestRecordRefusesWhatTheClientCannotUse).
// verify used to PASS most of them, or report a misleading no_interaction
// for the redirect; each is now an error finding at the field's JSON path
// where there is one: the contract's wrong_type for an integer an int64
// cannot hold, else the outcome rule's kind (client_decode for the
// case-variant duplicate key, which the contract only warns about).
func TestVerifyFailsWhatTheClientCannotUse(t *testing.T) {
	setBody := func(old, repl string) func(*cassette.Interaction) {
		return func(i *cassette.Interaction) {
			require.Contains(t, i.Response.Body, old)
			i.Response.Body = strings.Replace(i.Response.Body, old, repl, 1)
		}
	}
	tests := []struct {
		name string
		edit func(*cassette.Interaction)
		want string // "step kind path: message" of the one failing finding
	}{
		{"amount_total null becomes 2000.0", setBody(`"amount_total":null,`, `"amount_total":2000.0,`),
			"expire_again wrong_type amount_total: amount_total: want integer (digits only, within int64), got number 2000.0 (interaction 4)"},
		{"amount_total null becomes 1e2", setBody(`"amount_total":null,`, `"amount_total":1e2,`),
			"expire_again wrong_type amount_total: amount_total: want integer (digits only, within int64), got number 1e2 (interaction 4)"},
		{"amount_total null becomes 1e400", setBody(`"amount_total":null,`, `"amount_total":1e400,`),
			"expire_again wrong_type amount_total: amount_total: want integer (digits only, within int64), got number 1e400 (interaction 4)"},
		{"amount_total beyond int64", setBody(`"amount_total":null,`, `"amount_total":99999999999999999999999999999,`),
			"expire_again wrong_type amount_total: amount_total: want integer (digits only, within int64), got number 99999999999999999999999999999 (interaction 4)"},
		{`"AMOUNT_TOTAL":"oops" beside amount_total 2000`, setBody(`"amount_total":null,`, `"amount_total":2000,"AMOUNT_TOTAL":"oops",`),
			"expire_again client_decode amount_total: the client cannot decode amount_total: string does not fit its Go type int64 (interaction 4)"},
		{"status 401 with a Stripe error", func(i *cassette.Interaction) {
			i.Response.Code, i.Response.Status = 401, "401 Unauthorized"
			i.Response.Body = `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided"}}`
		}, `expire_again unexpected_error_status : got HTTP 401 ("Invalid API Key provided"); no expect asks for an error status (interaction 4)`},
		{"status 302 with an empty body and a Location", func(i *cassette.Interaction) {
			i.Response.Code, i.Response.Status, i.Response.Body = 302, "302 Found", ""
			i.Response.Headers.Set("Location", "https://example.com/login")
		}, "expire_again unexpected_error_status : got HTTP 302 (a redirect to https://example.com/login); the client does not follow redirects and no expect asks for this status (interaction 4)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scen, cass := lifecycleWith(t, func(c *cassette.Cassette) {
				require.Equal(t, "POST", c.Interactions[4].Request.Method)
				tt.edit(c.Interactions[4])
			})
			rep, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cass, Run: regexp.MustCompile("^lifecycle$")})
			require.NoError(t, err)
			got := failingFindings(rep)
			assert.Contains(t, got, tt.want)
			assert.Positive(t, rep.Count().Errors, "verify fails")
		})
	}
}

// TestOrphanCassetteIsAFinding: the committed lifecycle cassette copied
// as cassettes/deleted.yaml, as a scenario deleted after recording leaves
// it. verify used to ignore it (PASS); it is now an orphan_cassette error.
func TestOrphanCassetteIsAFinding(t *testing.T) {
	scen, cass := lifecycleWith(t, func(*cassette.Cassette) {})
	tape, err := os.ReadFile(filepath.Join(cass, "lifecycle.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(cass, "deleted.yaml"), tape, 0o644))

	rep, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cass})
	require.NoError(t, err)
	assert.Equal(t, []string{"(cassette) orphan_cassette: cassette " + filepath.Join(cass, "deleted.yaml") +
		` has no scenario named "deleted" in ` + scen + ", so nothing replays it; delete the cassette, or restore its scenario"}, failingFindings(rep))
	assert.Equal(t, "deleted", rep.Scenarios[0].Name, "in name order")
	assert.True(t, rep.Failed(false))

	rep, err = Run(context.Background(), Options{Scenarios: scen, Cassettes: cass, Run: regexp.MustCompile("^lifecycle$")})
	require.NoError(t, err)
	assert.Empty(t, failingFindings(rep), "-run narrows the cassettes looked at too")
}

// TestInterruptSaysWhatWasVerified cancels the run as the second of
// three scenarios starts (serially): the error wraps ErrInterrupted and
// names the one scenario verified, and the report holds just it.
func TestInterruptSaysWhatWasVerified(t *testing.T) {
	scen, cass := t.TempDir(), t.TempDir()
	for _, name := range []string{"lifecycle", "setup", "subscription"} {
		for dir, src := range map[string]string{scen: "../../scenarios/", cass: "../../cassettes/"} {
			data, err := os.ReadFile(src + name + ".yaml")
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, name+".yaml"), data, 0o644))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := 0
	hint := func(name string) string {
		if name == "" { // asked once as each scenario's cassette is opened
			if started++; started == 2 {
				cancel()
			}
		}
		return "record " + name
	}
	rep, err := Run(ctx, Options{Scenarios: scen, Cassettes: cass, Parallel: 1, RerecordHint: hint})
	require.ErrorIs(t, err, ErrInterrupted)
	assert.EqualError(t, err, "interrupted: verified 1 of 3 scenarios before the interrupt: lifecycle (pass); the rest were not verified")
	require.Len(t, rep.Scenarios, 1)
	assert.Equal(t, "lifecycle", rep.Scenarios[0].Name)
}

// TestRequestTypoSuggestsTheParameter: the lifecycle scenario and its
// cassette with success_url renamed sucess_url in the create step's params
// and in the recorded request (body and form): verify names the
// parameter the contract lists, with the same text record gives before
// refusing to send it (internal/record TestRequestContractCheckedBeforeSending).
func TestRequestTypoSuggestsTheParameter(t *testing.T) {
	scen, cass := lifecycleWith(t, func(c *cassette.Cassette) {
		req := &c.Interactions[0].Request
		require.Contains(t, req.Body, "&success_url=")
		req.Body = strings.Replace(req.Body, "&success_url=", "&sucess_url=", 1)
		req.Form["sucess_url"] = req.Form["success_url"]
		delete(req.Form, "success_url")
	})
	path := filepath.Join(scen, "lifecycle.yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), "success_url:", "sucess_url:", 1)), 0o644))

	rep, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cass})
	require.NoError(t, err)
	assert.Equal(t, []string{`create request_unknown_field request sucess_url: request sucess_url: not in the contract, got "https://example.com/checkout/success" (did you mean success_url?) (interaction 0)`},
		failingFindings(rep))
}
