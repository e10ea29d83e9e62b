package checkoutvcr_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr"
)

// TestVerify is how a user runs verify from go test, here on the
// committed scenarios and cassettes.
func TestVerify(t *testing.T) {
	checkoutvcr.VerifyT(t, checkoutvcr.Options{})
}

// TestVerifyTReportsFindingsAsSubtestFailures runs a go test process on a
// tampered copy of the lifecycle cassette and reads its verdict.
func TestVerifyTReportsFindingsAsSubtestFailures(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("cassettes/lifecycle.yaml")
	require.NoError(t, err)
	tampered := strings.Replace(string(data), `"amount_total": 4000,`, `"amount_total": "2000",`, 1)
	require.NotEqual(t, string(data), tampered, "the cassette changed shape; update this test's transformation")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), []byte(tampered), 0o644))

	cmd := exec.Command(os.Args[0], "-test.run", "^TestVerifyTHelper$/lifecycle", "-test.v")
	cmd.Env = append(os.Environ(), "CHECKOUTVCR_TAMPERED="+dir)
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "the tampered cassette must fail the test run:\n%s", out)
	text := string(out)
	assert.Contains(t, text, "--- FAIL: TestVerifyTHelper/lifecycle/create")
	assert.Contains(t, text, "--- PASS: TestVerifyTHelper/lifecycle/line_items")
	// The step's line, then the cassette's line of the value.
	line := strings.Count(tampered[:strings.Index(tampered, `"amount_total": "2000",`)], "\n") + 1
	assert.Regexp(t, regexp.MustCompile(`scenarios/lifecycle.yaml:\d+ \(recorded at `+regexp.QuoteMeta(filepath.Join(dir, "lifecycle.yaml"))+
		`:`+fmt.Sprint(line)+`\): error \[wrong_type\] amount_total: want integer or null, got string "2000"`), text)
}

// TestVerifyTDeclaredVersion: the committed (dahlia) lifecycle cassette
// under Options.StripeVersion 2025-08-27.basil fails with one
// version_skew; at its own version it passes (TestVerify).
func TestVerifyTDeclaredVersion(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run", "^TestVerifyTHelper$/lifecycle", "-test.v")
	cmd.Env = append(os.Environ(), "CHECKOUTVCR_TAMPERED=cassettes", "CHECKOUTVCR_PIN=2025-08-27.basil")
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "a cassette at another version than the declared one fails:\n%s", out)
	assert.Equal(t, 1, strings.Count(string(out), "error [version_skew]"), "%s", out)
	assert.Contains(t, string(out), "the version you declare you pin")
}

// TestVerifyTHelper is the test the process above runs; it does nothing
// unless CHECKOUTVCR_TAMPERED names a cassettes folder.
func TestVerifyTHelper(t *testing.T) {
	dir := os.Getenv("CHECKOUTVCR_TAMPERED")
	if dir == "" {
		return
	}
	checkoutvcr.VerifyT(t, checkoutvcr.Options{Cassettes: dir, Run: regexp.MustCompile("^lifecycle$"), StripeVersion: os.Getenv("CHECKOUTVCR_PIN")}) // the caller's line
}

// TestVerifyTFailsAtTheCallersLine: a finding on a step, two subtests
// down, is attributed to the line of the test that called VerifyT.
func TestVerifyTFailsAtTheCallersLine(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("cassettes/lifecycle.yaml")
	require.NoError(t, err)
	tampered := strings.Replace(string(data), `"amount_total": 4000,`, `"amount_total": "2000",`, 1)
	require.NotEqual(t, string(data), tampered, "the cassette changed shape; update this test's transformation")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), []byte(tampered), 0o644))
	cmd := exec.Command(os.Args[0], "-test.run", "^TestVerifyTHelper$/lifecycle", "-test.v")
	cmd.Env = append(os.Environ(), "CHECKOUTVCR_TAMPERED="+dir)
	out, _ := cmd.CombinedOutput()

	src, err := os.ReadFile("checkoutvcr_test.go")
	require.NoError(t, err)
	line := 0
	for n, l := range strings.Split(string(src), "\n") {
		if strings.HasSuffix(l, "// the caller's line") {
			line = n + 1
		}
	}
	require.NotZero(t, line)
	assert.Regexp(t, regexp.MustCompile(fmt.Sprintf(`checkoutvcr_test.go:%d: scenarios/lifecycle.yaml:\d+ \(recorded at .*\): error \[wrong_type\] amount_total`, line)), string(out))
	assert.NotContains(t, string(out), "checkoutvcr.go:")
}

// TestVerifyTCassettesAlone: where there is no scenarios folder (a team
// that records through the vcr package), VerifyT checks every cassette
// in Options.Cassettes as verify DIR does: the committed lifecycle
// cassette passes, and a tampered copy fails at the tampered value.
func TestVerifyTCassettesAlone(t *testing.T) {
	data, err := os.ReadFile("cassettes/lifecycle.yaml")
	require.NoError(t, err)
	tampered := strings.Replace(string(data), `"amount_total": 4000,`, `"amount_total": "2000",`, 1)
	require.NotEqual(t, string(data), tampered)
	for _, c := range []struct {
		name, body string
		pass       bool
	}{{"as recorded", string(data), true}, {"tampered", tampered, false}} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.Mkdir(filepath.Join(dir, "testdata"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "testdata", "lifecycle.yaml"), []byte(c.body), 0o644))
			cmd := exec.Command(os.Args[0], "-test.run", "^TestVerifyTCassettesAloneHelper$", "-test.v")
			cmd.Dir = dir // no scenarios folder there
			cmd.Env = append(os.Environ(), "CHECKOUTVCR_CASSETTES_ONLY=testdata")
			out, err := cmd.CombinedOutput()
			if c.pass {
				require.NoError(t, err, "%s", out)
				assert.Contains(t, string(out), "--- PASS: TestVerifyTCassettesAloneHelper/testdata/lifecycle")
				return
			}
			require.Error(t, err, "%s", out)
			assert.Contains(t, string(out), `error [wrong_type] amount_total: want integer or null, got string "2000"`)
		})
	}
}

// TestVerifyTCassettesAloneHelper is the test the process above runs; it
// does nothing unless CHECKOUTVCR_CASSETTES_ONLY names a folder.
func TestVerifyTCassettesAloneHelper(t *testing.T) {
	if dir := os.Getenv("CHECKOUTVCR_CASSETTES_ONLY"); dir != "" {
		checkoutvcr.VerifyT(t, checkoutvcr.Options{Cassettes: dir})
	}
}
