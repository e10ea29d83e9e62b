package control_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/checkoutvcr/checkoutvcr/internal/localserver/control"
)

func TestPaths(t *testing.T) {
	assert.Equal(t, "/_checkoutvcr/sessions/cs_test_a%2Fb/pay", control.PayPath("cs_test_a/b"), "the id is one path segment")
	assert.True(t, control.IsControl(control.PayPath("cs_test_1")))
	assert.False(t, control.IsControl("/v1/checkout/sessions"))
	assert.False(t, control.IsControl("/_checkoutvcrx/sessions"))
}
