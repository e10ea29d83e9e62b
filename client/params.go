package client

// Params holds what every request's parameters share. Each params struct
// embeds it.
//
// Extra is the escape hatch for anything the typed fields do not cover. Its
// values may be nested map[string]any and []any with string, bool, any
// integer or float, json.Number or nil leaves (exactly what a YAML or JSON
// decoder produces), and are encoded with the same bracket rules as the
// typed fields (see package
// [github.com/checkoutvcr/checkoutvcr/client/form]). Extra is merged last
// and wins: where Extra and a typed field set the same key, maps are
// merged key by key and anything else in Extra replaces the typed value; a
// nil value in Extra removes the key altogether. Typed sub-structs that model only the common
// fields of a deep Stripe object have their own Extra, merged the same way
// at their level.
//
// To clear a field, send it empty: a "" string (also spelled
// [github.com/checkoutvcr/checkoutvcr/client/form.Empty]) or an empty
// non-nil map or slice encodes as "name=". A sub-struct whose fields are
// all nil is not sent at all; to clear such a field, put it in Extra with
// an empty value.
type Params struct {
	// Expand lists fields to return as whole objects instead of ids, e.g.
	// "line_items" or "customer"; sent as expand[0]=…, expand[1]=….
	Expand []string `form:"expand"`
	// Extra holds additional parameters, merged over the typed ones.
	Extra map[string]any `form:",inline"`
}

// String returns a pointer to s, for optional string fields.
func String(s string) *string { return &s }

// Int64 returns a pointer to n, for optional integer fields.
func Int64(n int64) *int64 { return &n }

// Bool returns a pointer to b, for optional boolean fields.
func Bool(b bool) *bool { return &b }

// SessionCreateParams are the parameters of [SessionService.Create]. Nil
// pointers, maps and slices are not sent.
type SessionCreateParams struct {
	// Params holds Expand and Extra.
	Params
	// Mode is "payment", "setup" or "subscription".
	Mode *string `form:"mode"`
	// SuccessURL is where the customer goes after paying.
	SuccessURL *string `form:"success_url"`
	// CancelURL is where the customer goes on cancelling.
	CancelURL *string `form:"cancel_url"`
	// ReturnURL is the return page for embedded ui modes.
	ReturnURL *string `form:"return_url"`
	// UIMode is "hosted_page" (the default), "embedded_page" or
	// "elements" in [DefaultAPIVersion]; API versions before 2025 call
	// them "hosted", "embedded" and "custom".
	UIMode *string `form:"ui_mode"`
	// LineItems are the items being bought.
	LineItems []*SessionLineItemParams `form:"line_items"`
	// Customer is an existing customer's id.
	Customer *string `form:"customer"`
	// CustomerEmail prefills the email field.
	CustomerEmail *string `form:"customer_email"`
	// CustomerCreation is "always" or "if_required".
	CustomerCreation *string `form:"customer_creation"`
	// ClientReferenceID is your own reference for the session.
	ClientReferenceID *string `form:"client_reference_id"`
	// Metadata is attached to the session; a "" value is sent as
	// "metadata[k]=".
	Metadata map[string]string `form:"metadata"`
	// ExpiresAt is a Unix time 30 minutes to 24 hours ahead.
	ExpiresAt *int64 `form:"expires_at"`
	// PaymentMethodTypes restricts the payment methods, e.g. ["card"].
	PaymentMethodTypes []string `form:"payment_method_types"`
	// AllowPromotionCodes shows a promotion code field.
	AllowPromotionCodes *bool `form:"allow_promotion_codes"`
	// Discounts applies coupons or promotion codes.
	Discounts []*DiscountParams `form:"discounts"`
	// ShippingOptions offers shipping rates.
	ShippingOptions []*ShippingOptionParams `form:"shipping_options"`
	// ShippingAddressCollection collects a shipping address.
	ShippingAddressCollection *ShippingAddressCollectionParams `form:"shipping_address_collection"`
	// BillingAddressCollection is "auto" or "required".
	BillingAddressCollection *string `form:"billing_address_collection"`
	// PhoneNumberCollection collects a phone number.
	PhoneNumberCollection *EnabledParams `form:"phone_number_collection"`
	// AutomaticTax turns on Stripe Tax.
	AutomaticTax *EnabledParams `form:"automatic_tax"`
	// TaxIDCollection collects tax ids.
	TaxIDCollection *EnabledParams `form:"tax_id_collection"`
	// SubscriptionData configures the subscription in subscription mode.
	SubscriptionData *SubscriptionDataParams `form:"subscription_data"`
	// PaymentIntentData configures the PaymentIntent in payment mode.
	PaymentIntentData *PaymentIntentDataParams `form:"payment_intent_data"`
	// Locale is the page's language, e.g. "auto" or "fr".
	Locale *string `form:"locale"`
	// SubmitType labels the pay button: "auto", "pay", "book", "donate",
	// "subscribe".
	SubmitType *string `form:"submit_type"`
	// CustomFields adds up to three custom fields.
	CustomFields []*CustomFieldParams `form:"custom_fields"`
	// CustomText adds text to the page.
	CustomText *CustomTextParams `form:"custom_text"`
	// ConsentCollection collects consent.
	ConsentCollection *ConsentCollectionParams `form:"consent_collection"`
	// AfterExpiration configures recovery of expired sessions.
	AfterExpiration *AfterExpirationParams `form:"after_expiration"`
}

