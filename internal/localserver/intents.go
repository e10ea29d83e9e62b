package localserver

import (
	"fmt"
	"strings"
)

// intentBases are the stripe-mock fixtures the server's payment intents,
// setup intents, subscriptions and invoices are built on, by object name.
var intentBases = map[string]string{
	"payment_intent": "/v1/payment_intents/pi_base",
	"setup_intent":   "/v1/setup_intents/seti_base",
	"subscription":   "/v1/subscriptions/sub_base",
	"invoice":        "/v1/invoices/in_base",
	"customer":       "/v1/customers/cus_base",
}

// checkExclusive refuses the parameters Stripe takes only one of.
func checkExclusive(p map[string]any) *apiError {
	for _, pair := range [][2]string{{"customer", "customer_email"}, {"allow_promotion_codes", "discounts"}} {
		if p[pair[0]] != nil && p[pair[1]] != nil && str(p, pair[0]) != "false" {
			return onlyOneOf(pair[0], pair[1])
		}
	}
	return nil
}

// checkPriceTypes applies Stripe's rules between the mode and the line
// items' prices: a subscription needs a recurring price, a payment takes
// none.
func checkPriceTypes(mode string, specs []lineSpec) *apiError {
	recurring := 0
	for _, sp := range specs {
		if sp.price != nil && sp.price["type"] == "recurring" || sp.inline != nil && sub(sp.inline, "recurring") != nil {
			recurring++
		}
	}
	switch {
	case mode == "subscription" && len(specs) > 0 && recurring == 0:
		return invalid("line_items", msgNeedsRecurring)
	case mode == "payment" && recurring > 0:
		return invalid("line_items", msgRecurringInPayment)
	}
	return nil
}

// fillDefaults sets what Stripe decides at creation from the mode and the
// customer, and makes a setup session's SetupIntent. The caller holds
// s.mu.
func (s *Server) fillDefaults(a *account, sess *session, p map[string]any, mode string, customer map[string]any) {
	o := sess.obj
	// customer_creation is null when customer is given, whatever was
	// sent (shared/checkout-behaviour.md, Create-time defaults).
	creation := strOrNil(p, "customer_creation")
	switch {
	case customer != nil:
		creation = nil
	case creation == nil:
		creation = "if_required"
		if mode == "subscription" {
			creation = "always"
		}
	}
	o["customer_creation"] = creation
	collection := strOrNil(p, "payment_method_collection")
	if collection == nil {
		collection = "always"
		if mode == "payment" {
			collection = "if_required"
		}
	}
	o["payment_method_collection"] = collection
	if mode != "setup" {
		o["discounts"] = []any{}
	}
	o["collected_information"] = map[string]any{"business_name": nil, "individual_name": nil, "shipping_details": nil}
	// Null in every recorded create (testdata/stripe-corpus), whatever the
	// fixture holds; setup sessions have no managed payments or saved
	// payment method options either.
	o["permissions"], o["wallet_options"] = nil, nil
	if mode == "setup" {
		o["managed_payments"], o["saved_payment_method_options"] = nil, nil
	}
	if customer != nil {
		o["customer_details"] = detailsOf(customer, mode)
	}
	if mode == "setup" {
		si := s.newIntent(a, "setup_intent", "seti_", o)
		si["status"] = "requires_payment_method"
		si["usage"] = "off_session"
		o["setup_intent"] = si["id"]
	}
}

// detailsOf is a session's customer_details taken from its customer at
// creation: only the email (recorded creates at dahlia and endive show the
// customer's name left null, tax_ids null, and in setup mode tax_exempt
// null too).
func detailsOf(cus map[string]any, mode string) map[string]any {
	d := customerDetails(str(cus, "email"))
	if d["email"] == "" {
		d["email"] = nil
	}
	d["tax_ids"] = nil
	if mode == "setup" {
		d["tax_exempt"] = nil
	}
	return d
}

