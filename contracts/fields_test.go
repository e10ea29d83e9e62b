package contracts

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFields(t *testing.T) {
	set, err := Load()
	require.NoError(t, err)
	create, err := set.Fields("create")
	require.NoError(t, err)
	assert.Equal(t, "checkout.session", create.Object)
	assert.Contains(t, create.Params, "line_items")
	assert.Contains(t, create.Params, "success_url")
	assert.Contains(t, create.Response, "amount_total")
	assert.NotContains(t, create.Params, "session", "path parameters are not request parameters")

	items, err := set.Fields("list_line_items")
	require.NoError(t, err)
	assert.Equal(t, "item", items.Object, "a list covers the objects it holds")
	assert.Contains(t, items.Response, "quantity")
	assert.Contains(t, items.Params, "limit")

	_, err = set.Fields("delete")
	assert.ErrorIs(t, err, ErrUnknownOperation)
}
