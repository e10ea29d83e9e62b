package contractgen

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
)

func TestGenerateDefaultsToCheckoutSessions(t *testing.T) {
	c, err := Generate(openapitest.PinnedSpec(t), Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"components.json", "create.json", "expire.json", "list.json", "list_line_items.json",
		"manifest.json", "requests.json", "retrieve.json", "update.json"}, c.Files())
	assert.Equal(t, 6, c.Operations)
	assert.Equal(t, 1011, c.Schemas)
	assert.Equal(t, "2026-08-26.dahlia", c.APIVersion)
}

// TestGenerateWritesWhatContractsLoads generates one operation and loads
// the result with package contracts: the manifest the generator writes is
// the one contracts reads.
func TestGenerateWritesWhatContractsLoads(t *testing.T) {
	s := openapitest.PinnedSpec(t)
	retrieve, ok := openapi.CheckoutSession("retrieve")
	require.True(t, ok)
	c, err := Generate(s, Options{Endpoints: []openapi.Endpoint{retrieve}, GeneratedBy: "test"})
	require.NoError(t, err)
	assert.Equal(t, []string{"components.json", "manifest.json", "requests.json", "retrieve.json"}, c.Files())
	assert.Equal(t, 1, c.Operations)

	dir := t.TempDir()
	size, err := c.Write(dir)
	require.NoError(t, err)
	assert.Positive(t, size)

	data, err := os.ReadFile(filepath.Join(dir, manifest.File))
	require.NoError(t, err)
	var m manifest.Manifest
	require.NoError(t, json.Unmarshal(data, &m))
	assert.Equal(t, "test", m.GeneratedBy)
	assert.Equal(t, s.SHA256, m.SpecSHA256)
	assert.Equal(t, map[string]manifest.Operation{"retrieve": {
		File: "retrieve.json", Method: "GET", OperationID: "GetCheckoutSessionsSession", Path: "/v1/checkout/sessions/{session}",
	}}, m.Operations)

	set, err := contracts.LoadDir(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"retrieve"}, set.Operations())
	op, ok := set.Operation("retrieve")
	require.True(t, ok)
	assert.Equal(t, contracts.Operation{Name: retrieve.Name, Method: retrieve.Method, Path: retrieve.Path,
		OperationID: "GetCheckoutSessionsSession"}, op)
	assert.Equal(t, s.Info.Version, set.APIVersion())
}

func TestGenerateRefusesAnOperationTheSpecLacks(t *testing.T) {
	_, err := Generate(openapitest.PinnedSpec(t), Options{Endpoints: []openapi.Endpoint{{Name: "delete", Method: "DELETE", Path: "/v1/checkout/sessions/{session}"}}})
	assert.EqualError(t, err, "spec has no DELETE /v1/checkout/sessions/{session}")
}

// TestWriteWithoutGeneratedByRemovesNothing: a generator that does not
// mark its output cannot tell its old files from anyone else's.
func TestWriteWithoutGeneratedByRemovesNothing(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, manifest.File), []byte(`{"generated_by": "", "operations": {"old": {"file": "old.json"}}}`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "old.json"), []byte(`{}`), 0o644))
	retrieve, _ := openapi.CheckoutSession("retrieve")
	c, err := Generate(openapitest.PinnedSpec(t), Options{Endpoints: []openapi.Endpoint{retrieve}})
	require.NoError(t, err)
	_, err = c.Write(dir)
	require.NoError(t, err)
	assert.FileExists(t, filepath.Join(dir, "old.json"))
}
