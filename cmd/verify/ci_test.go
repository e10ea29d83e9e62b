package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ciReports are the three report files one run writes.
type ciReports struct{ junit, json, text string }

func newCIReports(t *testing.T) ciReports {
	dir := t.TempDir()
	return ciReports{filepath.Join(dir, "r.xml"), filepath.Join(dir, "r.json"), filepath.Join(dir, "r.txt")}
}

func (r ciReports) flags() []string {
	return []string{"-junit", r.junit, "-json", r.json, "-text", r.text}
}

// read parses the three files and returns the JUnit totals and the JSON
// summary's passed.
func (r ciReports) read(t *testing.T) (tests, failures int, passed bool, text string) {
	t.Helper()
	var junit struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	data, err := os.ReadFile(r.junit)
	require.NoError(t, err)
	require.NoError(t, xml.Unmarshal(data, &junit))
	var js struct {
		Summary struct {
			Passed bool `json:"passed"`
		} `json:"summary"`
	}
	data, err = os.ReadFile(r.json)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &js))
	data, err = os.ReadFile(r.text)
	require.NoError(t, err)
	return junit.Tests, junit.Failures, js.Summary.Passed, string(data)
}

// TestCIOutputsOnEveryExit: -junit, -json and -text are written in one
// run, beside the text report on stdout, on exit 0, 1 and 2.
func TestCIOutputsOnEveryExit(t *testing.T) {
	t.Run("exit 0", func(t *testing.T) {
		r := newCIReports(t)
		code, out, errOut := verifyArgs(t, append(r.flags(), "-scenarios", "../../scenarios", "-cassettes", "../../cassettes")...)
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, "PASS: ", "the text log stays on stdout")
		tests, failures, passed, text := r.read(t)
		assert.Positive(t, tests)
		assert.Zero(t, failures)
		assert.True(t, passed)
		assert.Contains(t, text, "PASS: ")
	})
	t.Run("exit 1", func(t *testing.T) {
		r := newCIReports(t)
		code, out, _ := verifyArgs(t, append(r.flags(), "../../examples/foreign/testdata/unredacted")...)
		require.Equal(t, 1, code)
		assert.Contains(t, out, "FAIL: ")
		tests, failures, passed, text := r.read(t)
		assert.Equal(t, 4, tests, "one test case per interaction")
		assert.Equal(t, 4, failures, "each keeps the key in its Authorization header")
		assert.False(t, passed)
		assert.Contains(t, text, "[secret]")
	})
	t.Run("exit 2", func(t *testing.T) {
		r := newCIReports(t)
		code, _, errOut := verifyArgs(t, append(r.flags(), "-scenarios", "does-not-exist")...)
		require.Equal(t, 2, code)
		assert.Contains(t, errOut, "does-not-exist")
		tests, failures, passed, text := r.read(t)
		assert.Equal(t, 1, tests, "a single test case")
		assert.Equal(t, 1, failures)
		assert.False(t, passed)
		assert.Contains(t, text, "verify could not run: ")
		assert.Contains(t, text, "does-not-exist")
	})
	t.Run("exit 2 on a bad flag after the report flags", func(t *testing.T) {
		r := newCIReports(t)
		code, _, _ := verifyArgs(t, append(r.flags(), "-format", "yaml")...)
		require.Equal(t, 2, code)
		_, failures, _, text := r.read(t)
		assert.Equal(t, 1, failures)
		assert.Contains(t, text, `unknown format "yaml"`)
	})
}

// TestCassetteArguments: positional arguments switch verify to checking
// the cassettes alone, flags may come after them, and the scenario flags
// are refused there.
func TestCassetteArguments(t *testing.T) {
	code, out, errOut := verifyArgs(t, "../../examples/foreign/testdata/unredacted/checkout.yaml", "-format", "json")
	require.Equal(t, 1, code, errOut)
	var js struct {
		Scenarios []struct {
			Steps []struct {
				ID string `json:"id"`
			} `json:"steps"`
		} `json:"scenarios"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &js))
	require.Len(t, js.Scenarios, 1)
	var ids []string
	for _, st := range js.Scenarios[0].Steps {
		ids = append(ids, st.ID)
	}
	assert.Equal(t, []string{"PostCustomers", "GetPrices", "PostPaymentIntents", "PostWebhookEndpoints"}, ids)

	code, _, errOut = verifyArgs(t, "-run", "x", "../../examples/foreign/testdata/unredacted")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "-run is for scenarios")
	code, _, errOut = verifyArgs(t, "-host", "stripe-proxy.internal")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "-host is for cassette arguments")
	code, _, errOut = verifyArgs(t, "no/such/folder")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "no/such/folder")
}
