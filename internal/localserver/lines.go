package localserver

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// lineSpec is one line item param, resolved outside the lock: prices and
// product names fetched from stripe-mock.
type lineSpec struct {
	keep       string         // update: the id of an existing item to keep
	price      map[string]any // a price fetched by id; nil for price_data
	inline     map[string]any // the price_data params
	name       string         // the item's description
	quantity   int64
	hasQty     bool
	adjustable map[string]any
}

// resolveLines checks the line_items params and fetches what they name.
// On update, an entry with an id keeps that item.
func (s *Server) resolveLines(c *call, lines []any, param string, update bool) ([]lineSpec, *apiError) {
	out := make([]lineSpec, 0, len(lines))
	for i, e := range lines {
		m, _ := e.(map[string]any)
		at := fmt.Sprintf("%s[%d]", param, i)
		sp := lineSpec{keep: str(m, "id"), adjustable: sub(m, "adjustable_quantity")}
		if q := str(m, "quantity"); q != "" {
			n, err := strconv.ParseInt(q, 10, 64)
			if err != nil || n < 0 {
				return nil, invalidInteger(at+"[quantity]", q)
			}
			sp.quantity, sp.hasQty = n, true
		}
		priceID, data := str(m, "price"), sub(m, "price_data")
		switch {
		case priceID != "" && data != nil:
			return nil, onlyOneOf("price", "price_data")
		case priceID == "" && data == nil && (sp.keep == "" || !update):
			return nil, missingParam(at + "[price]")
		case !sp.hasQty && (sp.keep == "" || !update):
			return nil, missingParam(at + "[quantity]")
		}
		if priceID != "" {
			price, err := s.lookupObject(c, "price", priceID, at+"[price]")
			if err != nil {
				return nil, err
			}
			if price["active"] == false {
				// Stripe refuses an inactive price ("Whether the price can
				// be used for new purchases", spec text on price.active);
				// shared/checkout-behaviour.md gives no message for it, so
				// this is the closest documented one, an unknown price's.
				return nil, noSuchObject(http.StatusBadRequest, "price", priceID, at+"[price]")
			}
			sp.price = price
			sp.name, err = s.productName(c, price["product"], at+"[price]")
			if err != nil {
				return nil, err
			}
		}
		if data != nil {
			if str(data, "currency") == "" {
				return nil, missingParam(at + "[price_data][currency]")
			}
			if str(data, "unit_amount") == "" && str(data, "unit_amount_decimal") == "" {
				return nil, missingParam(at + "[price_data][unit_amount]")
			}
			sp.inline = data
			if pd := sub(data, "product_data"); pd != nil {
				sp.name = str(pd, "name")
			} else if prod := str(data, "product"); prod != "" {
				var err *apiError
				if sp.name, err = s.productName(c, prod, at+"[price_data][product]"); err != nil {
					return nil, err
				}
			} else {
				return nil, missingParam(at + "[price_data][product_data]")
			}
		}
		out = append(out, sp)
	}
	return out, nil
}

// productName is the name of the account's product; param names the
// parameter that led to it, for Stripe's resource_missing.
func (s *Server) productName(c *call, product any, param string) (string, *apiError) {
	id, ok := product.(string)
	if !ok {
		if m, isMap := product.(map[string]any); isMap {
			return str(m, "name"), nil
		}
		return "", nil
	}
	prod, err := s.lookupObject(c, "product", id, param)
	if err != nil {
		return "", err
	}
	return str(prod, "name"), nil
}

// fetchObject GETs an object from stripe-mock with the caller's key.
func (s *Server) fetchObject(c *call, path string) (map[string]any, *apiError) {
	resp, err := s.get(c.ctx, c.r, path)
	if err != nil {
		return nil, mockDown(err)
	}
	if resp.Status != http.StatusOK {
		// stripe-mock's own error about the object, in Stripe's shape.
		e := &apiError{Status: resp.Status, Type: "invalid_request_error", Validation: true,
			Message: fmt.Sprintf("stripe-mock answered %d to GET %s", resp.Status, path)}
		if m, err := decodeObject(resp.Body); err == nil {
			if em, ok := m["error"].(map[string]any); ok && str(em, "message") != "" {
				e.Message, e.Type = str(em, "message"), str(em, "type")
			}
		}
		return nil, e
	}
	m, derr := decodeObject(resp.Body)
	if derr != nil {
		return nil, mockDown(derr)
	}
	return m, nil
}