// SessionLineItemParams is one line item of [SessionCreateParams]: either
// Price or PriceData, and a Quantity.
type SessionLineItemParams struct {
	// Price is an existing price's id.
	Price *string `form:"price"`
	// PriceData defines a price inline.
	PriceData *PriceDataParams `form:"price_data"`
	// Quantity is the number of units.
	Quantity *int64 `form:"quantity"`
	// AdjustableQuantity lets the customer change the quantity.
	AdjustableQuantity *AdjustableQuantityParams `form:"adjustable_quantity"`
	// Metadata is attached to the line item.
	Metadata map[string]string `form:"metadata"`
	// TaxRates are tax rate ids applied to the item.
	TaxRates []string `form:"tax_rates"`
	// Extra holds more line item parameters.
	Extra map[string]any `form:",inline"`
}

// SessionUpdateLineItemParams is one line item of [SessionUpdateParams].
// Stripe replaces the whole list: an item with an ID keeps (and, with
// other fields set, changes) that existing item; an item without one adds
// a new item; existing items left out are removed.
type SessionUpdateLineItemParams struct {
	// ID names an existing line item, e.g. "li_123".
	ID *string `form:"id"`
	// SessionLineItemParams holds the item's fields; they are sent at the
	// same level as ID.
	SessionLineItemParams
}

// PriceDataParams defines a price inline.
type PriceDataParams struct {
	// Currency is a three-letter ISO code, e.g. "usd".
	Currency *string `form:"currency"`
	// Product is an existing product's id (or use ProductData).
	Product *string `form:"product"`
	// ProductData defines a product inline.
	ProductData *ProductDataParams `form:"product_data"`
	// UnitAmount is in the currency's smallest unit, e.g. cents.
	UnitAmount *int64 `form:"unit_amount"`
	// UnitAmountDecimal is UnitAmount with up to 12 decimals, as a string.
	UnitAmountDecimal *string `form:"unit_amount_decimal"`
	// Recurring makes the price a subscription price.
	Recurring *RecurringParams `form:"recurring"`
	// TaxBehavior is "inclusive", "exclusive" or "unspecified".
	TaxBehavior *string `form:"tax_behavior"`
	// Extra holds more price_data parameters.
	Extra map[string]any `form:",inline"`
}

// ProductDataParams defines a product inline.
type ProductDataParams struct {
	// Name is shown to the customer.
	Name *string `form:"name"`
	// Description is shown to the customer.
	Description *string `form:"description"`
	// Images are up to 8 image URLs.
	Images []string `form:"images"`
	// Metadata is attached to the product.
	Metadata map[string]string `form:"metadata"`
	// Extra holds more product_data parameters (e.g. tax_code).
	Extra map[string]any `form:",inline"`
}

