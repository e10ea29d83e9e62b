package contractgen

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
)

// TestGenerateCatalog: with Catalog, every other describable operation of
// the spec lands in catalog.json and operations.json, the Checkout
// operations' files are what they are without it, and package contracts
// finds and checks a catalog operation from the folder written.
func TestGenerateCatalog(t *testing.T) {
	s := openapitest.PinnedSpec(t)
	plain, err := Generate(s, Options{GeneratedBy: "test"})
	require.NoError(t, err)
	c, err := Generate(s, Options{GeneratedBy: "test", Catalog: true})
	require.NoError(t, err)
	assert.ElementsMatch(t, append(plain.Files(), "catalog.json", "operations.json"), c.Files())
	assert.Equal(t, len(s.Endpoints())-6, c.Cataloged, "every describable operation but the six")
	for _, name := range []string{"create.json", "retrieve.json", "requests.json", "list.json"} {
		assert.Equal(t, plain.files[name], c.files[name], "%s unchanged by the catalog", name)
	}

	dir := t.TempDir()
	_, err = c.Write(dir)
	require.NoError(t, err)
	assert.FileExists(t, filepath.Join(dir, "operations.json.gz"), "the catalog's files are written gzipped")
	data, err := readMaybeGzipped(filepath.Join(dir, "catalog.json"))
	require.NoError(t, err)
	var cat manifest.Catalog
	require.NoError(t, json.Unmarshal(data, &cat))
	assert.Equal(t, "operations.json", cat.Bundle)
	assert.Equal(t, manifest.Operation{File: "operations/PostCustomers", Method: "POST",
		OperationID: "PostCustomers", Path: "/v1/customers"}, cat.Operations["PostCustomers"])
	assert.NotContains(t, cat.Operations, "PostCheckoutSessions", "the manifest's own stay out")

	set, err := contracts.LoadDir(dir)
	require.NoError(t, err)
	op, ok := set.Lookup("POST", "/v1/customers")
	require.True(t, ok)
	assert.Equal(t, "PostCustomers", op.Name)
	vs, err := set.CheckResponse("PostCustomers", 200, []byte(`{"object": "customer", "id": 5}`))
	require.NoError(t, err)
	assert.NotEmpty(t, vs)

	// A second run without the catalog removes the files the first wrote.
	_, err = plain.Write(dir)
	require.NoError(t, err)
	for _, name := range []string{"catalog.json", "operations.json"} {
		assert.NoFileExists(t, filepath.Join(dir, name))
		assert.NoFileExists(t, filepath.Join(dir, name+".gz"))
	}
}

// TestEndpointsLeaveOutWhatNoContractDescribes: file uploads (multipart)
// and non-JSON answers are not in [openapi.Spec.Endpoints].
func TestEndpointsLeaveOutWhatNoContractDescribes(t *testing.T) {
	s := openapitest.PinnedSpec(t)
	names := map[string]openapi.Endpoint{}
	for _, e := range s.Endpoints() {
		names[e.Name] = e
	}
	assert.Contains(t, names, "GetCustomersCustomer")
	assert.Contains(t, names, "DeleteCustomersCustomer")
	assert.NotContains(t, names, "PostFiles", "multipart upload")
	assert.NotContains(t, names, "GetQuotesQuotePdf", "answers a PDF")
}
