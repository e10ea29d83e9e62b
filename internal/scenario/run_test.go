package scenario

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
)

// TestRunRefusesUnknownOp: Parse never yields an unknown op, but a
// Scenario built in Go can; Run reports it instead of panicking.
func TestRunRefusesUnknownOp(t *testing.T) {
	sc := &Scenario{Name: "x", File: "x.yaml", Steps: []*Step{{ID: "a", Op: "delete", Pos: Pos{File: "x.yaml", Line: 3, Col: 5}}}}
	res := Run(context.Background(), sc, RunOptions{Client: client.New("sk_test_123", client.Options{})})
	require.Len(t, res.Steps, 1)
	require.Error(t, res.Err())
	assert.Equal(t, `x.yaml:3:5: step "a": unknown op "delete" (known ops: call, create, expire, list, list_line_items, pay, retrieve, update)`, res.Err().Error())
}
