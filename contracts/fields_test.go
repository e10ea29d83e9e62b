package contracts

import (
	"strings"
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

func TestFieldPaths(t *testing.T) {
	set, err := Load()
	require.NoError(t, err)
	create, err := set.Fields("create")
	require.NoError(t, err)
	for _, p := range []string{"line_items", "line_items[].price_data", "line_items[].price_data.currency",
		"line_items[].price_data.recurring", "automatic_tax.enabled", "shipping_options[].shipping_rate_data"} {
		assert.Contains(t, create.ParamPaths, p)
	}
	assert.NotContains(t, create.ParamPaths, "line_items[].price_data.recurring.interval", "deeper than FieldDepth")
	for _, p := range []string{"automatic_tax", "automatic_tax.enabled", "custom_fields[].key", "line_items.data", "total_details.amount_tax"} {
		assert.Contains(t, create.ResponsePaths, p)
	}
	for _, p := range create.ResponsePaths {
		assert.False(t, strings.HasPrefix(p, "customer."), "%s: an expandable field is another object, not entered", p)
		assert.False(t, strings.HasPrefix(p, "metadata."), "%s: a free-form map has no paths below it", p)
	}
	assert.Subset(t, create.ResponsePaths, create.Response, "the top-level fields are paths too")
}

// TestFieldsCountParamsThatMayBeSentEmpty: a parameter whose anyOf is its
// value or "" (sent empty to clear it) used to be skipped as if it were
// an expandable id, so coverage never counted what it holds.
func TestFieldsCountParamsThatMayBeSentEmpty(t *testing.T) {
	s, err := Load()
	require.NoError(t, err)
	update, err := s.Fields("update")
	require.NoError(t, err)
	assert.Contains(t, update.ParamPaths, "shipping_options[].shipping_rate")
	create, err := s.Fields("create")
	require.NoError(t, err)
	for _, p := range []string{"custom_text.submit.message", "custom_text.after_submit.message"} {
		assert.Contains(t, create.ParamPaths, p)
	}
	assert.NotContains(t, create.ResponsePaths, "customer.id", "an expandable id is still not entered")
}
