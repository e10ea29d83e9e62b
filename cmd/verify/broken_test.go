package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
)

// TestBrokenCassettesExit2 runs verify over each cassette of the broken
// corpus (internal/cassette/testdata/broken), installed as the cassette of
// the invalid_param scenario: each stops verify with exit status 2 and its
// one-line message, no panic, no stack trace.
func TestBrokenCassettesExit2(t *testing.T) {
	files, err := filepath.Glob("../../internal/cassette/testdata/broken/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			want, err := os.ReadFile(strings.TrimSuffix(file, ".yaml") + ".want")
			require.NoError(t, err)
			dir := t.TempDir()
			path := filepath.Join(dir, "invalid_param.yaml")
			require.NoError(t, os.WriteFile(path, data, 0o644))
			code, out, errOut := verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", dir, "-run", "^invalid_param$")
			assert.Equal(t, 2, code, "stdout:\n%s", out)
			msg := strings.Replace(string(want), "testdata/broken/"+name+".yaml", path, 1)
			// The corpus names the cassette package's default; this
			// command, in this repository, names its Makefile target.
			msg = strings.Replace(msg, "re-record it with "+cassette.DefaultRerecord, "re-record it with make record", 1)
			assert.Equal(t, "verify: "+msg, errOut)
			assert.NotContains(t, errOut, "goroutine")
		})
	}
}

// TestNonJSONBodiesAreFindings: a cassette whose body is not JSON loads
// (it is well-formed), and verify reports it as a contract finding with
// exit status 1.
func TestNonJSONBodiesAreFindings(t *testing.T) {
	base, err := os.ReadFile("../../cassettes/invalid_param.yaml")
	require.NoError(t, err)
	tests := []struct{ name, body string }{
		{"HTML error page", `'<html><body><h1>502 Bad Gateway</h1></body></html>'`},
		{"truncated JSON", `'{"error":{"message":"Request validation'`},
		{"empty body", `''`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The response body is the one line after "body:" that is
			// quoted JSON, or the block (the local server indents its
			// JSON) that follows "body: |".
			lines := strings.Split(string(base), "\n")
			for i := 0; i < len(lines); i++ {
				if strings.HasPrefix(lines[i], "        body: '{\"error\"") {
					lines[i] = "        body: " + tt.body
				}
				if lines[i] == "        body: |" && i > 0 && strings.Contains(strings.Join(lines[:i], "\n"), "response:") {
					j := i + 1
					for j < len(lines) && strings.HasPrefix(lines[j], "            ") {
						j++
					}
					lines = append(append(lines[:i:i], "        body: "+tt.body), lines[j:]...)
				}
			}
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "invalid_param.yaml"), []byte(strings.Join(lines, "\n")), 0o644))
			code, out, errOut := verifyArgs(t, "-scenarios", "../../scenarios", "-cassettes", dir, "-run", "^invalid_param$")
			assert.Equal(t, 1, code, "stderr: %s", errOut)
			assert.Contains(t, out, "error [invalid_json]")
			assert.Contains(t, out, "FAIL: 1 scenario,")
		})
	}
}
