package localserver

import (
	"net/http"
	"strconv"
	"strings"
)

// kind is one kind of object the server keeps besides sessions: created
// through its Stripe endpoint (when fill is set), retrievable by id, and
// referenced by sessions.
type kind struct {
	object string // the object's "object" field and the noun of "No such …"
	prefix string // of generated ids
	// fill sets the object's fields from the create params over
	// stripe-mock's fixture; the caller holds s.mu.
	fill func(s *Server, a *account, o, p map[string]any) *apiError
}

// kinds maps the collection in the path (/v1/customers) to its kind.
var kinds = map[string]kind{
	"customers":       {"customer", "cus_", fillCustomer},
	"products":        {"product", "prod_", fillProduct},
	"prices":          {"price", "price_", fillPrice},
	"coupons":         {"coupon", "", fillCoupon},
	"promotion_codes": {"promotion_code", "promo_", fillPromotionCode},
	"shipping_rates":  {"shipping_rate", "shr_", fillShippingRate},
	"tax_rates":       {"tax_rate", "txr_", fillTaxRate},
	"payment_intents": {"payment_intent", "pi_", nil},
	"setup_intents":   {"setup_intent", "seti_", nil},
	"subscriptions":   {"subscription", "sub_", nil},
	"invoices":        {"invoice", "in_", nil},
}

// object finds an object of the account by kind and id; the caller holds
// s.mu.
func (a *account) object(object, id string) map[string]any {
	return a.objects[object][id]
}

// put stores an object; the caller holds s.mu.
func (a *account) put(o map[string]any) {
	object := o["object"].(string)
	if a.objects[object] == nil {
		a.objects[object] = map[string]map[string]any{}
	}
	id := o["id"].(string)
	if a.objects[object][id] == nil {
		a.objOrder[object] = append(a.objOrder[object], id)
	}
	a.objects[object][id] = o
	delete(a.deleted[object], id)
}

// newID is a fresh id of the account with prefix; the caller holds s.mu.
func (a *account) newID(prefix, object string) string {
	a.objSeq++
	return prefix + token(24, a.id, object, strconv.Itoa(a.objSeq))
}

// createObject answers POST /v1/{collection}: stripe-mock's fixture, with
// the params and the account's state over it.
func (s *Server) createObject(c *call) (any, *apiError) {
	k := kinds[c.coll]
	if err := checkMetadata(c.params); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(c.key)
	o := cloneMap(c.fixture)
	id := k.prefix
	if c.coll == "coupons" && str(c.params, "id") != "" {
		id = str(c.params, "id")
	} else if c.coll == "coupons" {
		a.objSeq++
		id = token(8, a.id, "coupon", strconv.Itoa(a.objSeq))
	} else {
		id = a.newID(k.prefix, k.object)
	}
	o["id"], o["object"], o["livemode"], o["created"] = id, k.object, false, a.now
	o["metadata"] = stringMap(c.params["metadata"])
	if err := k.fill(s, a, o, c.params); err != nil {
		return nil, err
	}
	if a.object(k.object, id) != nil {
		return nil, invalid("id", msgCouponExists)
	}
	a.put(o)
	return cloneMap(o), nil
}

// retrieveObject answers GET /v1/{collection}/{id} from the account's
// state: Stripe's 404 resource_missing for an id it does not have, or a
// product or coupon it deleted; a deleted customer is {id, object,
// deleted: true}.
func (s *Server) retrieveObject(c *call) (any, *apiError) {
	k := kinds[c.coll]
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(c.key)
	if k.object == "customer" && a.deleted["customer"][c.id] {
		// The spec's retrieve answers a customer or a deleted_customer.
		return deletedStub("customer", c.id), nil
	}
	o, err := a.liveObject(c)
	if err != nil {
		return nil, err
	}
	return cloneMap(o), nil
}

// nullable sets each of keys to its string param, or null.
func nullable(o, p map[string]any, keys ...string) {
	for _, k := range keys {
		o[k] = strOrNil(p, k)
	}
}

