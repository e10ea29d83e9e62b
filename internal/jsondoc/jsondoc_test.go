package jsondoc_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/jsondoc"
)

func TestDecode(t *testing.T) {
	v, err := jsondoc.Decode([]byte(` {"a": [12345678901234567890, 1.10, "x", null, true]} `))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"a": []any{json.Number("12345678901234567890"), json.Number("1.10"), "x", nil, true}}, v)
	for _, bad := range []string{``, `{`, `{} {}`, `1 x`} {
		_, err := jsondoc.Decode([]byte(bad))
		assert.Error(t, err, bad)
	}
}
