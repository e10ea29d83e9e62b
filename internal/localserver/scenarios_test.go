package localserver

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommittedScenariosPassEveryExpectation runs the repository's
// scenarios against the server, each with a key of its own as record
// would, and checks every expectation, expect_stateful included, and every
// response against the contracts of the scenario's stripe_version.
func TestCommittedScenariosPassEveryExpectation(t *testing.T) {
	scs, err := scenario.LoadDir("../../scenarios")
	require.NoError(t, err)
	require.NotEmpty(t, scs)
	h := newHarness(t)
	for _, sc := range scs {
		t.Run(sc.Name, func(t *testing.T) {
			set, _, err := contracts.LoadVersion(sc.StripeVersion) // the newest when it states none
			require.NoError(t, err)
			zero := 0
			cl := client.New("sk_test_"+strings.ReplaceAll(sc.Name, "_", ""), // stripe-mock refuses "_" after sk_test_
				client.Options{BaseURL: h.url, MaxRetries: &zero})
			res := scenario.Run(context.Background(), sc, scenario.RunOptions{Client: cl, Controls: true,
				IdempotencyKey: func(sc *scenario.Scenario, st *scenario.Step) string { return sc.Name + "/" + st.ID }})
			require.NoError(t, res.Err())
			stateful := 0
			for _, sr := range res.Steps {
				require.NoError(t, sr.Err, sr.Step.ID)
				where := fmt.Sprintf("step %s", sr.Step.ID)
				if sr.Expect != nil {
					assert.Empty(t, sr.Expect.Check(sr.Response.StatusCode, sr.JSON), where+" expect")
				}
				if sr.ExpectStateful != nil {
					stateful++
					assert.Empty(t, sr.ExpectStateful.Check(sr.Response.StatusCode, sr.JSON), where+" expect_stateful")
				}
				op := sr.Step.ContractOp()
				if scenario.IsControl(op) {
					op = "retrieve" // pay answers the session, as retrieve does
				}
				vs, err := set.CheckResponse(op, sr.Response.StatusCode, sr.Response.Body)
				require.NoError(t, err)
				assert.Empty(t, vs, where+" contract")
			}
			t.Logf("%d steps, %d with expect_stateful", len(res.Steps), stateful)
		})
	}
}
