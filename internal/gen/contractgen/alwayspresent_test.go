package contractgen

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
)

// defOf returns schema name of a bundle file, decoded as the file holds it.
func defOf(t *testing.T, c *Contracts, file, name string) map[string]any {
	t.Helper()
	data, err := encode(c.files[file])
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	def, ok := doc["$defs"].(map[string]any)[name].(map[string]any)
	require.True(t, ok, "%s has no %s", file, name)
	return def
}

func requiredOf(def map[string]any) []string {
	var out []string
	for _, r := range def["required"].([]any) {
		out = append(out, r.(string))
	}
	return out
}

// TestAlwaysPresentComesFromTheSDKSpec: with the SDK spec, each response
// schema requires what the SDK spec marks always present, only among the
// properties spec3.json has; request schemas are unchanged; the manifest
// names both files.
func TestAlwaysPresentComesFromTheSDKSpec(t *testing.T) {
	main, sdk := openapitest.PinnedSpec(t), openapitest.PinnedSDKSpec(t)
	plain, err := Generate(main, Options{})
	require.NoError(t, err)
	strong, err := Generate(main, Options{AlwaysPresent: sdk})
	require.NoError(t, err)

	session := defOf(t, strong, componentsFile, "checkout.session")
	assert.Len(t, requiredOf(defOf(t, plain, componentsFile, "checkout.session")), 12)
	req := requiredOf(session)
	assert.Len(t, req, 58)
	assert.Subset(t, req, []string{"status", "ui_mode", "customer_creation", "shipping_cost", "url"})
	props := session["properties"].(map[string]any)
	for _, r := range req {
		assert.Contains(t, props, r, "required but not a property of spec3.json's checkout.session")
	}
	sdkProps := sdk.Components.Schemas["checkout.session"]["properties"].(map[string]any)
	var betaOnly []string
	for p := range sdkProps {
		if _, ok := props[p]; !ok {
			betaOnly = append(betaOnly, p)
		}
	}
	require.NotEmpty(t, betaOnly, "the SDK spec has beta-only checkout.session properties")
	for _, p := range betaOnly {
		assert.False(t, slices.Contains(req, p), "beta-only %s stays out", p)
	}
	assert.Len(t, requiredOf(defOf(t, strong, componentsFile, "item")), 10)
	assert.Equal(t, defOf(t, plain, requestsFile, "create"), defOf(t, strong, requestsFile, "create"), "requests keep spec3.json's lists")
	assert.Equal(t, 1930, strong.AlwaysPresent)
	assert.Zero(t, plain.AlwaysPresent)

	m := strong.files[manifestFile].(manifest.Manifest)
	require.Len(t, m.Sources, 2)
	assert.Equal(t, openapi.SpecFile, m.Sources[0].File)
	assert.Equal(t, main.SHA256, m.Sources[0].SHA256)
	assert.Equal(t, openapi.SDKSpecFile, m.Sources[1].File)
	assert.Equal(t, sdk.SHA256, m.Sources[1].SHA256)
	assert.Contains(t, m.Sources[1].Rules, "1930 more response properties it marks always present")
	assert.Len(t, plain.files[manifestFile].(manifest.Manifest).Sources, 1)
}
