package client_test

import "github.com/checkoutvcr/checkoutvcr/client"

// fullCreateParams sets every typed field of a create call, with values
// Stripe's spec accepts (no made-up Extra keys).
func fullCreateParams() *client.SessionCreateParams {
	msg := func(s string) *client.CustomTextMessageParams { return &client.CustomTextMessageParams{Message: S(s)} }
	return &client.SessionCreateParams{
		Params:     client.Params{Expand: []string{"line_items"}},
		Mode:       S("payment"),
		SuccessURL: S("https://example.com/ok"),
		CancelURL:  S("https://example.com/cancel"),
		UIMode:     S("hosted_page"),
		LineItems: []*client.SessionLineItemParams{
			{Price: S("price_1"), Quantity: I(1), AdjustableQuantity: &client.AdjustableQuantityParams{Enabled: B(true), Minimum: I(1), Maximum: I(5)}},
			{PriceData: &client.PriceDataParams{
				Currency: S("usd"), UnitAmount: I(2000), TaxBehavior: S("exclusive"),
				ProductData: &client.ProductDataParams{Name: S("T-shirt"), Description: S("Cotton"), Images: []string{"https://example.com/t.png"}, Metadata: map[string]string{"sku": "t1"}},
			}, Quantity: I(2)},
			{PriceData: &client.PriceDataParams{Currency: S("usd"), Product: S("prod_1"), UnitAmountDecimal: S("12.5")}, Quantity: I(1)},
		},
		Customer:                  S("cus_1"),
		ClientReferenceID:         S("order-42"),
		Metadata:                  map[string]string{"order": "42"},
		ExpiresAt:                 I(1900000000),
		PaymentMethodTypes:        []string{"card"},
		Discounts:                 []*client.DiscountParams{{Coupon: S("co_1")}},
		ShippingOptions:           []*client.ShippingOptionParams{{ShippingRate: S("shr_1")}, {ShippingRateData: &client.ShippingRateDataParams{DisplayName: S("Ground"), Type: S("fixed_amount"), FixedAmount: &client.FixedAmountParams{Amount: I(500), Currency: S("usd")}}}},
		ShippingAddressCollection: &client.ShippingAddressCollectionParams{AllowedCountries: []string{"US", "CA"}},
		BillingAddressCollection:  S("required"),
		PhoneNumberCollection:     &client.PhoneNumberCollectionParams{Enabled: B(true)},
		AutomaticTax:              &client.AutomaticTaxParams{Enabled: B(true)},
		TaxIDCollection:           &client.TaxIDCollectionParams{Enabled: B(true)},
		PaymentIntentData: &client.PaymentIntentDataParams{
			CaptureMethod: S("manual"), Description: S("Order 42"), ReceiptEmail: S("r@example.com"),
			SetupFutureUsage: S("off_session"), StatementDescriptor: S("ACME"), Metadata: map[string]string{"order": "42"},
		},
		Locale:     S("fr"),
		SubmitType: S("pay"),
		CustomFields: []*client.CustomFieldParams{
			{Key: S("engraving"), Type: S("text"), Optional: B(true), Label: &client.CustomFieldLabelParams{Type: S("custom"), Custom: S("Engraving")}},
			{Key: S("wrap"), Type: S("dropdown"), Label: &client.CustomFieldLabelParams{Type: S("custom"), Custom: S("Wrap")},
				Dropdown: &client.CustomFieldDropdownParams{Options: []*client.CustomFieldOptionParams{{Label: S("Gift"), Value: S("gift")}}}},
		},
		CustomText:        &client.CustomTextParams{AfterSubmit: msg("Thanks"), ShippingAddress: msg("Ships soon"), Submit: msg("Pay now"), TermsOfServiceAcceptance: msg("I agree")},
		ConsentCollection: &client.ConsentCollectionParams{Promotions: S("auto"), TermsOfService: S("required")},
		AfterExpiration:   &client.AfterExpirationParams{Recovery: &client.RecoveryParams{Enabled: B(true), AllowPromotionCodes: B(true)}},
	}
}
