package report

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJUnitTimesAndSkippedInteraction: test cases and suites carry the
// measured times, and an interaction verify did not check is <skipped>.
func TestJUnitTimesAndSkippedInteraction(t *testing.T) {
	r := &Report{APIVersion: apiVersion, Scenarios: []Scenario{{Name: "c", File: "c.yaml", Cassette: "c.yaml", Duration: 2250 * time.Millisecond,
		Steps: []Step{
			{ID: "PostCustomers", Request: "POST /v1/customers", Status: 200, Duration: 1500 * time.Millisecond},
			{ID: "skipped", Request: "GET https://example.com/x", Findings: []Finding{{Kind: KindSkippedInteraction, Severity: Note, Interaction: 1, Message: "not a call to Stripe's API"}}},
		}}}}
	var buf bytes.Buffer
	require.NoError(t, JUnit(&buf, r, Options{}))
	out := buf.String()
	assert.Contains(t, out, `skipped="1" time="2.250"`)
	assert.Contains(t, out, `name="PostCustomers" file="c.yaml" time="1.500"`)
	assert.Contains(t, out, `<skipped message="not a call to Stripe&#39;s API"></skipped>`)
	assert.False(t, r.Failed(true), "a skipped interaction fails nothing")
}

// TestErrorReport: a run that could not start still gives every format a
// report: one failing test case saying why.
func TestErrorReport(t *testing.T) {
	r := ErrorReport(apiVersion, errors.New("cassettes folder nope does not exist"))
	assert.True(t, r.Failed(false))
	for _, f := range Formats {
		var buf bytes.Buffer
		require.NoError(t, Write(&buf, r, Options{Format: f}))
		assert.Contains(t, buf.String(), "verify could not run: cassettes folder nope does not exist", f)
	}
	got := parseJUnit(t, r, false)
	assert.Equal(t, 1, got.Tests)
	assert.Equal(t, 1, got.Failures)
	assert.Equal(t, "(run)", got.Suites[0].Cases[0].Name)
}
