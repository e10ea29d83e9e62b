// Package githubactions holds the example GitHub Actions workflow
// (verify.yml) and the test that runs its steps' commands.
package githubactions

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
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

// TestWorkflowRuns parses verify.yml and runs each step's run: commands
// in the repository, offline, as the runner would (bash -e, the
// workflow's env, REPORT_DIR in a temp folder): each succeeds, and the
// report files the upload step names are there and parse.
func TestWorkflowRuns(t *testing.T) {
	data, err := os.ReadFile("verify.yml")
	require.NoError(t, err)
	var wf workflow
	require.NoError(t, yaml.Unmarshal(data, &wf))
	require.Contains(t, wf.Jobs, "verify")
	require.Equal(t, "verify-reports", wf.Env["REPORT_DIR"])

	reports := filepath.Join(t.TempDir(), "reports")
	repo, err := filepath.Abs("../..")
	require.NoError(t, err)
	ran, uploads := 0, 0
	for _, st := range wf.Jobs["verify"].Steps {
		if st.Uses == "actions/upload-artifact@v4" {
			uploads++
			assert.Equal(t, "${{ env.REPORT_DIR }}", st.With["path"])
			assert.Equal(t, "${{ !cancelled() }}", st.If, "reports are uploaded when verify fails too")
		}
		if st.Run == "" {
			continue
		}
		cmd := exec.Command("bash", "-e", "-c", st.Run)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "REPORT_DIR="+reports, "GOPROXY=off")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "step %q:\n%s", st.Name, out)
		assert.Contains(t, string(out), "PASS: ", "step %q prints the text log", st.Name)
		ran++
	}
	assert.Equal(t, 2, ran)
	assert.Equal(t, 1, uploads)

	for _, name := range []string{"scenarios.xml", "cassettes.xml"} {
		data, err := os.ReadFile(filepath.Join(reports, name))
		require.NoError(t, err)
		var junit struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
		}
		require.NoError(t, xml.Unmarshal(data, &junit), name)
		assert.Positive(t, junit.Tests, name)
		assert.Zero(t, junit.Failures, name)
	}
	data, err = os.ReadFile(filepath.Join(reports, "scenarios.json"))
	require.NoError(t, err)
	var js struct {
		Summary struct {
			Passed bool `json:"passed"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal(data, &js))
	assert.True(t, js.Summary.Passed)
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
