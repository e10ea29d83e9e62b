package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
)

// copyDir copies the regular files of src into a new temp folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		if e.Type().IsRegular() {
			data, err := os.ReadFile(filepath.Join(src, e.Name()))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644))
		}
	}
	return dir
}

// TestBoundedInputs: a cassette or a contract that is a symlink to
// /dev/zero or a FIFO (both can be committed), and a key in a flag, are a
// one-line error and exit 2, at once.
func TestBoundedInputs(t *testing.T) {
	zero := func(p string) error { os.Remove(p); return os.Symlink("/dev/zero", p) }
	fifo := func(p string) error { os.Remove(p); return syscall.Mkfifo(p, 0o644) }
	tests := []struct {
		name     string
		cassette func(string) error // applied to lifecycle.yaml
		contract func(string) error // applied to components.json
		args     []string
		msg      string
	}{
		{name: "cassette symlinked to /dev/zero", cassette: zero, msg: "lifecycle.yaml: not a regular file (a character device); a cassette must be a regular file"},
		{name: "cassette that is a FIFO", cassette: fifo, msg: "lifecycle.yaml: not a regular file (a FIFO); a cassette must be a regular file"},
		{name: "contract symlinked to /dev/zero", contract: zero, msg: "components.json: not a regular file (a character device)"},
		{name: "contract that is a FIFO", contract: fifo, msg: "components.json: not a regular file (a FIFO)"},
		{name: "-run=sk_test_… is not echoed", args: []string{"-run=sk_test_checkoutvcrRECOGNISABLE0123"}, msg: "an argument holds a Stripe key (sk_test_…)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cassettes := copyDir(t, "../../cassettes")
			args := []string{"-scenarios", "../../scenarios", "-cassettes", cassettes, "-run", "^lifecycle$"}
			if tt.cassette != nil {
				require.NoError(t, tt.cassette(filepath.Join(cassettes, "lifecycle.yaml")))
			}
			if tt.contract != nil {
				contracts := copyDir(t, "../../contracts")
				require.NoError(t, tt.contract(filepath.Join(contracts, "components.json")))
				args = append(args, "-contracts", contracts)
			}
			args = append(args, tt.args...)
			type result struct {
				code        int
				out, errOut string
			}
			done := make(chan result, 1)
			go func() {
				code, out, errOut := verifyArgs(t, args...)
				done <- result{code, out, errOut}
			}()
			select {
			case r := <-done:
				assert.Equal(t, 2, r.code, "stdout: %s\nstderr: %s", r.out, r.errOut)
				assert.Contains(t, r.errOut, tt.msg)
				assert.Equal(t, 1, strings.Count(r.errOut, "\n"), "one line: %q", r.errOut)
				assert.NotContains(t, r.out+r.errOut, "RECOGNISABLE")
			case <-time.After(30 * time.Second):
				t.Fatal("verify hung")
			}
		})
	}
}

// TestListNeutralisesEscapes: a scenario's description reaches the
// terminal with its escape sequences written out, not acted on.
func TestListNeutralisesEscapes(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	text := strings.Replace(string(data), "description: create", `description: "\e[2J\e]0;pwned\a\r create"`+"\n#", 1)
	require.NotEqual(t, string(data), text)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), []byte(text), 0o644))
	code, out, errOut := verifyArgs(t, "-scenarios", dir, "-list")
	require.Equal(t, 0, code, errOut)
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\a")
	assert.NotContains(t, out, "\r")
	assert.Contains(t, out, `\x1b[2J\x1b]0;pwned\x07\x0d`)
}

// TestSecretScanSeesEncodings: the committed-cassette scan decodes the
// encodings a key hides in before it looks.
func TestSecretScanSeesEncodings(t *testing.T) {
	for _, hidden := range []string{`x: "\u0073k_test_abcdef123"`, "q=%73%6B%5Ftest%5Fabcdef123", "q=sk%5ftest%5fabcdef123", "x_sk_live_abcdef123"} {
		found := false
		for _, view := range decodedViews(hidden) {
			found = found || stripekey.Contains(view)
		}
		assert.True(t, found, hidden)
	}
}
