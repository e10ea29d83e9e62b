package manifest_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
)

// encode is how the generator writes JSON: indented, sorted map keys.
func encode(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(v))
	return buf.Bytes()
}

// TestEncodesLikeASortedMap guards the field order: manifest.json was
// generated from a map, and must keep its bytes.
func TestEncodesLikeASortedMap(t *testing.T) {
	m := manifest.Manifest{
		APIVersion: "2026-08-26.dahlia", Components: "components.json", GeneratedBy: "go run ./cmd/contracts",
		Requests: "requests.json", SpecSHA256: "abc",
		Operations: map[string]manifest.Operation{
			"update": {File: "update.json", Method: "POST", OperationID: "PostX", Path: "/v1/x/{x}"},
			"create": {File: "create.json", Method: "POST", OperationID: "PostXs", Path: "/v1/x"},
		},
	}
	data := encode(t, m)
	var asMap map[string]any
	require.NoError(t, json.Unmarshal(data, &asMap))
	assert.Equal(t, string(encode(t, asMap)), string(data))

	var back manifest.Manifest
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, m, back)
}
