package clientgen_test

import (
	"bytes"
	"context"
	"flag"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/gen/clientgen"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
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

// generate runs Generate on a copy of the pinned spec changed by edit.
func generate(t *testing.T, edit func(s *openapi.Spec)) *clientgen.Files {
	t.Helper()
	path, err := openapi.PinnedSpecPath(context.Background())
	require.NoError(t, err)
	s, err := openapi.ReadFile(path)
	require.NoError(t, err)
	if edit != nil {
		edit(s)
	}
	f, err := clientgen.Generate(s, clientgen.Options{})
	require.NoError(t, err)
	return f
}

// The same spec gives the same bytes, and every file says it is generated
// in the form Go tools recognise.
func TestGenerateIsDeterministicAndMarked(t *testing.T) {
	a, b := generate(t, nil), generate(t, nil)
	require.Equal(t, []string{clientgen.ObjectsFile, clientgen.ParamsFile}, a.Names())
	marker := regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)
	for _, name := range a.Names() {
		assert.True(t, bytes.Equal(a.Source(name), b.Source(name)), name)
		assert.True(t, marker.Match(a.Source(name)), "%s lacks the generated marker", name)
		assert.True(t, strings.HasPrefix(name, "zz_generated_"), name)
	}
}

// A field Stripe removes disappears from the types (so code using it no
// longer compiles), and a new one appears, with its description as doc.
func TestSpecChangesReachTheTypes(t *testing.T) {
	before := generate(t, nil)
	after := generate(t, func(s *openapi.Spec) {
		props := s.Components.Schemas["checkout.session"]["properties"].(map[string]any)
		delete(props, "customer_email")
		props["loyalty_tier"] = map[string]any{"type": "string", "nullable": true, "description": "The customer's loyalty tier.", "enum": []any{"gold", "silver"}}
		create := s.Paths["/v1/checkout/sessions"]["post"].RequestBody.Content[openapi.FormContentType].Schema
		delete(create["properties"].(map[string]any), "customer_email")
	})
	field := regexp.MustCompile(`(?m)^\tCustomerEmail \*string ` + "`")
	assert.Len(t, field.FindAll(before.Source(clientgen.ObjectsFile), -1), 1, "Session.CustomerEmail before")
	assert.Len(t, field.FindAll(before.Source(clientgen.ParamsFile), -1), 1, "SessionCreateParams.CustomerEmail before")
	assert.Empty(t, field.FindAll(after.Source(clientgen.ObjectsFile), -1), "Session.CustomerEmail after")
	assert.Empty(t, field.FindAll(after.Source(clientgen.ParamsFile), -1), "SessionCreateParams.CustomerEmail after")
	objs := string(after.Source(clientgen.ObjectsFile))
	for _, want := range []string{
		"\tLoyaltyTier *SessionLoyaltyTier `json:\"loyalty_tier,omitempty\"`", // optional: a pointer
		"// LoyaltyTier: The customer's loyalty tier.",
		"SessionLoyaltyTierGold SessionLoyaltyTier = \"gold\"",
	} {
		assert.True(t, strings.Contains(objs, want), "generated objects lack %q", want)
	}
}
