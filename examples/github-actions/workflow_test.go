// Package githubactions holds the example GitHub Actions workflow for a
// team's repository (verify.yml) and the test that reads it; the module
// examples/ownmodule runs its steps in a team's module.
package githubactions

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// workflow is the part of a GitHub Actions workflow the test reads.
type workflow struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			If   string            `yaml:"if"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestWorkflowIsForATeam parses verify.yml: it is written for a team's
// repository, not this one: no make target, no ./cmd path, no go run of
// a clone; verify runs as the module's tool; the reports are uploaded
// and shown also when verify failed; its header gives the one-time
// go get -tool lines. examples/ownmodule runs its steps in a fresh module
// outside this repository (TestTeamModule).
func TestWorkflowIsForATeam(t *testing.T) {
	data, err := os.ReadFile("verify.yml")
	require.NoError(t, err)
	var wf workflow
	require.NoError(t, yaml.Unmarshal(data, &wf))
	require.Contains(t, wf.Jobs, "verify")
	assert.Equal(t, "checkoutvcr-reports", wf.Env["REPORT_DIR"])
	assert.Equal(t, "testdata/cassettes", wf.Env["CASSETTES"])
	for _, line := range []string{
		"go get -tool github.com/checkoutvcr/checkoutvcr/cmd/verify@latest",
		"go get -tool github.com/checkoutvcr/checkoutvcr/cmd/record@latest",
		"go get -tool github.com/stripe/stripe-mock@v0.203.0",
	} {
		assert.Contains(t, string(data), "#   "+line, "the one-time setup")
	}
	var runs []string
	uploads := 0
	for _, st := range wf.Jobs["verify"].Steps {
		if st.Uses == "actions/upload-artifact@v4" {
			uploads++
			assert.Equal(t, "${{ env.REPORT_DIR }}", st.With["path"])
			assert.Equal(t, "${{ !cancelled() }}", st.If, "reports are uploaded when verify fails too")
		}
		if st.Run != "" {
			runs = append(runs, st.Run)
			for _, bad := range []string{"make ", "./cmd/", "go run "} {
				assert.NotContains(t, st.Run, bad, "step %q", st.Name)
			}
		}
	}
	assert.Equal(t, 1, uploads)
	require.Len(t, runs, 2)
	assert.Equal(t, "go test ./...", runs[0])
	assert.Contains(t, runs[1], `go tool verify -junit "$REPORT_DIR/cassettes.xml" -json "$REPORT_DIR/cassettes.json" "$CASSETTES"`)
}

// TestMakeVerifyPassesFormatAndArgs: make verify hands FORMAT and ARGS to
// verify, and stops on a FORMAT verify has not got rather than ignore it.
func TestMakeVerifyPassesFormatAndArgs(t *testing.T) {
	makeN := func(vars ...string) (string, error) {
		cmd := exec.Command("make", append([]string{"-n", "--no-print-directory", "verify"}, vars...)...)
		cmd.Dir = "../.."
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := makeN("FORMAT=junit", "ARGS=-json r.json cassettes")
	require.NoError(t, err, out)
	assert.Contains(t, out, "bin/verify -format junit -json r.json cassettes")
	out, err = makeN()
	require.NoError(t, err, out)
	assert.Contains(t, out, "bin/verify\n")
	for _, bad := range []string{"FORMAT=yaml", "FORMAT=json junit"} {
		out, err = makeN(bad)
		assert.Error(t, err, bad)
		assert.Contains(t, out, "want one of text json junit", bad)
	}
}

// TestMakeVerifyStdoutIsTheReport: make verify echoes no command on
// stdout, so that make verify FORMAT=json > report.json is the report
// alone, for every format.
func TestMakeVerifyStdoutIsTheReport(t *testing.T) {
	for _, format := range []string{"json", "junit", "text"} {
		cmd := exec.Command("make", "--no-print-directory", "verify", "FORMAT="+format)
		cmd.Dir = "../.."
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		require.NoError(t, err, "%s", stderr.String())
		switch format {
		case "json":
			var js struct {
				Summary struct {
					Passed bool `json:"passed"`
				} `json:"summary"`
			}
			require.NoError(t, json.Unmarshal(out, &js), "stdout of make verify FORMAT=json:\n%s", out)
			assert.True(t, js.Summary.Passed)
		case "junit":
			var junit struct {
				XMLName xml.Name
			}
			require.NoError(t, xml.Unmarshal(out, &junit), "stdout of make verify FORMAT=junit:\n%s", out)
			assert.Equal(t, "testsuites", junit.XMLName.Local)
			assert.True(t, strings.HasPrefix(string(out), "<?xml"), "stdout starts with the XML declaration:\n%s", out)
		default:
			assert.NotContains(t, string(out), "bin/verify", "the command is not echoed on stdout")
		}
	}
}