// RecurringParams is a subscription price's billing period.
type RecurringParams struct {
	// Interval is "day", "week", "month" or "year".
	Interval *string `form:"interval"`
	// IntervalCount is the number of intervals between bills.
	IntervalCount *int64 `form:"interval_count"`
}

// AdjustableQuantityParams lets the customer change a line item's quantity.
type AdjustableQuantityParams struct {
	// Enabled turns it on.
	Enabled *bool `form:"enabled"`
	// Minimum is the lowest quantity allowed.
	Minimum *int64 `form:"minimum"`
	// Maximum is the highest quantity allowed.
	Maximum *int64 `form:"maximum"`
}

// DiscountParams applies one coupon or promotion code.
type DiscountParams struct {
	// Coupon is a coupon's id.
	Coupon *string `form:"coupon"`
	// PromotionCode is a promotion code's id.
	PromotionCode *string `form:"promotion_code"`
}

// ShippingOptionParams offers one shipping rate: an existing one
// (ShippingRate) or one defined inline (ShippingRateData).
type ShippingOptionParams struct {
	// ShippingRate is an existing shipping rate's id.
	ShippingRate *string `form:"shipping_rate"`
	// ShippingRateData defines a shipping rate inline.
	ShippingRateData *ShippingRateDataParams `form:"shipping_rate_data"`
	// Extra holds more shipping option parameters.
	Extra map[string]any `form:",inline"`
}

// ShippingRateDataParams defines a shipping rate inline.
type ShippingRateDataParams struct {
	// DisplayName is shown to the customer, e.g. "Ground shipping".
	DisplayName *string `form:"display_name"`
	// Type is "fixed_amount".
	Type *string `form:"type"`
	// FixedAmount is the rate's price.
	FixedAmount *FixedAmountParams `form:"fixed_amount"`
	// Extra holds delivery_estimate, tax_behavior and other parameters.
	Extra map[string]any `form:",inline"`
}

// FixedAmountParams is an amount in one currency.
type FixedAmountParams struct {
	// Amount is in the currency's smallest unit, e.g. cents.
	Amount *int64 `form:"amount"`
	// Currency is a three-letter ISO code, e.g. "usd".
	Currency *string `form:"currency"`
}

// ShippingAddressCollectionParams collects a shipping address.
type ShippingAddressCollectionParams struct {
	// AllowedCountries are two-letter country codes, e.g. ["US", "CA"].
	AllowedCountries []string `form:"allowed_countries"`
}

// EnabledParams is the shape of the many Stripe objects that are just an
// on/off switch (automatic_tax, phone_number_collection, …).
type EnabledParams struct {
	// Enabled turns the feature on or off.
	Enabled *bool `form:"enabled"`
	// Extra holds the feature's other parameters.
	Extra map[string]any `form:",inline"`
}

// SubscriptionDataParams configures the subscription a session creates.
type SubscriptionDataParams struct {
	// Description appears on invoices.
	Description *string `form:"description"`
	// TrialPeriodDays is the number of free trial days.
	TrialPeriodDays *int64 `form:"trial_period_days"`
	// Metadata is attached to the subscription.
	Metadata map[string]string `form:"metadata"`
	// Extra holds more subscription_data parameters.
	Extra map[string]any `form:",inline"`
}

// PaymentIntentDataParams configures the PaymentIntent a session creates.
type PaymentIntentDataParams struct {
	// CaptureMethod is "automatic", "automatic_async" or "manual".
	CaptureMethod *string `form:"capture_method"`
	// Description is the payment's description.
	Description *string `form:"description"`
	// ReceiptEmail is where the receipt goes.
	ReceiptEmail *string `form:"receipt_email"`
	// SetupFutureUsage is "on_session" or "off_session".
	SetupFutureUsage *string `form:"setup_future_usage"`
	// StatementDescriptor appears on the card statement.
	StatementDescriptor *string `form:"statement_descriptor"`
	// Metadata is attached to the PaymentIntent.
	Metadata map[string]string `form:"metadata"`
	// Extra holds more payment_intent_data parameters.
	Extra map[string]any `form:",inline"`
}