// loadBases fetches, once, the fixtures whose shape line items and inline
// prices are built on.
func (s *Server) loadBases(c *call) error {
	s.mu.Lock()
	ready := s.baseItem != nil
	s.mu.Unlock()
	if ready {
		return nil
	}
	items, aerr := s.fetchObject(c, "/v1/checkout/sessions/cs_base/line_items")
	if aerr != nil {
		return aerr
	}
	data, _ := items["data"].([]any)
	if len(data) == 0 {
		return fmt.Errorf("stripe-mock's line_items fixture has no item")
	}
	item, _ := data[0].(map[string]any)
	price, aerr := s.fetchObject(c, "/v1/prices/price_base")
	if aerr != nil {
		return aerr
	}
	if err := s.loadIntentBases(c); err != nil {
		return err
	}
	s.mu.Lock()
	s.baseItem, s.basePrice = item, price
	s.mu.Unlock()
	return nil
}

// materialize makes a line item of a resolved spec; the caller holds
// s.mu.
func (s *Server) materialize(sess *session, sp lineSpec, now int64) map[string]any {
	sess.itemSeq++
	n := strconv.Itoa(sess.itemSeq)
	item := cloneMap(s.baseItem)
	item["id"] = "li_" + token(24, sess.id(), "li", n)
	item["object"] = "item"
	item["description"] = sp.name
	item["metadata"] = map[string]any{}
	item["quantity"] = sp.quantity
	item["adjustable_quantity"] = adjustable(sp.adjustable)
	if sp.price != nil {
		item["price"] = cloneMap(sp.price)
	} else {
		item["price"] = s.inlinePrice(sess, sp.inline, n, now)
	}
	return item
}

func adjustable(p map[string]any) any {
	if p == nil {
		return nil
	}
	return map[string]any{"enabled": boolParam(p, "enabled"), "maximum": intOrNil(p, "maximum"), "minimum": intOrNil(p, "minimum")}
}

// inlinePrice is the price Stripe makes for price_data: inactive, with a
// product of its own unless one was named.
func (s *Server) inlinePrice(sess *session, d map[string]any, n string, now int64) map[string]any {
	pr := cloneMap(s.basePrice)
	unit, dec := unitAmount(d)
	product := str(d, "product")
	if product == "" {
		product = "prod_" + token(14, sess.id(), "prod", n)
		if sess.acct != nil {
			pd := sub(d, "product_data")
			sess.acct.put(map[string]any{"id": product, "object": "product", "livemode": false, "created": now, "updated": now,
				"name": str(pd, "name"), "active": false, "description": strOrNil(pd, "description"), "images": stringList(pd["images"]),
				"marketing_features": []any{}, "metadata": stringMap(pd["metadata"]), "default_price": nil, "package_dimensions": nil,
				"shippable": nil, "statement_descriptor": nil, "tax_code": strOrNil(pd, "tax_code"), "unit_label": nil, "url": nil})
		}
	}
	var recurring any
	typ := "one_time"
	if r := sub(d, "recurring"); r != nil {
		typ = "recurring"
		count := int64(1)
		if c, err := strconv.ParseInt(str(r, "interval_count"), 10, 64); err == nil {
			count = c
		}
		recurring = map[string]any{"interval": str(r, "interval"), "interval_count": count, "meter": nil, "usage_type": "licensed"}
	}
	tax := str(d, "tax_behavior")
	if tax == "" {
		tax = "unspecified"
	}
	for k, v := range map[string]any{
		"id": "price_" + token(24, sess.id(), "price", n), "object": "price", "active": false,
		"billing_scheme": "per_unit", "created": now, "currency": strings.ToLower(str(d, "currency")),
		"custom_unit_amount": nil, "livemode": false, "lookup_key": nil, "metadata": map[string]any{},
		"nickname": nil, "product": product, "recurring": recurring, "tax_behavior": tax, "tiers_mode": nil,
		"transform_quantity": nil, "type": typ, "unit_amount": unit, "unit_amount_decimal": dec,
	} {
		pr[k] = v
	}
	return pr
}

