package localserver

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Stripe's bounds for expires_at, in seconds after created.
const (
	minExpiry     = 30 * 60
	maxExpiry     = 24 * 60 * 60
	defaultExpiry = maxExpiry
)

// create makes a session from the create params over stripe-mock's
// fixture, which supplies every field the server does not model.
func (s *Server) create(c *call) (any, *apiError) {
	p := c.params
	mode := str(p, "mode")
	if mode == "" {
		mode = "payment"
	}
	uiMode := str(p, "ui_mode")
	if uiMode == "" {
		uiMode = "hosted_page"
	}
	if err := checkURLs(p, uiMode); err != nil {
		return nil, err
	}
	if err := checkMetadata(p); err != nil {
		return nil, err
	}
	if err := checkExclusive(p); err != nil {
		return nil, err
	}
	if err := checkArrays(p); err != nil {
		return nil, err
	}
	lines, _ := p["line_items"].([]any)
	switch {
	case mode == "setup" && len(lines) > 0:
		return nil, invalid("line_items", msgSetupLineItems)
	case mode == "setup" && str(p, "currency") == "" && p["payment_method_types"] == nil:
		return nil, missingParam("currency")
	case mode != "setup" && len(lines) == 0:
		return nil, missingParam("line_items")
	}
	var customer map[string]any
	if id := str(p, "customer"); id != "" {
		var aerr *apiError
		if customer, aerr = s.lookupObject(c, "customer", id, "customer"); aerr != nil {
			return nil, aerr
		}
	}
	specs, aerr := s.resolveLines(c, lines, "line_items", false)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := checkPriceTypes(mode, specs); aerr != nil {
		return nil, aerr
	}
	discounts, aerr := s.resolveDiscounts(c, p["discounts"])
	if aerr != nil {
		return nil, aerr
	}
	ships, aerr := s.resolveShipping(c, p["shipping_options"])
	if aerr != nil {
		return nil, aerr
	}
	if err := s.loadBases(c); err != nil {
		return nil, mockDown(err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(c.key)
	now := a.now
	expiresAt := now + defaultExpiry
	if v, ok := p["expires_at"]; ok {
		n, err := strconv.ParseInt(fmt.Sprint(v), 10, 64)
		if err != nil {
			return nil, invalidInteger("expires_at", fmt.Sprint(v))
		}
		// At a fixed epoch, an expires_at the app computed from its own
		// (wall) clock is accepted too, and kept as sent; one that fits
		// neither clock is refused for the bound it misses on the clock
		// it is nearer to (created is "the time of the request":
		// shared/checkout-behaviour.md, Time).
		base := now
		if s.fixed {
			if wall := clockNow().Unix(); expiryMiss(n, wall) < expiryMiss(n, now) {
				base = wall
			}
		}
		switch {
		case n < base+minExpiry:
			return nil, invalid("expires_at", msgExpiresTooSoon)
		case n >= base+maxExpiry:
			return nil, invalid("expires_at", msgExpiresTooLate)
		}
		expiresAt = n
	}
	id := "cs_test_" + token(58, a.id, "cs", strconv.Itoa(a.seq+1))
	sess := &session{seq: a.seq + 1, discounts: discounts, acct: a}
	o := cloneMap(c.fixture)
	delete(o, "line_items")
	sess.obj = o
	s.fillCreate(o, p, id, mode, uiMode, now, expiresAt)
	for _, sp := range specs {
		sess.items = append(sess.items, s.materialize(sess, sp, now))
	}
	var firstShip int64
	if len(ships) > 0 {
		firstShip = ships[0].amount
	}
	if aerr := checkAmounts(sess.items, firstShip); aerr != nil {
		return nil, aerr
	}
	cur, _ := o["currency"].(string)
	if cur == "" && len(sess.items) > 0 {
		cur, _ = sess.items[0]["price"].(map[string]any)["currency"].(string)
	}
	if aerr := checkCoupons(discounts, cur); aerr != nil {
		return nil, aerr
	}
	a.seq++
	s.fillDefaults(a, sess, p, mode, customer)
	o["shipping_options"] = shippingOptions(sess, ships)
	recompute(sess)
	a.sessions[id] = sess
	a.order = append(a.order, sess)
	return view(sess, expandList(p)), nil
}

// expiryMiss is how many seconds expires_at n lies outside the range
// Stripe allows for a session created at created: 0 inside it.
func expiryMiss(n, created int64) int64 {
	switch {
	case n < created+minExpiry:
		return created + minExpiry - n
	case n >= created+maxExpiry:
		return n - (created + maxExpiry) + 1
	}
	return 0
}

// checkURLs applies the ui_mode rules for the redirect URLs. Stripe's
// refusal of URLs a ui_mode does not take reads "The following parameters
// are not supported with 'ui_mode: custom': cancel_url, success_url."
// (quoted in laravel/cashier-stripe#1815); hosted sessions need a
// success_url ("parameter_missing - success_url", stripe/stripe-node#1944).
func checkURLs(p map[string]any, uiMode string) *apiError {
	refused := []string{"success_url", "cancel_url"}
	if uiMode == "hosted_page" {
		refused = []string{"redirect_on_completion", "return_url"}
	}
	var bad []string
	for _, k := range refused {
		if _, ok := p[k]; ok {
			bad = append(bad, k)
		}
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		return invalid(bad[0], msgNotWithUIMode, uiMode, strings.Join(bad, ", "))
	}
	if uiMode == "hosted_page" {
		if str(p, "success_url") == "" {
			return missingParam("success_url")
		}
		return nil
	}
	never := str(p, "redirect_on_completion") == "never"
	if never && str(p, "return_url") != "" {
		return invalid("return_url", msgReturnURLNever)
	}
	if !never && str(p, "return_url") == "" {
		return missingParam("return_url")
	}
	return nil
}

// fillCreate overlays the fixture with what the session's birth and its
// params decide.
func (s *Server) fillCreate(o, p map[string]any, id, mode, uiMode string, now, expiresAt int64) {
	set := func(k string, v any) { o[k] = v }
	set("id", id)
	set("object", "checkout.session")
	set("livemode", false)
	set("created", now)
	set("expires_at", expiresAt)
	set("mode", mode)
	set("ui_mode", uiMode)
	set("status", "open")
	set("payment_status", "unpaid")
	if mode == "setup" {
		set("payment_status", "no_payment_required")
	}
	set("url", nil)
	set("client_secret", nil)
	if uiMode == "hosted_page" {
		set("url", "https://checkout.stripe.com/c/pay/"+id)
	} else {
		set("client_secret", id+"_secret_"+token(24, id, "secret"))
		rc := str(p, "redirect_on_completion")
		if rc == "" {
			rc = "always"
		}
		set("redirect_on_completion", rc)
	}
	fillParams(o, p, mode)
}

// fillParams sets the fields that echo create params, and empties those
// only a customer at checkout fills.
func fillParams(o, p map[string]any, mode string) {
	set := func(k string, v any) { o[k] = v }
	for _, k := range []string{"success_url", "cancel_url", "client_reference_id", "customer", "customer_email",
		"locale", "submit_type", "billing_address_collection", "customer_creation", "payment_method_collection",
		"origin_context", "integration_identifier", "customer_account"} {
		set(k, strOrNil(p, k))
	}
	delete(o, "return_url")
	if v := str(p, "return_url"); v != "" {
		set("return_url", v)
	}
	set("currency", strOrNil(p, "currency"))
	set("allow_promotion_codes", boolOrNil(p, "allow_promotion_codes"))
	set("metadata", stringMap(p["metadata"]))
	set("payment_method_types", paymentMethodTypes(p))
	set("automatic_tax", map[string]any{"enabled": boolParam(sub(p, "automatic_tax"), "enabled"), "liability": nil, "provider": nil, "status": nil})
	if boolParam(sub(p, "automatic_tax"), "enabled") {
		// Tax needs the customer's location, which only checkout collects.
		o["automatic_tax"].(map[string]any)["status"] = "requires_location_inputs"
		o["automatic_tax"].(map[string]any)["liability"] = map[string]any{"type": "self"}
	}
	for _, k := range []string{"adaptive_pricing", "managed_payments"} {
		if m := sub(p, k); m != nil && str(m, "enabled") != "" {
			set(k, map[string]any{"enabled": boolParam(m, "enabled")})
		}
	}
	set("phone_number_collection", map[string]any{"enabled": boolParam(sub(p, "phone_number_collection"), "enabled")})
	set("shipping_address_collection", nil)
	if sac := sub(p, "shipping_address_collection"); sac != nil {
		set("shipping_address_collection", map[string]any{"allowed_countries": stringList(sac["allowed_countries"])})
	}
	set("custom_text", customText(sub(p, "custom_text")))
	set("custom_fields", customFields(p["custom_fields"]))
	set("consent_collection", consentCollection(sub(p, "consent_collection")))
	set("after_expiration", afterExpiration(sub(p, "after_expiration")))
	// What only a customer at checkout produces is empty at creation,
	// except the email the integration already gave.
	set("customer_details", nil)
	if email := str(p, "customer_email"); email != "" {
		set("customer_details", customerDetails(email))
	}
	for _, k := range []string{"payment_intent", "payment_link", "setup_intent", "subscription", "invoice",
		"collected_information", "consent", "currency_conversion", "shipping_cost", "recovered_from",
		"discounts", "presentment_details"} {
		set(k, nil)
	}
	delete(o, "presentment_details") // optional and not nullable
	set("invoice_creation", nil)
	if mode == "payment" {
		ic := sub(p, "invoice_creation")
		set("invoice_creation", map[string]any{"enabled": boolParam(ic, "enabled"), "invoice_data": map[string]any{
			"account_tax_ids": nil, "custom_fields": nil, "description": nil, "footer": nil, "issuer": nil,
			"metadata": map[string]any{}, "rendering_options": nil}})
	}
}

// paymentMethodTypes is the param, or ["card"] as Stripe's dynamic
// payment methods resolve on a test account with only cards.
func paymentMethodTypes(p map[string]any) []any {
	if l := stringList(p["payment_method_types"]); len(l) > 0 {
		return l
	}
	return []any{"card"}
}

func customText(p map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range []string{"after_submit", "shipping_address", "submit", "terms_of_service_acceptance"} {
		out[k] = nil
		if m := sub(p, k); m != nil && str(m, "message") != "" {
			out[k] = map[string]any{"message": str(m, "message")}
		}
	}
	return out
}

func customFields(v any) []any {
	out := []any{}
	l, _ := v.([]any)
	for _, e := range l {
		f, _ := e.(map[string]any)
		typ := str(f, "type")
		label := sub(f, "label")
		cf := map[string]any{
			"key":      str(f, "key"),
			"label":    map[string]any{"type": "custom", "custom": strOrNil(label, "custom")},
			"optional": boolParam(f, "optional"),
			"type":     typ,
		}
		d := sub(f, typ)
		switch typ {
		case "dropdown":
			opts := []any{}
			ol, _ := d["options"].([]any)
			for _, o := range ol {
				om, _ := o.(map[string]any)
				opts = append(opts, map[string]any{"label": str(om, "label"), "value": str(om, "value")})
			}
			cf["dropdown"] = map[string]any{"default_value": strOrNil(d, "default_value"), "options": opts, "value": nil}
		case "numeric", "text":
			cf[typ] = map[string]any{"default_value": strOrNil(d, "default_value"), "maximum_length": intOrNil(d, "maximum_length"),
				"minimum_length": intOrNil(d, "minimum_length"), "value": nil}
		}
		out = append(out, cf)
	}
	return out
}

func consentCollection(p map[string]any) any {
	if p == nil {
		return nil
	}
	var reuse any
	if m := sub(p, "payment_method_reuse_agreement"); m != nil {
		reuse = map[string]any{"position": str(m, "position")}
	}
	return map[string]any{"payment_method_reuse_agreement": reuse,
		"promotions": strOrNil(p, "promotions"), "terms_of_service": strOrNil(p, "terms_of_service")}
}

func afterExpiration(p map[string]any) any {
	r := sub(p, "recovery")
	if r == nil {
		return nil
	}
	return map[string]any{"recovery": map[string]any{"allow_promotion_codes": boolParam(r, "allow_promotion_codes"),
		"enabled": boolParam(r, "enabled"), "expires_at": nil, "url": nil}}
}

// Parameter readers. A form carries strings; these convert.

func sub(p map[string]any, k string) map[string]any {
	m, _ := p[k].(map[string]any)
	return m
}

func str(p map[string]any, k string) string {
	v, _ := p[k].(string)
	return v
}

func strOrNil(p map[string]any, k string) any {
	if v, ok := p[k].(string); ok && v != "" {
		return v
	}
	return nil
}

func boolParam(p map[string]any, k string) bool { return str(p, k) == "true" }

func boolOrNil(p map[string]any, k string) any {
	if v, ok := p[k].(string); ok && v != "" {
		return v == "true"
	}
	return nil
}

func intOrNil(p map[string]any, k string) any {
	if n, err := strconv.ParseInt(str(p, k), 10, 64); err == nil {
		return n
	}
	return nil
}

func stringMap(v any) map[string]any {
	out := map[string]any{}
	m, _ := v.(map[string]any)
	for k, e := range m {
		if s, ok := e.(string); ok && s != "" {
			out[k] = s
		}
	}
	return out
}

func stringList(v any) []any {
	out := []any{}
	l, _ := v.([]any)
	for _, e := range l {
		if s, ok := e.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// expandList is the expand param as a list of paths.
func expandList(p map[string]any) []string {
	var out []string
	switch e := p["expand"].(type) {
	case []any:
		for _, x := range e {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	case string:
		out = append(out, e)
	}
	return out
}
