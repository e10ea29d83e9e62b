package main

import (
	"os"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTableIsCurrent: the committed table is what the generator writes
// from the pinned specs (re-run go generate ./internal/localserver after
// changing either).
func TestTableIsCurrent(t *testing.T) {
	src, err := Generate(openapitest.PinnedSpec(t), openapitest.PinnedSDKSpec(t))
	require.NoError(t, err)
	committed, err := os.ReadFile("../../zz_expandable.go")
	require.NoError(t, err)
	assert.Equal(t, string(committed), string(src), "re-run: go generate ./internal/localserver")
}
