package clientgen_test

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/gen/clientgen"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
)

var update = flag.Bool("update", false, "rewrite client/zz_generated_*.go")

// clientDir is package client's folder.
var clientDir = filepath.Join("..", "..", "..", "client")

// The committed generated files are what the pinned spec generates now:
// run make contracts after changing the generator or the pin.
func TestCommittedClientTypesAreFresh(t *testing.T) {
	f, err := clientgen.Generate(openapitest.PinnedSpec(t), clientgen.Options{GeneratedBy: "go run ./cmd/contracts"})
	require.NoError(t, err)
	if *update {
		_, err := f.Write(clientDir)
		require.NoError(t, err)
	}
	stale, err := f.Stale(clientDir)
	require.NoError(t, err)
	assert.Empty(t, stale, "stale generated files in client/: run make contracts")
}