func fillCustomer(_ *Server, _ *account, o, p map[string]any) *apiError {
	nullable(o, p, "email", "name", "phone", "description")
	o["address"], o["shipping"], o["discount"], o["currency"] = nil, nil, nil, nil
	o["balance"], o["delinquent"], o["default_source"] = int64(0), false, nil
	if addr := sub(p, "address"); addr != nil {
		m := map[string]any{}
		for _, k := range []string{"city", "country", "line1", "line2", "postal_code", "state"} {
			m[k] = strOrNil(addr, k)
		}
		o["address"] = m
	}
	o["invoice_prefix"] = strings.ToUpper(token(8, o["id"].(string), "prefix"))
	o["preferred_locales"] = stringList(p["preferred_locales"])
	return nil
}

func fillProduct(_ *Server, _ *account, o, p map[string]any) *apiError {
	if str(p, "name") == "" {
		return missingParam("name")
	}
	o["name"] = str(p, "name")
	nullable(o, p, "description", "statement_descriptor", "tax_code", "unit_label", "url")
	o["active"] = str(p, "active") != "false"
	o["images"] = stringList(p["images"])
	o["default_price"], o["package_dimensions"], o["shippable"] = nil, nil, nil
	o["marketing_features"] = []any{}
	o["updated"] = o["created"]
	return nil
}

func fillPrice(s *Server, a *account, o, p map[string]any) *apiError {
	product := str(p, "product")
	if pd := sub(p, "product_data"); pd != nil {
		prod := map[string]any{"id": a.newID("prod_", "product"), "object": "product", "livemode": false,
			"created": a.now, "updated": a.now, "name": str(pd, "name"), "active": true, "description": nil,
			"images": []any{}, "marketing_features": []any{}, "metadata": stringMap(pd["metadata"]),
			"default_price": nil, "package_dimensions": nil, "shippable": nil, "statement_descriptor": nil,
			"tax_code": nil, "unit_label": nil, "url": nil}
		a.put(prod)
		product = prod["id"].(string)
	} else if product == "" {
		return missingParam("product")
	} else if a.object("product", product) == nil {
		return noSuchObject(http.StatusBadRequest, "product", product, "product")
	}
	amount, aerr := amountParam(p, "unit_amount")
	if aerr != nil {
		return aerr
	}
	dec := str(p, "unit_amount_decimal")
	switch {
	case amount != nil:
		dec = strconv.FormatInt(amount.(int64), 10)
	case dec != "":
		f, err := strconv.ParseFloat(dec, 64)
		if err != nil || f < 0 || f > maxAmount {
			return invalid("unit_amount_decimal", msgInvalidDecimal, dec)
		}
		amount = int64(f + 0.5)
	case sub(p, "custom_unit_amount") == nil:
		return invalid("unit_amount", msgPriceNeedsAmount)
	}
	o["product"], o["currency"] = product, strings.ToLower(str(p, "currency"))
	o["unit_amount"], o["unit_amount_decimal"] = amount, nil
	if dec != "" {
		o["unit_amount_decimal"] = dec
	}
	o["active"] = str(p, "active") != "false"
	o["billing_scheme"] = "per_unit"
	nullable(o, p, "nickname", "lookup_key")
	o["custom_unit_amount"], o["tiers_mode"], o["transform_quantity"] = nil, nil, nil
	tax := str(p, "tax_behavior")
	if tax == "" {
		tax = "unspecified"
	}
	o["tax_behavior"] = tax
	o["type"], o["recurring"] = "one_time", nil
	if r := sub(p, "recurring"); r != nil {
		count := int64(1)
		if n, err := strconv.ParseInt(str(r, "interval_count"), 10, 64); err == nil {
			count = n
		}
		usage := str(r, "usage_type")
		if usage == "" {
			usage = "licensed"
		}
		o["type"] = "recurring"
		o["recurring"] = map[string]any{"interval": str(r, "interval"), "interval_count": count, "meter": strOrNil(r, "meter"), "usage_type": usage}
	}
	return nil
}

// amountParam reads an amount param: nil when absent, Stripe's
// amount_too_large above [maxAmount].
func amountParam(p map[string]any, k string) (any, *apiError) {
	v := str(p, k)
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return nil, invalidInteger(k, v)
	}
	if n > maxAmount {
		e := invalid(k, msgAmountTooLarge)
		e.Code = "amount_too_large"
		return nil, e
	}
	return n, nil
}