// CustomFieldParams adds one custom field to the page.
type CustomFieldParams struct {
	// Key identifies the field, e.g. "engraving".
	Key *string `form:"key"`
	// Type is "text", "numeric" or "dropdown".
	Type *string `form:"type"`
	// Label is the field's label.
	Label *CustomFieldLabelParams `form:"label"`
	// Optional makes the field optional.
	Optional *bool `form:"optional"`
	// Dropdown lists the choices of a "dropdown" field.
	Dropdown *CustomFieldDropdownParams `form:"dropdown"`
	// Extra holds numeric and text limits and other parameters.
	Extra map[string]any `form:",inline"`
}

// CustomFieldDropdownParams lists a dropdown custom field's choices.
type CustomFieldDropdownParams struct {
	// Options are the choices, in display order.
	Options []*CustomFieldOptionParams `form:"options"`
}

// CustomFieldOptionParams is one choice of a dropdown custom field.
type CustomFieldOptionParams struct {
	// Label is shown to the customer.
	Label *string `form:"label"`
	// Value is what the session records, e.g. "gift_wrap".
	Value *string `form:"value"`
}

// CustomTextParams adds text to parts of the page. A nil field is not
// sent; to remove a text set earlier, send it empty through Extra, e.g.
// {"submit": form.Empty}.
type CustomTextParams struct {
	// AfterSubmit is shown after the pay button.
	AfterSubmit *CustomTextMessageParams `form:"after_submit"`
	// ShippingAddress is shown next to the shipping address fields.
	ShippingAddress *CustomTextMessageParams `form:"shipping_address"`
	// Submit is shown next to the pay button.
	Submit *CustomTextMessageParams `form:"submit"`
	// TermsOfServiceAcceptance replaces the terms of service checkbox text.
	TermsOfServiceAcceptance *CustomTextMessageParams `form:"terms_of_service_acceptance"`
	// Extra holds more custom_text parameters.
	Extra map[string]any `form:",inline"`
}

// CustomTextMessageParams is one custom text.
type CustomTextMessageParams struct {
	// Message is the text, up to 1200 characters (Markdown links allowed).
	Message *string `form:"message"`
}

// CustomFieldLabelParams is a custom field's label.
type CustomFieldLabelParams struct {
	// Type is "custom".
	Type *string `form:"type"`
	// Custom is the label's text.
	Custom *string `form:"custom"`
}

// ConsentCollectionParams collects the customer's consent.
type ConsentCollectionParams struct {
	// Promotions is "auto" or "none".
	Promotions *string `form:"promotions"`
	// TermsOfService is "required" or "none".
	TermsOfService *string `form:"terms_of_service"`
	// Extra holds more consent_collection parameters.
	Extra map[string]any `form:",inline"`
}

// AfterExpirationParams configures what happens after a session expires.
type AfterExpirationParams struct {
	// Recovery enables recovery URLs; its fields are "enabled" and
	// "allow_promotion_codes".
	Recovery *RecoveryParams `form:"recovery"`
}

// RecoveryParams configures session recovery.
type RecoveryParams struct {
	// Enabled turns recovery on.
	Enabled *bool `form:"enabled"`
	// AllowPromotionCodes allows promotion codes on the recovered session.
	AllowPromotionCodes *bool `form:"allow_promotion_codes"`
}

// SessionRetrieveParams are the parameters of [SessionService.Retrieve]:
// just Expand and Extra, sent in the URL query.
type SessionRetrieveParams struct {
	// Params holds Expand and Extra.
	Params
}

