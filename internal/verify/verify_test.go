package verify

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// TestParallelEqualsSerial verifies copies of the committed lifecycle
// scenario (one of them with a changed request, so there are findings)
// serially and in parallel, and expects the same report.
func TestParallelEqualsSerial(t *testing.T) {
	scen, cass := t.TempDir(), t.TempDir()
	data, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	tape, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	for i, name := range []string{"a", "b", "c", "d", "e", "f"} {
		text := strings.Replace(string(data), "name: lifecycle", "name: "+name, 1)
		if i%3 == 0 {
			text = strings.Replace(text, "quantity: 2", "quantity: 5", 1)
		}
		require.NoError(t, os.WriteFile(filepath.Join(scen, name+".yaml"), []byte(text), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(cass, name+".yaml"), tape, 0o644))
	}
	serial, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cass, Parallel: 1})
	require.NoError(t, err)
	parallel, err := Run(context.Background(), Options{Scenarios: scen, Cassettes: cass, Parallel: 4})
	require.NoError(t, err)
	require.Equal(t, 6, len(serial.Scenarios))
	require.Positive(t, serial.Count().Errors, "the changed scenarios must have findings")
	// Times are measured, so they differ from run to run.
	noTimes := cmp.Options{cmpopts.IgnoreFields(report.Step{}, "Duration"), cmpopts.IgnoreFields(report.Scenario{}, "Duration")}
	if diff := cmp.Diff(serial, parallel, noTimes); diff != "" {
		t.Errorf("parallel report differs from serial (-serial +parallel):\n%s", diff)
	}
}

// contractsWithout copies the committed contracts into a temp folder with
// one create request parameter removed, as if a newer spec dropped it.
func contractsWithout(t *testing.T, param string) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob("../../contracts/*.json")
	require.NoError(t, err)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		if filepath.Base(f) == "requests.json" {
			var doc map[string]any
			require.NoError(t, json.Unmarshal(data, &doc))
			props := doc["$defs"].(map[string]any)["create"].(map[string]any)["properties"].(map[string]any)
			require.Contains(t, props, param)
			delete(props, param)
			data, err = json.Marshal(doc)
			require.NoError(t, err)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644))
	}
	return dir
}

func TestRecordedRequestsAreCheckedAgainstTheContract(t *testing.T) {
	rep, err := Run(context.Background(), Options{
		Scenarios: "../../scenarios", Cassettes: "../../cassettes",
		Contracts: contractsWithout(t, "success_url"), Run: regexp.MustCompile("^lifecycle$"),
	})
	require.NoError(t, err)
	create := rep.Scenarios[0].Steps[0]
	require.Len(t, create.Findings, 1, "%v", create.Findings) // the request finding; nothing skipped: the local server keeps state
	f := create.Findings[0]
	if diff := cmp.Diff(report.Finding{Kind: "request_unknown_field", Severity: report.Error, Path: "request success_url",
		Want: "not listed in the contract", Got: `"https://example.com/checkout/success"`, Interaction: 0}, f); diff != "" {
		t.Errorf("request finding (-want +got):\n%s", diff)
	}
}

func TestStepsExpectingRejectionSkipRequestChecks(t *testing.T) {
	rep, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: "../../cassettes", Run: regexp.MustCompile("^invalid_param$")})
	require.NoError(t, err)
	require.Zero(t, rep.Count().Errors, "mode=bogus is the point of the scenario")
}

// TestCoverageOfCommittedSuite pins what the committed scenarios exercise;
// adding a scenario for a new field should change these numbers.
func TestCoverageOfCommittedSuite(t *testing.T) {
	rep, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: "../../cassettes", Coverage: true})
	require.NoError(t, err)
	require.NotNil(t, rep.Coverage)
	byOp := map[string]report.OpCoverage{}
	for _, op := range rep.Coverage.Ops {
		byOp[op.Op] = op
	}
	require.Len(t, byOp, 6, "every operation of the contracts is listed")
	create := byOp["create"]
	assert.Equal(t, "checkout.session", create.Object)
	assert.Equal(t, 13, create.Calls)
	assert.Subset(t, create.ParamsSent, []string{"line_items", "metadata", "mode", "success_url", "automatic_tax",
		"custom_fields", "shipping_options", "allow_promotion_codes"})
	assert.NotContains(t, create.ParamsSent, "return_url", "no scenario sends it yet")
	assert.Contains(t, create.FieldsSeen, "status")
	assert.Contains(t, create.FieldsSeen, "amount_total", "the local server computes it (stripe-mock's fixture has it null)")
	assert.Equal(t, []string{"expand"}, byOp["retrieve"].ParamsSent)
	assert.Contains(t, create.ParamPathsSent, "discounts[].coupon", "scenarios/discounts uses a coupon it made")
	assert.Subset(t, create.ParamPathsSent, []string{"line_items[].price_data.currency", "line_items[].price_data.recurring",
		"automatic_tax.enabled", "shipping_options[].shipping_rate_data"}, "deeper levels count too")
	assert.NotContains(t, create.ParamPathsSent, "line_items[].adjustable_quantity", "no scenario sends it yet")
	assert.Contains(t, create.FieldPathsSeen, "automatic_tax.enabled")
	assert.Contains(t, create.FieldPaths, "automatic_tax.provider")
	assert.NotContains(t, create.FieldPathsSeen, "automatic_tax.provider", "stripe-mock's fixture has it null")
	assert.Equal(t, "item", byOp["list_line_items"].Object)
	assert.Equal(t, []string{"limit"}, byOp["list_line_items"].ParamsSent)
}