// unitAmount reads unit_amount or unit_amount_decimal (rounded to an
// integer amount for the totals).
func unitAmount(d map[string]any) (int64, string) {
	if v := str(d, "unit_amount"); v != "" {
		n, _ := strconv.ParseInt(v, 10, 64)
		return n, strconv.FormatInt(n, 10)
	}
	dec := str(d, "unit_amount_decimal")
	f, _ := strconv.ParseFloat(dec, 64)
	return int64(f + 0.5), dec
}

// shipOpt is one resolved shipping option.
type shipOpt struct {
	rate   string // a shipping rate id; empty for shipping_rate_data
	amount int64
}

// resolveShipping reads shipping_options, fetching named rates.
func (s *Server) resolveShipping(c *call, v any) ([]shipOpt, *apiError) {
	l, _ := v.([]any)
	var out []shipOpt
	for i, e := range l {
		m, _ := e.(map[string]any)
		if id := str(m, "shipping_rate"); id != "" {
			rate, err := s.lookupObject(c, "shipping_rate", id, fmt.Sprintf("shipping_options[%d][shipping_rate]", i))
			if err != nil {
				return nil, err
			}
			out = append(out, shipOpt{rate: id, amount: toInt(sub(rate, "fixed_amount")["amount"])})
			continue
		}
		d := sub(m, "shipping_rate_data")
		if d == nil {
			return nil, missingParam(fmt.Sprintf("shipping_options[%d][shipping_rate]", i))
		}
		amt, _ := strconv.ParseInt(str(sub(d, "fixed_amount"), "amount"), 10, 64)
		out = append(out, shipOpt{amount: amt})
	}
	return out, nil
}

// shippingOptions turns resolved options into the session's field; the
// caller holds s.mu.
func shippingOptions(sess *session, opts []shipOpt) []any {
	out := []any{}
	for _, o := range opts {
		rate := o.rate
		if rate == "" {
			sess.itemSeq++
			rate = "shr_" + token(24, sess.id(), "shr", strconv.Itoa(sess.itemSeq))
		}
		out = append(out, map[string]any{"shipping_amount": o.amount, "shipping_rate": rate})
	}
	return out
}

// recompute sets the item and session amounts from the line items, the
// discounts (spread over the items in proportion to their amounts) and
// the first shipping option (the one Checkout preselects). The amounts
// were checked by [checkAmounts]: nothing here overflows.
func recompute(sess *session) {
	o := sess.obj
	if o["mode"] == "setup" {
		o["amount_subtotal"], o["amount_total"], o["total_details"], o["shipping_cost"] = nil, nil, nil, nil
		return
	}
	var subtotal int64
	currency := o["currency"]
	amounts := make([]int64, len(sess.items))
	for i, it := range sess.items {
		pr, _ := it["price"].(map[string]any)
		amounts[i] = toInt(pr["unit_amount"]) * toInt(it["quantity"])
		it["currency"] = pr["currency"]
		if currency == nil {
			currency = pr["currency"]
		}
		subtotal += amounts[i]
	}
	o["currency"] = currency
	off := discountAmount(sess.discounts, subtotal)
	left := off
	for i, it := range sess.items {
		share := int64(0)
		if subtotal > 0 {
			share = off * amounts[i] / subtotal // off ≤ subtotal ≤ maxAmount: no overflow
		}
		if i == len(sess.items)-1 {
			share = left
		}
		left -= share
		it["amount_subtotal"], it["amount_discount"], it["amount_tax"] = amounts[i], share, int64(0)
		it["amount_total"] = amounts[i] - share
	}
	var ship int64
	o["shipping_cost"] = nil
	if opts, _ := o["shipping_options"].([]any); len(opts) > 0 {
		first := opts[0].(map[string]any)
		ship = toInt(first["shipping_amount"])
		o["shipping_cost"] = map[string]any{"amount_subtotal": ship, "amount_tax": int64(0), "amount_total": ship, "shipping_rate": first["shipping_rate"]}
	}
	o["amount_subtotal"] = subtotal
	o["amount_total"] = subtotal - off + ship
	o["total_details"] = map[string]any{"amount_discount": off, "amount_shipping": ship, "amount_tax": int64(0)}
	if o["discounts"] != nil || len(sess.discounts) > 0 {
		o["discounts"] = discountList(sess.discounts)
	}
}
