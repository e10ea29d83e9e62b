package localserver

// Every message this server answers in Stripe's words, with the public
// source it was taken from (the same practice as
// shared/checkout-behaviour.md). Where a source quotes Stripe's answer for
// a sibling case, the row says so ("wording chosen"): the status, type,
// code and param follow Stripe, the sentence is ours.
//
// A message with %s or %d verbs is a format; the arguments are described
// beside it.
var stripeStrings = []struct {
	Key, Message, Source string
}{
	{"expires_too_soon", msgExpiresTooSoon, "https://github.com/skillrecordings/products/pull/344 (60 min then; 30 min since https://github.com/stripe/stripe-go/issues/1550)"},
	{"expires_too_late", msgExpiresTooLate, "https://github.com/alexmorrisnz/moodle-paygw_stripe/pull/72"},
	{"no_such_object", msgNoSuchObject, "recorded 404 for a customer (shared/checkout-behaviour.md, Idempotency and errors); https://docs.stripe.com/error-codes/resource-missing"},
	{"only_one_of", msgOnlyOneOf, "https://docs.stripe.com/api/pagination (ending_before, starting_after); shared/checkout-behaviour.md, Mutually exclusive"},
	{"subscription_needs_recurring", msgNeedsRecurring, "shared/checkout-behaviour.md, Price type vs mode (quoted by application code found with the code search)"},
	{"payment_mode_recurring", msgRecurringInPayment, "shared/checkout-behaviour.md, Price type vs mode (second sentence VERIFY)"},
	{"setup_line_items", msgSetupLineItems, "shared/checkout-behaviour.md, Setup mode"},
	{"missing_param", msgMissingParam, "https://github.com/stripe/stripe-node/issues/1944 (parameter_missing - success_url)"},
	{"cannot_expand", msgCannotExpand, "https://github.com/gitpod-io/gitpod/issues/13035 (\"This property cannot be expanded (data).\"); https://github.com/Valour-Software/Valour/pull/1533 (metadata)"},
	{"expand_depth", msgExpandDepth, "https://github.com/stripe/stripe-java/issues/2011"},
	{"invalid_api_key", msgInvalidAPIKey, "https://github.com/stripe/stripe-node/issues/361 (sk_test_**********************Aso0: one * per hidden character)"},
	{"no_api_key", msgNoAPIKey, "https://github.com/gadelkareem/skeleton/issues/20"},
	{"request_log_url", requestLogURLFormat, "https://docs.stripe.com/api/errors (request_log_url: \"A URL to the request log entry in your dashboard\"); api_errors.request_log_url in the pinned spec3.json"},
	{"metadata_key_too_long", msgMetadataKey, "https://github.com/stripe/stripe-php/issues/246 (Stripe's brandur: \"Invalid key: %{key} must be a string under %{limit} characters\", param metadata)"},
	{"metadata_value_too_long", msgMetadataValue, "https://github.com/stripe/stripe-php/issues/246; https://github.com/houndci/hound/pull/817 (param metadata)"},
	{"metadata_too_many_keys", msgMetadataKeys, "https://github.com/FlowFuse/flowfuse/issues/1948"},
	{"amount_too_large_quantity", msgQuantityTooLarge, "https://github.com/ParabolInc/parabol/issues/746 (\"quantity * plan amount\" for a subscription; \"price\" here: wording chosen); limit 99999999: https://github.com/stripe/stripe-php/issues/881"},
	{"amount_too_large", msgAmountTooLarge, "https://docs.stripe.com/error-codes/amount-too-large; limit: https://github.com/stripe/stripe-php/issues/881 (\"up to eight digits\")"},
	{"coupon_needs_amount", msgCouponNeedsAmount, "https://docs.stripe.com/api/coupons/create (amount_off or percent_off is required: wording chosen)"},
	{"coupon_amount_currency", msgCouponCurrency, "https://docs.stripe.com/api/coupons/create (currency \"required if amount_off passed\": wording chosen)"},
	{"price_needs_amount", msgPriceNeedsAmount, "https://docs.stripe.com/api/prices/create (unit_amount \"required unless billing_scheme=tiered\": wording chosen)"},
	{"coupon_currency_mismatch", msgCouponCurrencyMismatch, "https://docs.stripe.com/payments/checkout/discounts (an amount_off coupon applies only in its currency: wording chosen)"},
	{"not_open", msgNotOpen, "https://github.com/Sylius/PayumStripePlugin/issues/70"},
	{"idempotency_mismatch", msgIdemMismatch, "https://github.com/graphql-python/graphene/issues/869"},
	{"idempotency_endpoint", msgIdemEndpoint, "recorded in a public cassette (shared/checkout-behaviour.md, Idempotency, other real messages)"},
	{"idempotency_length", msgIdemLength, "recorded in a public cassette (shared/checkout-behaviour.md, Idempotency, other real messages)"},
	{"idempotency_busy", msgIdemBusy, "https://docs.stripe.com/api/errors (409 \"perhaps due to using the same idempotent key\": wording chosen)"},
	{"no_such_session", msgNoSuchSession, "testdata/stripe-corpus/unknown-2025-11-17.clover_onetimesecret_3.json (onetimesecret/onetimesecret, recorded 404)"},
	{"unrecognized_url", msgUnrecognizedURL, "shared/checkout-behaviour.md, Not found (an empty id); the same sentences in public code that records Stripe's answer to GET /v1/checkout/sessions/ and POST /v1/payment_intents//confirm (404, invalid_request_error)"},
	{"id_too_long", msgIDTooLong, "recorded in a public cassette (shared/checkout-behaviour.md, Not found)"},
	{"invalid_integer", msgInvalidInteger, "https://github.com/beam-community/stripity-stripe/issues/626 (code parameter_invalid_integer); https://github.com/Debetux/opencart-stripe/issues/10"},
	{"invalid_decimal", msgInvalidDecimal, "https://github.com/beam-community/stripity-stripe/issues/626 (the integer form; the decimal one by analogy: wording chosen)"},
	{"unknown_parameter", msgUnknownParam, "https://github.com/stripe/stripe-php/issues/1119 (\"Received unknown parameters: amount_subtotal, amount_total\")"},
	{"not_with_ui_mode", msgNotWithUIMode, "https://github.com/laravel/cashier-stripe/pull/1815 (\"The following parameters are not supported with 'ui_mode: custom': cancel_url, success_url.\")"},
	{"return_url_never", msgReturnURLNever, "https://docs.stripe.com/api/checkout/sessions/create (redirect_on_completion never: no return_url; wording chosen)"},
	{"limit_min", msgLimitMin, "https://docs.stripe.com/api/pagination (limit 1 to 100: wording chosen)"},
	{"limit_max", msgLimitMax, "https://docs.stripe.com/api/pagination (limit 1 to 100: wording chosen)"},
	{"no_such_line_item", msgNoSuchLineItem, "https://docs.stripe.com/changelog/clover/2025-12-15/update-line-items (items kept by id: wording chosen)"},
	{"update_lines_ui_mode", msgUpdateLinesUIMode, "https://docs.stripe.com/changelog/clover/2025-12-15/update-line-items (custom/elements only: wording chosen)"},
	{"needs_line_item", msgNeedsLineItem, "https://docs.stripe.com/api/checkout/sessions/update (wording chosen)"},
	{"update_info_ui_mode", msgUpdateInfoUIMode, "https://docs.stripe.com/api/checkout/sessions/update (\"only … embedded or custom sessions\": wording chosen)"},
	{"too_many_items", msgTooManyItems, "https://github.com/cartalyst/stripe/issues/214 (100 line items); https://docs.stripe.com/api/checkout/sessions/create (3 custom fields, 5 shipping options): wording chosen"},
	{"product_has_prices", msgProductHasPrices, "https://docs.stripe.com/api/products/delete (spec text: \"only possible if it has no prices associated with it\"): wording chosen"},
	{"coupon_exists", msgCouponExists, "https://docs.stripe.com/api/coupons/create (id must be unique: wording chosen)"},
}