// newIntent makes and stores an object of the account over its
// stripe-mock fixture, for the session o: a PaymentIntent or SetupIntent
// (with a client_secret), a subscription or an invoice. The caller holds
// s.mu.
func (s *Server) newIntent(a *account, object, prefix string, o map[string]any) map[string]any {
	x := cloneMap(s.bases[object])
	id := prefix + token(24, str(o, "id"), object)
	x["id"], x["object"], x["livemode"], x["created"] = id, object, false, a.now
	x["customer"] = o["customer"]
	x["metadata"] = map[string]any{}
	for _, k := range []string{"description", "application", "on_behalf_of", "next_action", "latest_attempt",
		"last_setup_error", "last_payment_error", "mandate", "single_use_mandate", "cancellation_reason",
		"canceled_at", "review", "processing", "shipping", "transfer_data", "transfer_group", "receipt_email",
		"statement_descriptor", "statement_descriptor_suffix", "payment_method", "application_fee_amount",
		"customer_account", "setup_future_usage", "latest_charge"} {
		if _, ok := x[k]; ok {
			x[k] = nil
		}
	}
	if _, ok := x["client_secret"]; ok {
		x["client_secret"] = id + "_secret_" + token(25, id, "secret")
	}
	if l, ok := o["payment_method_types"].([]any); ok && x["payment_method_types"] != nil {
		x["payment_method_types"] = clone(l)
	}
	a.put(x)
	return x
}

// settle records a payment on the objects behind a session that is
// being paid: the PaymentIntent (payment mode), the subscription and its
// invoice (subscription mode) or the SetupIntent's success (setup mode).
// status is the PaymentIntent's: succeeded, or processing for a delayed
// method. The caller holds s.mu.
func (s *Server) settle(a *account, o map[string]any, status string) {
	id := str(o, "id")
	amount := toInt(o["amount_total"])
	pm := "pm_" + token(24, id, "pm")
	switch o["mode"] {
	case "payment":
		pi := s.newIntent(a, "payment_intent", "pi_", o)
		pi["amount"], pi["currency"], pi["status"] = amount, o["currency"], status
		pi["amount_capturable"], pi["amount_received"] = int64(0), int64(0)
		pi["payment_method"], pi["capture_method"], pi["confirmation_method"] = pm, "automatic_async", "automatic"
		if status == "succeeded" {
			pi["amount_received"] = amount
			pi["latest_charge"] = "ch_" + token(24, id, "ch")
		}
		o["payment_intent"] = pi["id"]
	case "subscription":
		in := s.newIntent(a, "invoice", "in_", o)
		sub := s.newIntent(a, "subscription", "sub_", o)
		in["status"], in["currency"] = "paid", o["currency"]
		for _, k := range []string{"amount_due", "amount_paid", "total", "subtotal", "total_excluding_tax", "subtotal_excluding_tax"} {
			in[k] = amount
		}
		in["amount_remaining"], in["billing_reason"] = int64(0), "subscription_create"
		if status != "succeeded" {
			in["status"], in["amount_paid"], in["amount_remaining"] = "open", int64(0), amount
		}
		sub["status"], sub["currency"], sub["latest_invoice"] = "active", o["currency"], in["id"]
		if status != "succeeded" {
			sub["status"] = "incomplete"
		}
		sub["default_payment_method"] = pm
		o["subscription"], o["invoice"] = sub["id"], in["id"]
	case "setup":
		if si := a.object("setup_intent", str(o, "setup_intent")); si != nil {
			si["status"], si["payment_method"] = "succeeded", pm
			si["customer"] = o["customer"]
		}
	}
}

// settleLater moves the objects of a delayed payment to its outcome.
// The caller holds s.mu.
func (s *Server) settleLater(a *account, o map[string]any, ok bool) {
	if pi := a.object("payment_intent", str(o, "payment_intent")); pi != nil {
		if ok {
			pi["status"], pi["amount_received"] = "succeeded", pi["amount"]
			pi["latest_charge"] = "ch_" + token(24, str(o, "id"), "ch")
		} else {
			pi["status"], pi["payment_method"] = "requires_payment_method", nil
		}
	}
	if in := a.object("invoice", str(o, "invoice")); in != nil && ok {
		in["status"], in["amount_paid"], in["amount_remaining"] = "paid", in["amount_due"], int64(0)
	}
	if sub := a.object("subscription", str(o, "subscription")); sub != nil {
		sub["status"] = map[bool]string{true: "active", false: "incomplete_expired"}[ok]
	}
}

// loadIntentBases fetches the fixtures of [intentBases]; the caller does
// not hold s.mu.
func (s *Server) loadIntentBases(c *call) error {
	out := map[string]map[string]any{}
	for object, path := range intentBases {
		m, aerr := s.fetchObject(c, path)
		if aerr != nil {
			return fmt.Errorf("stripe-mock's %s fixture: %s", strings.ReplaceAll(object, "_", " "), aerr.Message)
		}
		out[object] = m
	}
	s.mu.Lock()
	s.bases = out
	s.mu.Unlock()
	return nil
}
