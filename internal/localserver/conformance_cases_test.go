package localserver

import (
	"net/http"
	"strconv"
	"strings"
)

// Public sources the cases cite.
const (
	srcCreate     = "https://docs.stripe.com/api/checkout/sessions/create"
	srcObject     = "https://docs.stripe.com/api/checkout/sessions/object"
	srcDeferredPI = "https://docs.stripe.com/changelog/2022-08-01/deferred-paymentintent-checkout-session"
	srcDefaults   = "shared/checkout-behaviour.md, Create-time defaults (recorded creates at clover, dahlia and endive)"
	srcRefs       = "shared/checkout-behaviour.md, Referenced objects must exist; https://docs.stripe.com/error-codes/resource-missing"
	srcExclusive  = "shared/checkout-behaviour.md, Mutually exclusive"
	srcPriceMode  = "shared/checkout-behaviour.md, Price type vs mode"
	srcSetup      = "shared/checkout-behaviour.md, Setup mode"
	srcDiscounts  = "https://docs.stripe.com/payments/checkout/discounts"
	srcAmounts    = "https://docs.stripe.com/api/checkout/sessions/line_items"
	srcShipping   = "https://docs.stripe.com/payments/during-payment/charge-shipping"
	srcExpand     = "https://docs.stripe.com/api/expanding_objects"
	srcExpandErr  = "https://github.com/gitpod-io/gitpod/issues/13035"
	srcExpandLvl  = "https://github.com/stripe/stripe-java/issues/2011"
	srcAfterPay   = "shared/checkout-behaviour.md, After payment; https://docs.stripe.com/api/payment_intents/object"
	srcCustomers  = "https://docs.stripe.com/api/customers/create"
	srcProducts   = "https://docs.stripe.com/api/products/create"
	srcPrices     = "https://docs.stripe.com/api/prices/create"
	srcCoupons    = "https://docs.stripe.com/api/coupons/create"
	srcPromo      = "https://docs.stripe.com/api/promotion_codes/create"
	srcShipRates  = "https://docs.stripe.com/api/shipping_rates/create"
	srcTaxRates   = "https://docs.stripe.com/api/tax_rates/create"
	srcSetupInt   = "https://docs.stripe.com/api/setup_intents/object"
	srcExpire     = "https://github.com/Sylius/PayumStripePlugin/issues/70"
	srcExpiresAt  = "https://github.com/alexmorrisnz/moodle-paygw_stripe/pull/72; https://github.com/stripe/stripe-go/issues/1550"
	srcMetadata   = "https://github.com/stripe/stripe-php/issues/246"
	srcMaxAmount  = "https://github.com/stripe/stripe-php/issues/881; https://docs.stripe.com/error-codes/amount-too-large"
	srcErrors     = "https://docs.stripe.com/api/errors"
	srcPagination = "https://docs.stripe.com/api/pagination"
	srcNotFound   = "shared/checkout-behaviour.md, Not found (recorded 404s, 2025-12)"
	srcStatus     = "https://docs.stripe.com/payments/checkout/fulfill-orders"
	srcURL        = "https://docs.stripe.com/api/checkout/sessions/object#checkout_session_object-url"
)

const (
	get  = http.MethodGet
	post = http.MethodPost
	sess = "/v1/checkout/sessions"
)