// The messages, in Stripe's words (sources in [stripeStrings]).
const (
	msgExpiresTooSoon         = "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation."
	msgExpiresTooLate         = "The expires_at timestamp must be less than 24 hours from Checkout Session creation."
	msgNoSuchObject           = "No such %s: '%s'"                                  // object name, id
	msgOnlyOneOf              = "You may only specify one of these parameters: %s." // the names, comma-separated, sorted
	msgNeedsRecurring         = "You must provide at least one recurring price in `subscription` mode when using prices."
	msgRecurringInPayment     = "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices."
	msgSetupLineItems         = "You can not pass `line_items` in `setup` mode."
	msgMissingParam           = "Missing required param: %s."            // the param
	msgCannotExpand           = "This property cannot be expanded (%s)." // the first segment that cannot be
	msgExpandDepth            = "You cannot expand more than 4 levels of a property."
	msgInvalidAPIKey          = "Invalid API Key provided: %s" // the key, all but its prefix and last four masked
	msgNoAPIKey               = "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
	requestLogURLFormat       = "https://dashboard.stripe.com/test/logs/%s?t=%d" // request id, Unix seconds
	msgMetadataKey            = "Invalid key: %s must be a string under 40 characters"
	msgMetadataValue          = "Invalid val: %s must be a string under 500 characters"
	msgMetadataKeys           = "Metadata can have up to 50 keys, but you've set %d. Email us at support+metadata@stripe.com for more information."
	msgQuantityTooLarge       = "Invalid quantity: total amount (quantity * price amount) must be no more than $999,999.99 USD"
	msgAmountTooLarge         = "Amount must be no more than $999,999.99"
	msgCouponNeedsAmount      = "You must provide either `amount_off` or `percent_off` for a coupon."
	msgCouponCurrency         = "You must provide `currency` when passing `amount_off`."
	msgPriceNeedsAmount       = "You must provide `unit_amount` or `unit_amount_decimal` for a price with `billing_scheme=per_unit`."
	msgCouponCurrencyMismatch = "The coupon %s has an `amount_off` in %s and cannot be applied to a Checkout Session in %s."
	msgNotOpen                = "Only Checkout Sessions with a status in [\"open\"] can be %s. This Checkout Session has a status of `%s`."
	msgIdemMismatch           = "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '%s' if you meant to execute a different request."
)

