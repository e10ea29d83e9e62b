package stripego_test

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr"
)

// TestVerifyTFromAnotherModule runs TestVerifyTChild in a go test process
// of its own, on a cassettes folder without the setup scenario's cassette:
// the failure is reported at the line of this module's test that called
// VerifyT, not inside checkoutvcr, and its hint is a command that works
// in this module. Running that command records the cassette (against
// this module's stripe-mock tool), after which the same test passes.
func TestVerifyTFromAnotherModule(t *testing.T) {
	dir := t.TempDir()
	out, err := child(dir)
	require.Error(t, err, "a missing cassette fails the test:\n%s", out)
	assert.Contains(t, out, fmt.Sprintf("verifyt_test.go:%d: ", callerLine(t)), "reported at the caller's line:\n%s", out)
	assert.NotContains(t, out, "checkoutvcr.go:")

	hint := regexp.MustCompile(`record it with: (go tool record -scenarios \S+ -cassettes \S+ -run '\^setup\$')`).FindStringSubmatch(out)
	require.NotNil(t, hint, "the hint names this module's tool:\n%s", out)
	assert.Equal(t, "go tool record -scenarios ../../scenarios -cassettes "+dir+" -run '^setup$'", hint[1])
	rec := exec.Command("sh", "-c", hint[1])
	recOut, err := rec.CombinedOutput()
	require.NoError(t, err, "the hint works in this module:\n%s", recOut)

	out, err = child(dir)
	require.NoError(t, err, "recorded, the same test passes:\n%s", out)
}

// child runs TestVerifyTChild on the cassettes in dir.
func child(dir string) (string, error) {
	cmd := exec.Command(os.Args[0], "-test.run", "^TestVerifyTChild$", "-test.v")
	cmd.Env = append(os.Environ(), "STRIPEGO_CASSETTES="+dir)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestVerifyTChild is how a user calls VerifyT; it does nothing unless
// STRIPEGO_CASSETTES names a cassettes folder.
func TestVerifyTChild(t *testing.T) {
	dir := os.Getenv("STRIPEGO_CASSETTES")
	if dir == "" {
		return
	}
	checkoutvcr.VerifyT(t, checkoutvcr.Options{Scenarios: "../../scenarios", Cassettes: dir, Run: regexp.MustCompile("^setup$")}) // the caller's line
}

// callerLine is the line of this file that calls VerifyT.
func callerLine(t *testing.T) int {
	data, err := os.ReadFile("verifyt_test.go")
	require.NoError(t, err)
	for n, line := range strings.Split(string(data), "\n") {
		if strings.HasSuffix(line, "// the caller's line") {
			return n + 1
		}
	}
	t.Fatal("no caller's line")
	return 0
}
