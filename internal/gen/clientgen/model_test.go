package clientgen

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCamel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"client_reference_id", "ClientReferenceID"},
		{"success_url", "SuccessURL"},
		{"ui_mode", "UIMode"},
		{"en-GB", "EnGB"},
		{"es-419", "Es419"},
		{"checkout.session", "CheckoutSession"},
		{"1099_k", "N1099K"}, // a Go name cannot start with a digit
		{"gte", "GTE"},
		{"", "Empty"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, camel(tt.in), tt.in)
	}
}

func TestGoName(t *testing.T) {
	assert.Equal(t, "Session", goName("checkout.session"))
	assert.Equal(t, "LineItem", goName("item"))
	assert.Equal(t, "SessionCustomerDetails", goName("payment_pages_checkout_session_customer_details"))
	assert.Equal(t, "SessionWalletOptions", goName("checkout_session_wallet_options"))
	assert.Equal(t, "PaymentLink", goName("payment_link"))
}

func TestDocText(t *testing.T) {
	in := "<p>The ID of the [customer](/api/customers) &amp; its `email`.</p>\n\n<p>More.</p>"
	assert.Equal(t, "The ID of the customer (https://docs.stripe.com/api/customers) & its email. More.", docText(in))
	var b strings.Builder
	comment(&b, "\t", strings.Repeat("word ", 40))
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		assert.True(t, strings.HasPrefix(line, "\t// "), line)
		assert.LessOrEqual(t, len(line), 80, line)
	}
}

func TestClearHow(t *testing.T) {
	assert.Equal(t, "send an empty non-nil slice", clearHow("[]*DiscountParams", "discounts"))
	assert.Equal(t, "send an empty non-nil map", clearHow("map[string]string", "metadata"))
	assert.Equal(t, `send String("")`, clearHow("*string", "description"))
	assert.Equal(t, `set Extra["custom_text"] = form.Empty`, clearHow("*CustomTextParams", "custom_text"))
}