// More of Stripe's messages (sources in [stripeStrings]).
const (
	msgIdemEndpoint      = "Keys for idempotent requests can only be used for the same endpoint they were first used for ('%s' vs '%s'). Try using a key other than '%s' if you meant to execute a different request."
	msgIdemLength        = "Idempotent key length is %d characters long, which is outside accepted lengths. Idempotent Keys must be 1-255 characters long. If you're looking for a decent generator, try using a UUID defined by IETF RFC 4122."
	msgIdemBusy          = "There is currently another in-progress request using this Idempotent Key (probably because of a timeout). Please try again later."
	msgNoSuchSession     = "No such checkout.session: %s"                                                                                                                                                                                                                                                                  // no quotes, unlike other objects
	msgUnrecognizedURL   = "Unrecognized request URL (%s: %s). If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code. Please see https://stripe.com/docs or we can help at https://support.stripe.com/." // method, path
	msgIDTooLong         = "Invalid string: %s...%s; must be at most %d characters"
	msgInvalidInteger    = "Invalid integer: %s"
	msgInvalidDecimal    = "Invalid decimal: %s"
	msgUnknownParam      = "Received unknown parameter: %s"
	msgNotWithUIMode     = "The following parameters are not supported with 'ui_mode: %s': %s."
	msgReturnURLNever    = "You cannot pass `return_url` when `redirect_on_completion` is `never`."
	msgLimitMin          = "This value must be greater than or equal to 1."
	msgLimitMax          = "This value must be less than or equal to 100."
	msgNoSuchLineItem    = "No such line item: %s"
	msgUpdateLinesUIMode = "`line_items` can only be updated on Checkout Sessions with `ui_mode` `elements`; this one has `%s`."
	msgNeedsLineItem     = "A Checkout Session in `%s` mode needs at least one line item."
	msgUpdateInfoUIMode  = "`collected_information` can only be updated on Checkout Sessions with `ui_mode` `embedded_page` or `elements`."
	msgCouponExists      = "Coupon already exists."
	msgProductHasPrices  = "This product cannot be deleted because it has one or more prices associated with it."
	msgTooManyItems      = "You can pass at most %d %s; you passed %d."
)

// The control endpoints' messages (control.go) and the server's own
// (stripe-mock unreachable, body too large) are the local server's, not
// Stripe's, and are not in the table.

// maxAmount is the largest amount Stripe charges in most currencies:
// eight digits, 99999999 (https://github.com/stripe/stripe-php/issues/881).
const maxAmount = 99999999
