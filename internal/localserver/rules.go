package localserver

import (
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"unicode/utf8"
)

// Stripe's metadata limits (https://docs.stripe.com/api/metadata).
const (
	maxMetadataKeys  = 50
	maxMetadataKey   = 40
	maxMetadataValue = 500
)

// checkMetadata applies Stripe's metadata limits to every metadata hash
// in a request's params (the session's, subscription_data[metadata], a
// line item's…): at most 50 keys, keys of at most 40 characters and
// values of at most 500, with Stripe's messages and param metadata.
func checkMetadata(v any) *apiError {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if k == "metadata" {
				if err := checkMetadataHash(x[k]); err != nil {
					return err
				}
				continue
			}
			if err := checkMetadata(x[k]); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := checkMetadata(e); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkMetadataHash(v any) *apiError {
	m, ok := v.(map[string]any)
	if !ok {
		return nil // "metadata=": unset all
	}
	if len(m) > maxMetadataKeys {
		return invalid("metadata", msgMetadataKeys, len(m))
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if utf8.RuneCountInString(k) > maxMetadataKey {
			return invalid("metadata", msgMetadataKey, k)
		}
		s, isStr := m[k].(string)
		if !isStr {
			return invalid("metadata", msgMetadataValue, fmt.Sprint(m[k]))
		}
		if utf8.RuneCountInString(s) > maxMetadataValue {
			return invalid("metadata", msgMetadataValue, s)
		}
	}
	return nil
}

// lookupObject finds an object of the caller's account, or Stripe's 400
// resource_missing naming param.
func (s *Server) lookupObject(c *call, object, id, param string) (map[string]any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.account(c.key).object(object, id)
	if o == nil {
		return nil, noSuchObject(http.StatusBadRequest, object, id, param)
	}
	return cloneMap(o), nil
}

// applied is one entry of a session's discounts: a coupon, and the
// promotion code that brought it, if any.
type applied struct {
	coupon map[string]any
	promo  string
}

// resolveDiscounts reads the discounts param: each entry a coupon or a
// promotion code of the account.
func (s *Server) resolveDiscounts(c *call, v any) ([]applied, *apiError) {
	l, _ := v.([]any)
	var out []applied
	for i, e := range l {
		m, _ := e.(map[string]any)
		at := fmt.Sprintf("discounts[%d]", i)
		coupon, promo := str(m, "coupon"), str(m, "promotion_code")
		switch {
		case coupon != "" && promo != "":
			return nil, onlyOneOf("coupon", "promotion_code")
		case promo != "":
			pc, err := s.lookupObject(c, "promotion_code", promo, at+"[promotion_code]")
			if err != nil {
				return nil, err
			}
			if pc["active"] == false {
				// An inactive promotion code (updated with active=false,
				// or its coupon deleted) is refused; the docs in
				// shared/ give no message for it, so this is the closest
				// documented one, an unknown promotion code's.
				return nil, noSuchObject(http.StatusBadRequest, "promotion_code", promo, at+"[promotion_code]")
			}
			coupon = str(sub(pc, "promotion"), "coupon")
		case coupon == "":
			return nil, missingParam(at + "[coupon]")
		}
		co, err := s.lookupObject(c, "coupon", coupon, at+"[coupon]")
		if err != nil {
			return nil, err
		}
		out = append(out, applied{coupon: co, promo: promo})
	}
	return out, nil
}

// discountList is the session's discounts field.
func discountList(ds []applied) []any {
	out := []any{}
	for _, d := range ds {
		var promo any
		if d.promo != "" {
			promo = d.promo
		}
		out = append(out, map[string]any{"coupon": d.coupon["id"], "promotion_code": promo})
	}
	return out
}

// itemAmount is quantity × unit_amount of one line item, or Stripe's
// amount_too_large when it passes [maxAmount] (checked before
// multiplying: nothing overflows).
func itemAmount(unit, qty int64, i int) (int64, *apiError) {
	if unit < 0 || qty < 0 {
		return 0, invalidInteger(fmt.Sprintf("line_items[%d][quantity]", i), fmt.Sprint(qty))
	}
	if qty > 0 && unit > maxAmount/qty {
		e := invalid(fmt.Sprintf("line_items[%d][quantity]", i), msgQuantityTooLarge)
		e.Code = "amount_too_large"
		return 0, e
	}
	return unit * qty, nil
}

// checkAmounts refuses items whose amounts, or whose total with
// shipping, pass Stripe's maximum, without changing anything.
func checkAmounts(items []map[string]any, ship int64) *apiError {
	var total int64
	for i, it := range items {
		pr, _ := it["price"].(map[string]any)
		amt, err := itemAmount(toInt(pr["unit_amount"]), toInt(it["quantity"]), i)
		if err != nil {
			return err
		}
		total += amt // each ≤ maxAmount and checked below: no overflow
		if total > maxAmount {
			return tooLarge()
		}
	}
	if ship < 0 || ship > maxAmount || total+ship > maxAmount {
		return tooLarge()
	}
	return nil
}

func tooLarge() *apiError {
	e := invalid("line_items", msgAmountTooLarge)
	e.Code = "amount_too_large"
	return e
}

// discountAmount is what the discounts take off subtotal: percent_off
// rounded to the nearest unit, amount_off in the session's currency,
// never more than what is left.
func discountAmount(ds []applied, subtotal int64) int64 {
	var off int64
	for _, d := range ds {
		left := subtotal - off
		var n int64
		if pct, ok := d.coupon["percent_off"].(float64); ok {
			n = int64(math.Round(float64(left) * pct / 100))
		} else {
			n = toInt(d.coupon["amount_off"])
		}
		off += min(max(n, 0), left)
	}
	return off
}

// checkCoupons refuses an amount_off coupon in another currency.
func checkCoupons(ds []applied, currency string) *apiError {
	for i, d := range ds {
		cur, _ := d.coupon["currency"].(string)
		if d.coupon["amount_off"] != nil && currency != "" && cur != currency {
			return invalid(fmt.Sprintf("discounts[%d][coupon]", i), msgCouponCurrencyMismatch, d.coupon["id"], cur, currency)
		}
	}
	return nil
}

// maxItems are Stripe's limits on the lists a session takes: 100 line
// items (https://github.com/cartalyst/stripe/issues/214, Stripe support:
// "The limit is 100 line items"), 3 custom fields and 5 shipping options
// (https://docs.stripe.com/api/checkout/sessions/create).
var maxItems = map[string]int{"line_items": 100, "custom_fields": 3, "shipping_options": 5}

// checkArrays refuses a list param longer than Stripe takes.
func checkArrays(p map[string]any) *apiError {
	for _, k := range []string{"custom_fields", "line_items", "shipping_options"} {
		if l, ok := p[k].([]any); ok && len(l) > maxItems[k] {
			return invalid(k, msgTooManyItems, maxItems[k], k, len(l))
		}
	}
	return nil
}