func fillCoupon(_ *Server, _ *account, o, p map[string]any) *apiError {
	amountOff, aerr := amountParam(p, "amount_off")
	if aerr != nil {
		return aerr
	}
	var percentOff any
	if v := str(p, "percent_off"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 || f > 100 {
			return invalid("percent_off", msgInvalidDecimal, v)
		}
		percentOff = f
	}
	switch {
	case amountOff == nil && percentOff == nil:
		return invalid("amount_off", msgCouponNeedsAmount)
	case amountOff != nil && percentOff != nil:
		return onlyOneOf("amount_off", "percent_off")
	case amountOff != nil && str(p, "currency") == "":
		return invalid("currency", msgCouponCurrency)
	}
	o["amount_off"], o["percent_off"] = amountOff, percentOff
	o["currency"] = nil
	if amountOff != nil {
		o["currency"] = strings.ToLower(str(p, "currency"))
	}
	duration := str(p, "duration")
	if duration == "" {
		duration = "once"
	}
	o["duration"] = duration
	o["duration_in_months"] = nil
	if duration == "repeating" {
		o["duration_in_months"] = intOrNil(p, "duration_in_months")
	}
	o["name"] = strOrNil(p, "name")
	o["max_redemptions"], o["redeem_by"] = intOrNil(p, "max_redemptions"), intOrNil(p, "redeem_by")
	o["times_redeemed"], o["valid"] = int64(0), true
	return nil
}

func fillPromotionCode(_ *Server, a *account, o, p map[string]any) *apiError {
	promo := sub(p, "promotion")
	coupon := str(promo, "coupon")
	if coupon == "" {
		return missingParam("promotion[coupon]")
	}
	if a.object("coupon", coupon) == nil {
		return noSuchObject(http.StatusBadRequest, "coupon", coupon, "promotion[coupon]")
	}
	code := str(p, "code")
	if code == "" {
		code = strings.ToUpper(token(8, o["id"].(string), "code"))
	}
	o["code"] = code
	o["promotion"] = map[string]any{"coupon": coupon, "type": "coupon"}
	o["active"] = str(p, "active") != "false"
	nullable(o, p, "customer", "customer_account")
	o["expires_at"], o["max_redemptions"] = intOrNil(p, "expires_at"), intOrNil(p, "max_redemptions")
	o["times_redeemed"] = int64(0)
	o["restrictions"] = map[string]any{"first_time_transaction": false, "minimum_amount": nil, "minimum_amount_currency": nil}
	return nil
}

func fillShippingRate(_ *Server, _ *account, o, p map[string]any) *apiError {
	fa := sub(p, "fixed_amount")
	amount, aerr := amountParam(fa, "amount")
	if aerr != nil {
		aerr.Param = "fixed_amount[amount]"
		return aerr
	}
	if amount == nil {
		return missingParam("fixed_amount[amount]")
	}
	o["display_name"] = strOrNil(p, "display_name")
	o["fixed_amount"] = map[string]any{"amount": amount, "currency": strings.ToLower(str(fa, "currency"))}
	o["active"], o["type"], o["delivery_estimate"] = true, "fixed_amount", nil
	o["tax_code"] = strOrNil(p, "tax_code")
	tax := str(p, "tax_behavior")
	if tax == "" {
		tax = "unspecified"
	}
	o["tax_behavior"] = tax
	return nil
}

func fillTaxRate(_ *Server, _ *account, o, p map[string]any) *apiError {
	f, err := strconv.ParseFloat(str(p, "percentage"), 64)
	if err != nil || f < 0 || f > 100 {
		return invalid("percentage", msgInvalidDecimal, str(p, "percentage"))
	}
	o["display_name"] = str(p, "display_name")
	o["percentage"] = f
	o["effective_percentage"] = f
	o["inclusive"] = str(p, "inclusive") == "true"
	o["active"] = str(p, "active") != "false"
	nullable(o, p, "country", "description", "jurisdiction", "state", "tax_type")
	o["flat_amount"], o["jurisdiction_level"], o["rate_type"] = nil, nil, "percentage"
	return nil
}