var conformanceCases = []confCase{
	// Create-time state and defaults of a payment session.
	{"payment object", srcObject, get, sess + "/{session}", "", 200, map[string]any{"object": "checkout.session"}},
	{"payment starts open", srcObject, get, sess + "/{session}", "", 200, map[string]any{"status": "open"}},
	{"payment starts unpaid", srcStatus, get, sess + "/{session}", "", 200, map[string]any{"payment_status": "unpaid"}},
	{"payment customer_creation if_required", srcDefaults, get, sess + "/{session}", "", 200, map[string]any{"customer_creation": "if_required"}},
	{"payment payment_method_collection if_required", srcDefaults, get, sess + "/{session}", "", 200, map[string]any{"payment_method_collection": "if_required"}},
	{"payment discounts []", srcDefaults, get, sess + "/{session}", "", 200, map[string]any{"discounts": []any{}}},
	{"collected_information object of nulls", srcDefaults, get, sess + "/{session}", "", 200, map[string]any{"collected_information": map[string]any{"business_name": nil, "individual_name": nil, "shipping_details": nil}}},
	{"amount_total from the price", srcAmounts, get, sess + "/{session}", "", 200, map[string]any{"amount_total": 2000}},
	{"amount_subtotal from the price", srcAmounts, get, sess + "/{session}", "", 200, map[string]any{"amount_subtotal": 2000}},
	{"no discount amount", srcAmounts, get, sess + "/{session}", "", 200, map[string]any{"total_details.amount_discount": 0}},
	{"currency from the price", srcObject, get, sess + "/{session}", "", 200, map[string]any{"currency": "usd"}},
	{"hosted url", srcURL, get, sess + "/{session}", "", 200, map[string]any{"url": "~^https://checkout\\.stripe\\.com/c/pay/cs_test_"}},
	{"hosted no client_secret", srcObject, get, sess + "/{session}", "", 200, map[string]any{"client_secret": nil}},
	{"no PaymentIntent at create", srcDeferredPI, get, sess + "/{session}", "", 200, map[string]any{"payment_intent": nil}},
	{"expires_at default 24h", "https://docs.stripe.com/payments/checkout/managing-limited-inventory", get, sess + "/{session}", "", 200, map[string]any{"expires_at": "#{exp24}"}},
	{"created is now", "shared/checkout-behaviour.md, Time", get, sess + "/{session}", "", 200, map[string]any{"created": "#{now}"}},
	{"line item named from the product", srcAmounts, get, sess + "/{session}", "expand[]=line_items", 200, map[string]any{"line_items.data.0.description": "T-shirt"}},
	{"line item carries the price", srcAmounts, get, sess + "/{session}", "expand[]=line_items", 200, map[string]any{"line_items.data.0.price.id": "{price}"}},
	{"line item amount_total", srcAmounts, get, sess + "/{session}", "expand[]=line_items", 200, map[string]any{"line_items.data.0.amount_total": 2000}},
	{"line item id li_", srcAmounts, get, sess + "/{session}", "expand[]=line_items", 200, map[string]any{"line_items.data.0.id": "~^li_", "line_items.data.0.object": "item"}},
	{"line_items is a list", srcAmounts, get, sess + "/{session}", "expand[]=line_items", 200, map[string]any{"line_items.object": "list"}},

	// Setup mode.
	{"setup customer_details tax_exempt null", "testdata/stripe-corpus/2026-09-30.endive_pay_6.json", post, sess, "mode=setup&currency=usd&success_url=https://e.com&customer={customer}", 200, map[string]any{"customer_details.tax_exempt": nil, "discounts": nil, "total_details": nil}},
	{"setup managed_payments null", "testdata/stripe-corpus/2026-09-30.endive_pay_6.json", get, sess + "/{setup}", "", 200, map[string]any{"managed_payments": nil, "saved_payment_method_options": nil}},
	{"permissions and wallet_options null", "testdata/stripe-corpus/2026-08-26.dahlia_pay_5.json", get, sess + "/{session}", "", 200, map[string]any{"permissions": nil, "wallet_options": nil}},
	{"setup no_payment_required", srcSetup, get, sess + "/{setup}", "", 200, map[string]any{"payment_status": "no_payment_required"}},
	{"setup SetupIntent at creation", srcSetup, get, sess + "/{setup}", "", 200, map[string]any{"setup_intent": "{seti}"}},
	{"setup customer_creation if_required", srcDefaults, get, sess + "/{setup}", "", 200, map[string]any{"customer_creation": "if_required"}},
	{"setup payment_method_collection always", srcDefaults, get, sess + "/{setup}", "", 200, map[string]any{"payment_method_collection": "always"}},
	{"setup has no amounts", srcSetup, get, sess + "/{setup}", "", 200, map[string]any{"amount_total": nil}},
	{"SetupIntent retrievable", srcSetupInt, get, "/v1/setup_intents/{seti}", "", 200, map[string]any{"object": "setup_intent", "status": "requires_payment_method"}},
	{"SetupIntent client_secret", srcSetupInt, get, "/v1/setup_intents/{seti}", "", 200, map[string]any{"client_secret": "~^seti_\\w+_secret_"}},
	{"setup needs currency", srcSetup, post, sess, "mode=setup&success_url=https://e.com", 400, map[string]any{"error.message": "Missing required param: currency.", "error.code": "parameter_missing", "error.param": "currency"}},
	{"setup with payment_method_types needs no currency", srcSetup, post, sess, "mode=setup&success_url=https://e.com&payment_method_types[0]=card", 200, map[string]any{"mode": "setup"}},
	{"setup refuses line_items", srcSetup, post, sess, "mode=setup&currency=usd&success_url=https://e.com&line_items[0][price]={price}&line_items[0][quantity]=1", 400, map[string]any{"error.message": "You can not pass `line_items` in `setup` mode."}},
	{"setup expands its SetupIntent", srcExpand, get, sess + "/{setup}", "expand[]=setup_intent", 200, map[string]any{"setup_intent.object": "setup_intent", "setup_intent.id": "{seti}"}},

	// Subscription mode.
	{"subscription customer_creation always", srcDefaults, post, sess, "mode=subscription&success_url=https://e.com&line_items[0][price]={recurring}&line_items[0][quantity]=1", 200, map[string]any{"customer_creation": "always"}},
	{"subscription payment_method_collection always", srcDefaults, post, sess, "mode=subscription&success_url=https://e.com&line_items[0][price]={recurring}&line_items[0][quantity]=1", 200, map[string]any{"payment_method_collection": "always"}},
	{"subscription discounts []", srcDefaults, post, sess, "mode=subscription&success_url=https://e.com&line_items[0][price]={recurring}&line_items[0][quantity]=1", 200, map[string]any{"discounts": []any{}}},
	{"subscription amount from the recurring price", srcAmounts, post, sess, "mode=subscription&success_url=https://e.com&line_items[0][price]={recurring}&line_items[0][quantity]=2", 200, map[string]any{"amount_total": 1800}},
	{"subscription needs a recurring price", srcPriceMode, post, sess, "mode=subscription&success_url=https://e.com&line_items[0][price]={price}&line_items[0][quantity]=1", 400, map[string]any{"error.message": msgNeedsRecurring, "error.type": "invalid_request_error"}},
	{"payment refuses a recurring price", srcPriceMode, post, sess, "mode=payment&success_url=https://e.com&line_items[0][price]={recurring}&line_items[0][quantity]=1", 400, map[string]any{"error.message": msgRecurringInPayment}},
	{"payment refuses recurring price_data", srcPriceMode, post, sess, "mode=payment&success_url=https://e.com&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=5&line_items[0][price_data][recurring][interval]=month&line_items[0][price_data][product_data][name]=X&line_items[0][quantity]=1", 400, map[string]any{"error.message": msgRecurringInPayment}},

	// A customer.
	{"customer_details from the customer", srcDefaults + "; testdata/stripe-corpus/2026-08-26.dahlia_pay_5.json", post, sess, "{pay}&customer={customer}", 200, map[string]any{"customer_details.email": "jo@example.com", "customer_details.name": nil, "customer_details.tax_ids": nil}},
	{"customer_creation null with a customer", srcDefaults, post, sess, "{pay}&customer={customer}", 200, map[string]any{"customer_creation": nil, "customer": "{customer}"}},
	{"customer_creation null with a customer, even when sent", srcDefaults, post, sess, "{pay}&customer={customer}&customer_creation=always", 200, map[string]any{"customer_creation": nil, "customer": "{customer}"}},
	{"customer expands to the account's", srcExpand, get, sess + "/{paid}", "expand[]=customer", 200, map[string]any{"customer.id": "{customer}", "customer.email": "jo@example.com"}},

	// Referenced objects must exist.
	{"unknown customer", srcRefs, post, sess, "{pay}&customer=cus_nope", 400, map[string]any{"error.message": "No such customer: 'cus_nope'", "error.param": "customer", "error.code": "resource_missing"}},
	{"unknown price", srcRefs, post, sess, "mode=payment&success_url=https://e.com&line_items[0][price]=price_nope&line_items[0][quantity]=1", 400, map[string]any{"error.message": "No such price: 'price_nope'", "error.param": "line_items[0][price]", "error.code": "resource_missing"}},
	{"unknown second price", srcRefs, post, sess, "{pay}&line_items[1][price]=price_nope&line_items[1][quantity]=1", 400, map[string]any{"error.param": "line_items[1][price]"}},
	{"unknown coupon", srcRefs, post, sess, "{pay}&discounts[0][coupon]=nope", 400, map[string]any{"error.message": "No such coupon: 'nope'", "error.param": "discounts[0][coupon]"}},
	{"unknown promotion code", srcRefs, post, sess, "{pay}&discounts[0][promotion_code]=promo_nope", 400, map[string]any{"error.message": "No such promotion_code: 'promo_nope'", "error.param": "discounts[0][promotion_code]"}},
	{"unknown shipping rate", srcRefs, post, sess, "{pay}&shipping_options[0][shipping_rate]=shr_nope", 400, map[string]any{"error.message": "No such shipping_rate: 'shr_nope'", "error.param": "shipping_options[0][shipping_rate]"}},
	{"unknown price_data product", srcRefs, post, sess, "mode=payment&success_url=https://e.com&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=5&line_items[0][price_data][product]=prod_nope&line_items[0][quantity]=1", 400, map[string]any{"error.message": "No such product: 'prod_nope'", "error.param": "line_items[0][price_data][product]"}},
	{"price_data product names the item", srcAmounts, post, sess, "mode=payment&success_url=https://e.com&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=5&line_items[0][price_data][product]={product}&line_items[0][quantity]=1&expand[]=line_items", 200, map[string]any{"line_items.data.0.description": "T-shirt"}},

	// Parameters that exclude each other.
	{"customer with customer_email", srcExclusive, post, sess, "{pay}&customer={customer}&customer_email=a@example.com", 400, map[string]any{"error.message": "You may only specify one of these parameters: customer, customer_email."}},
	{"allow_promotion_codes with discounts", srcExclusive, post, sess, "{pay}&allow_promotion_codes=true&discounts[0][coupon]={coupon}", 400, map[string]any{"error.message": "You may only specify one of these parameters: allow_promotion_codes, discounts."}},
	{"list cursors exclude each other", srcPagination, get, sess, "starting_after={session}&ending_before={session}", 400, map[string]any{"error.message": "You may only specify one of these parameters: ending_before, starting_after."}},

	// expires_at.
	{"expires_at 29 minutes", srcExpiresAt, post, sess, "{pay}&expires_at={in29m}", 400, map[string]any{"error.message": msgExpiresTooSoon, "error.param": "expires_at"}},
	{"expires_at 24 hours", srcExpiresAt, post, sess, "{pay}&expires_at={in24h}", 400, map[string]any{"error.message": msgExpiresTooLate}},
	{"expires_at 1 hour", srcExpiresAt, post, sess, "{pay}&expires_at={in1h}", 200, map[string]any{"expires_at": "#{in1h}"}},

	// Discounts.
	{"amount_off lowers the total", srcDiscounts, post, sess, "{pay}&discounts[0][coupon]={coupon}", 200, map[string]any{"amount_total": 1500}},
	{"amount_off in total_details", srcDiscounts, post, sess, "{pay}&discounts[0][coupon]={coupon}", 200, map[string]any{"total_details.amount_discount": 500}},
	{"subtotal before discounts", srcObject, post, sess, "{pay}&discounts[0][coupon]={coupon}", 200, map[string]any{"amount_subtotal": 2000}},
	{"discounts lists the coupon", srcDiscounts, post, sess, "{pay}&discounts[0][coupon]={coupon}", 200, map[string]any{"discounts": []any{map[string]any{"coupon": "{coupon}", "promotion_code": nil}}}},
	{"item carries its discount", srcAmounts, post, sess, "{pay}&discounts[0][coupon]={coupon}&expand[]=line_items", 200, map[string]any{"line_items.data.0.amount_discount": 500, "line_items.data.0.amount_total": 1500}},
	{"percent_off", srcDiscounts, post, sess, "{pay}&discounts[0][coupon]={pct}", 200, map[string]any{"amount_total": 1500, "total_details.amount_discount": 500}},
	{"promotion code applies its coupon", srcDiscounts, post, sess, "{pay}&discounts[0][promotion_code]={promo}", 200, map[string]any{"amount_total": 1500}},
	{"promotion code listed", srcDiscounts, post, sess, "{pay}&discounts[0][promotion_code]={promo}", 200, map[string]any{"discounts.0.promotion_code": "{promo}", "discounts.0.coupon": "QUARTER"}},
	{"coupon in another currency", srcDiscounts, post, sess, "{pay}&discounts[0][coupon]={eurcoupon}", 400, map[string]any{"error.param": "discounts[0][coupon]"}},
	{"coupon and promotion code in one entry", srcDiscounts, post, sess, "{pay}&discounts[0][coupon]={coupon}&discounts[0][promotion_code]={promo}", 400, map[string]any{"error.message": "You may only specify one of these parameters: coupon, promotion_code."}},
	{"discounted session expands the coupon", srcExpand, post, sess, "{pay}&discounts[0][coupon]={coupon}&expand[]=discounts.coupon", 200, map[string]any{"discounts.0.coupon.object": "coupon", "discounts.0.coupon.amount_off": 500}},

	// Shipping.
	{"shipping rate cost", srcShipping, post, sess, "{pay}&shipping_options[0][shipping_rate]={shr}", 200, map[string]any{"shipping_cost.amount_total": 700}},
	{"shipping in the total", srcShipping, post, sess, "{pay}&shipping_options[0][shipping_rate]={shr}", 200, map[string]any{"amount_total": 2700}},
	{"shipping in total_details", srcShipping, post, sess, "{pay}&shipping_options[0][shipping_rate]={shr}", 200, map[string]any{"total_details.amount_shipping": 700}},
	{"shipping option names its rate", srcShipping, post, sess, "{pay}&shipping_options[0][shipping_rate]={shr}", 200, map[string]any{"shipping_options.0.shipping_rate": "{shr}"}},

	// Expand.
	{"mode cannot be expanded", srcExpandErr, get, sess + "/{session}", "expand[]=mode", 400, map[string]any{"error.message": "This property cannot be expanded (mode).", "error.type": "invalid_request_error"}},
	{"unknown field cannot be expanded", srcExpandErr, get, sess + "/{session}", "expand[]=bogus", 400, map[string]any{"error.message": "This property cannot be expanded (bogus)."}},
	{"metadata cannot be expanded", "https://github.com/Valour-Software/Valour/pull/1533", get, sess + "/{session}", "expand[]=metadata", 400, map[string]any{"error.message": "This property cannot be expanded (metadata)."}},
	{"five levels refused", srcExpandLvl, get, sess + "/{session}", "expand[]=line_items.data.price.product.x", 400, map[string]any{"error.message": msgExpandDepth}},
	{"four levels expand", srcExpandLvl, get, sess + "/{session}", "expand[]=line_items.data.price.product", 200, map[string]any{"line_items.data.0.price.product.name": "T-shirt"}},
	{"list needs data.", srcExpand, get, sess, "expand[]=line_items", 400, map[string]any{"error.message": "This property cannot be expanded (line_items)."}},
	{"list expands data.line_items", srcExpand, get, sess, "limit=1&expand[]=data.line_items", 200, map[string]any{"data.0.line_items.object": "list"}},
	{"line_items list needs data.", srcExpand, get, sess + "/{session}/line_items", "expand[]=price", 400, map[string]any{"error.message": "This property cannot be expanded (price)."}},
	{"line_items list expands data.price.product", srcExpand, get, sess + "/{session}/line_items", "expand[]=data.price.product", 200, map[string]any{"data.0.price.product.object": "product"}},
	{"expand on create", srcExpand, post, sess, "{pay}&expand[]=line_items", 200, map[string]any{"line_items.data.0.quantity": 1}},
	{"expand a nested path in a retrieve", srcExpand, get, sess + "/{paid}", "expand[]=payment_intent.customer", 200, map[string]any{"payment_intent.customer.email": "jo@example.com"}},
	{"object expand checked too", srcExpandErr, get, "/v1/customers/{customer}", "expand[]=bogus", 400, map[string]any{"error.message": "This property cannot be expanded (bogus)."}},
	{"null field stays null when expanded", srcExpand, get, sess + "/{session}", "expand[]=payment_intent", 200, map[string]any{"payment_intent": nil}},

	// After payment.
	{"paid complete", srcStatus, get, sess + "/{paid}", "", 200, map[string]any{"status": "complete", "payment_status": "paid"}},
	{"paid url null", srcURL, get, sess + "/{paid}", "", 200, map[string]any{"url": nil}},
	{"paid PaymentIntent id", srcAfterPay, get, sess + "/{paid}", "", 200, map[string]any{"payment_intent": "{pi}"}},
	{"PaymentIntent succeeded", srcAfterPay, get, sess + "/{paid}", "expand[]=payment_intent", 200, map[string]any{"payment_intent.status": "succeeded"}},
	{"PaymentIntent amount is the session's", srcAfterPay, get, sess + "/{paid}", "expand[]=payment_intent", 200, map[string]any{"payment_intent.amount": 2000, "payment_intent.amount_received": 2000}},
	{"PaymentIntent currency is the session's", srcAfterPay, get, sess + "/{paid}", "expand[]=payment_intent", 200, map[string]any{"payment_intent.currency": "usd"}},
	{"PaymentIntent customer is the session's", srcAfterPay, get, sess + "/{paid}", "expand[]=payment_intent", 200, map[string]any{"payment_intent.customer": "{customer}"}},
	{"PaymentIntent retrievable", srcAfterPay, get, "/v1/payment_intents/{pi}", "", 200, map[string]any{"object": "payment_intent", "status": "succeeded"}},
	{"failed delayed payment PaymentIntent", "https://docs.stripe.com/payments/payment-intents/verifying-status", get, "/v1/payment_intents/{pifail}", "", 200, map[string]any{"status": "requires_payment_method"}},
	{"failed delayed payment stays unpaid", "https://docs.stripe.com/payments/checkout/fulfill-orders#delayed-notification", get, sess + "/{delayed}", "", 200, map[string]any{"status": "complete", "payment_status": "unpaid"}},
	{"subscription session ids", srcAfterPay, get, sess + "/{subpaid}", "", 200, map[string]any{"subscription": "{sub}", "invoice": "{in}"}},
	{"subscription active", "https://docs.stripe.com/api/subscriptions/object", get, "/v1/subscriptions/{sub}", "", 200, map[string]any{"status": "active", "latest_invoice": "{in}"}},
	{"invoice paid with the session's amount", "https://docs.stripe.com/api/invoices/object", get, "/v1/invoices/{in}", "", 200, map[string]any{"status": "paid", "amount_paid": 900}},
	{"subscription expands", srcExpand, get, sess + "/{subpaid}", "expand[]=subscription&expand[]=invoice", 200, map[string]any{"subscription.object": "subscription", "invoice.object": "invoice"}},
	{"subscription session has a customer", srcAfterPay, get, sess + "/{subpaid}", "", 200, map[string]any{"customer": "~^cus_"}},

	// Expire.
	{"expire an expired session", srcExpire, post, sess + "/{expired}/expire", "", 400, map[string]any{"error.message": "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of `expired`."}},
	{"expire a complete session", srcExpire, post, sess + "/{paid}/expire", "", 400, map[string]any{"error.message": "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of `complete`."}},
	{"unknown session", srcNotFound, get, sess + "/cs_test_nope", "", 404, map[string]any{"error.message": "No such checkout.session: cs_test_nope", "error.code": "resource_missing", "error.param": "<absent>"}},

	// The other objects' endpoints.
	{"customer created", srcCustomers, post, "/v1/customers", "email=new@example.com", 200, map[string]any{"object": "customer", "id": "~^cus_", "email": "new@example.com", "livemode": false}},
	{"customer retrieved", srcCustomers, get, "/v1/customers/{customer}", "", 200, map[string]any{"email": "jo@example.com", "name": "Jo Doe"}},
	{"unknown customer 404", srcNotFound, get, "/v1/customers/cus_nope", "", 404, map[string]any{"error.message": "No such customer: 'cus_nope'", "error.param": "id", "error.code": "resource_missing"}},
	{"customer metadata", srcCustomers, post, "/v1/customers", "metadata[plan]=pro", 200, map[string]any{"metadata": map[string]any{"plan": "pro"}}},
	{"product created", srcProducts, post, "/v1/products", "name=Mug", 200, map[string]any{"object": "product", "name": "Mug", "id": "~^prod_", "active": true}},
	{"product needs a name", srcProducts, post, "/v1/products", "description=x", 400, map[string]any{"error.type": "invalid_request_error", "error.message": "~'name' is required"}},
	{"price one_time", srcPrices, get, "/v1/prices/{price}", "", 200, map[string]any{"type": "one_time", "unit_amount": 2000, "unit_amount_decimal": "2000", "product": "{product}", "recurring": nil}},
	{"price recurring", srcPrices, get, "/v1/prices/{recurring}", "", 200, map[string]any{"type": "recurring", "recurring.interval": "month", "recurring.interval_count": 1}},
	{"price of an unknown product", srcPrices, post, "/v1/prices", "product=prod_nope&unit_amount=5&currency=usd", 400, map[string]any{"error.message": "No such product: 'prod_nope'", "error.param": "product"}},
	{"price expands its product", srcExpand, get, "/v1/prices/{price}", "expand[]=product", 200, map[string]any{"product.name": "T-shirt"}},
	{"coupon percent_off", srcCoupons, get, "/v1/coupons/QUARTER", "", 200, map[string]any{"percent_off": 25, "duration": "forever", "amount_off": nil, "valid": true}},
	{"coupon amount_off", srcCoupons, get, "/v1/coupons/{coupon}", "", 200, map[string]any{"amount_off": 500, "currency": "usd", "duration": "once"}},
	{"coupon needs an amount", srcCoupons, post, "/v1/coupons", "duration=once", 400, map[string]any{"error.message": msgCouponNeedsAmount}},
	{"coupon amount_off needs currency", srcCoupons, post, "/v1/coupons", "amount_off=5", 400, map[string]any{"error.message": msgCouponCurrency, "error.param": "currency"}},
	{"promotion code", srcPromo, get, "/v1/promotion_codes/{promo}", "", 200, map[string]any{"code": "SPRING", "promotion.coupon": "QUARTER", "active": true}},
	{"promotion code of an unknown coupon", srcPromo, post, "/v1/promotion_codes", "promotion[type]=coupon&promotion[coupon]=nope", 400, map[string]any{"error.message": "No such coupon: 'nope'"}},
	{"shipping rate", srcShipRates, get, "/v1/shipping_rates/{shr}", "", 200, map[string]any{"fixed_amount.amount": 700, "display_name": "Ground", "type": "fixed_amount"}},
	{"tax rate", srcTaxRates, get, "/v1/tax_rates/{txr}", "", 200, map[string]any{"percentage": 20, "inclusive": false, "display_name": "VAT"}},
	{"unknown SetupIntent", srcNotFound, get, "/v1/setup_intents/seti_nope", "", 404, map[string]any{"error.message": "No such setup_intent: 'seti_nope'"}},

	// Metadata and amount limits.
	{"metadata key of 41", srcMetadata, post, sess, "{pay}&metadata[" + strings.Repeat("k", 41) + "]=v", 400, map[string]any{"error.param": "metadata", "error.message": "~^Invalid key: k{41} must be a string under 40 characters$"}},
	{"metadata value of 501", srcMetadata, post, sess, "{pay}&metadata[k]=" + strings.Repeat("v", 501), 400, map[string]any{"error.param": "metadata", "error.message": "~^Invalid val: v{501} must be a string under 500 characters$"}},
	{"metadata value of 500", srcMetadata, post, sess, "{pay}&metadata[k]=" + strings.Repeat("v", 500), 200, map[string]any{"metadata.k": strings.Repeat("v", 500)}},
	{"quantity × unit_amount past the maximum", srcMaxAmount, post, sess, "mode=payment&success_url=https://e.com&line_items[0][price]={price}&line_items[0][quantity]=50000", 400, map[string]any{"error.code": "amount_too_large", "error.param": "line_items[0][quantity]"}},
	{"price past the maximum", srcMaxAmount, post, "/v1/prices", "product={product}&unit_amount=100000000&currency=usd", 400, map[string]any{"error.code": "amount_too_large"}},

	{"string past its maximum length", "recorded 66-character id error (shared/checkout-behaviour.md, Not found); maxLength from the spec", post, sess, "{pay}&client_reference_id=" + strings.Repeat("r", 201), 400, map[string]any{"error.param": "client_reference_id", "error.message": "Invalid string: rrrr...rrrr; must be at most 200 characters"}},
	{"more than 3 custom fields", "https://docs.stripe.com/api/checkout/sessions/create", post, sess, "{pay}" + nCustomFields(4), 400, map[string]any{"error.param": "custom_fields"}},

	// Envelope.
	{"errors carry request_log_url", srcErrors, get, sess + "/cs_test_nope", "", 404, map[string]any{"error.request_log_url": "~^https://dashboard\\.stripe\\.com/test/logs/req_[A-Za-z0-9]{14}\\?t=\\d+$"}},
	{"unknown parameter named", srcErrors, post, sess, "{pay}&bogus=1", 400, map[string]any{"error.code": "parameter_unknown", "error.message": "Received unknown parameter: bogus"}},
	{"list is a list", srcPagination, get, sess, "limit=1", 200, map[string]any{"object": "list", "url": "/v1/checkout/sessions", "has_more": true}},
}

// nCustomFields is the form of n text custom fields.
func nCustomFields(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.NewReplacer("N", strconv.Itoa(i)).Replace("&custom_fields[N][key]=kN&custom_fields[N][label][type]=custom&custom_fields[N][label][custom]=L&custom_fields[N][type]=text"))
	}
	return b.String()
}
