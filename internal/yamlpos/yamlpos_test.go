package yamlpos_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/internal/yamlpos"
)

func TestSyntaxLine(t *testing.T) {
	var v any
	err := yaml.Unmarshal([]byte("a: 1\nb: [\n"), &v)
	require.Error(t, err)
	line, msg, ok := yamlpos.SyntaxLine(err)
	assert.True(t, ok, err.Error())
	assert.Equal(t, 2, line)
	assert.NotEmpty(t, msg)
	_, _, ok = yamlpos.SyntaxLine(errors.New("yaml: something else"))
	assert.False(t, ok)
}

func TestDecodeLine(t *testing.T) {
	var v struct{ N int }
	err := yaml.Unmarshal([]byte("a: 1\n\nb: 2\nn: x\n"), &v)
	var te *yaml.TypeError
	require.ErrorAs(t, err, &te)
	line, msg, ok := yamlpos.DecodeLine(te.Errors[0])
	assert.True(t, ok, te.Errors[0])
	assert.Equal(t, 4, line)
	assert.Contains(t, msg, "cannot unmarshal")
	_, _, ok = yamlpos.DecodeLine("no line here")
	assert.False(t, ok)
}

func TestKindAndOr(t *testing.T) {
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte("m: {a: 1}\nl: [1]\nn: ~\ns: hi\nx: &x 1\ny: *x\n"), &doc))
	root := doc.Content[0]
	want := map[string]string{"m": "a mapping", "l": "a list", "n": "empty", "s": `"hi"`, "x": `"1"`, "y": "an alias"}
	for i := 0; i < len(root.Content); i += 2 {
		k, v := root.Content[i].Value, root.Content[i+1]
		assert.Equal(t, want[k], yamlpos.Kind(v), k)
	}
	assert.Same(t, root, yamlpos.Or(nil, root))
	assert.Same(t, root.Content[0], yamlpos.Or(root.Content[0], root))
}