// SessionUpdateParams are the parameters of [SessionService.Update].
type SessionUpdateParams struct {
	// Params holds Expand and Extra.
	Params
	// Metadata is merged into the session's; a "" value removes a key.
	Metadata map[string]string `form:"metadata"`
	// CollectedInformation updates what was collected (not on hosted
	// pages).
	CollectedInformation *CollectedInformationParams `form:"collected_information"`
	// ShippingOptions replaces the shipping options.
	ShippingOptions []*ShippingOptionParams `form:"shipping_options"`
	// LineItems replaces the list of line items; see
	// [SessionUpdateLineItemParams].
	LineItems []*SessionUpdateLineItemParams `form:"line_items"`
}

// CollectedInformationParams updates the information collected from the
// customer; Stripe accepts it only on sessions whose ui_mode is not the
// hosted page.
type CollectedInformationParams struct {
	// ShippingDetails is the customer's shipping name and address.
	ShippingDetails *ShippingDetailsParams `form:"shipping_details"`
	// Extra holds more collected_information parameters.
	Extra map[string]any `form:",inline"`
}

// ShippingDetailsParams is a shipping name and address.
type ShippingDetailsParams struct {
	// Name is the recipient's name.
	Name *string `form:"name"`
	// Address is the shipping address.
	Address *AddressParams `form:"address"`
}

// AddressParams is a postal address.
type AddressParams struct {
	// Line1 is the street address.
	Line1 *string `form:"line1"`
	// Line2 is the apartment, suite or building.
	Line2 *string `form:"line2"`
	// City is the city or town.
	City *string `form:"city"`
	// State is the state, county, province or region.
	State *string `form:"state"`
	// PostalCode is the ZIP or postal code.
	PostalCode *string `form:"postal_code"`
	// Country is a two-letter country code, e.g. "US".
	Country *string `form:"country"`
}

// SessionExpireParams are the parameters of [SessionService.Expire]: just
// Expand and Extra.
type SessionExpireParams struct {
	// Params holds Expand and Extra.
	Params
}

// ListParams are the cursor parameters of every list. StartingAfter and
// EndingBefore are object ids; setting both is an error reported before
// any request is sent.
type ListParams struct {
	// Limit is the page size, 1 to 100 (Stripe's default is 10).
	Limit *int64 `form:"limit"`
	// StartingAfter returns the page after this object id.
	StartingAfter *string `form:"starting_after"`
	// EndingBefore returns the page before this object id.
	EndingBefore *string `form:"ending_before"`
}

// SessionListParams are the parameters of [SessionService.List] and
// [SessionService.All], sent in the URL query.
type SessionListParams struct {
	// Params holds Expand and Extra.
	Params
	// ListParams holds the page size and the cursors.
	ListParams
	// Status filters by "open", "complete" or "expired".
	Status *string `form:"status"`
	// Customer filters by customer id.
	Customer *string `form:"customer"`
	// CustomerDetails filters by the customer's details.
	CustomerDetails *CustomerDetailsParams `form:"customer_details"`
	// PaymentIntent filters by PaymentIntent id.
	PaymentIntent *string `form:"payment_intent"`
	// PaymentLink filters by payment link id.
	PaymentLink *string `form:"payment_link"`
	// Subscription filters by subscription id.
	Subscription *string `form:"subscription"`
	// Created filters by creation time.
	Created *RangeParams `form:"created"`
}

// CustomerDetailsParams filters sessions by customer details.
type CustomerDetailsParams struct {
	// Email is the customer's email.
	Email *string `form:"email"`
}

// RangeParams is a range filter on a Unix timestamp; unset bounds are open.
type RangeParams struct {
	// GT keeps values greater than it.
	GT *int64 `form:"gt"`
	// GTE keeps values greater than or equal to it.
	GTE *int64 `form:"gte"`
	// LT keeps values less than it.
	LT *int64 `form:"lt"`
	// LTE keeps values less than or equal to it.
	LTE *int64 `form:"lte"`
}

// LineItemListParams are the parameters of [SessionService.ListLineItems]
// and [SessionService.AllLineItems], sent in the URL query.
type LineItemListParams struct {
	// Params holds Expand and Extra.
	Params
	// ListParams holds the page size and the cursors.
	ListParams
}
