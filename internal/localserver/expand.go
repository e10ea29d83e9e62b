//go:generate go run ./internal/genexpand zz_expandable.go

package localserver

import (
	"net/url"
	"strings"
)

// maxExpandDepth is how many levels of a property Stripe expands.
const maxExpandDepth = 4

// expandObjectOf maps a field that holds an id to the kind of object the
// account keeps for it.
var expandObjectOf = map[string]string{
	"customer": "customer", "payment_intent": "payment_intent", "setup_intent": "setup_intent",
	"subscription": "subscription", "invoice": "invoice", "latest_invoice": "invoice", "product": "product",
	"price": "price", "coupon": "coupon", "promotion_code": "promotion_code", "shipping_rate": "shipping_rate",
	"default_price": "price",
}

// expandFallback maps the fields the account keeps no object for to the
// stripe-mock path their fixture is fetched from.
var expandFallback = map[string]string{
	"payment_link":   "/v1/payment_links/",
	"payment_method": "/v1/payment_methods/",
	"latest_charge":  "/v1/charges/",
}

// rootSchema is the schema an operation answers with, and whether it is
// a list of them.
func rootSchema(op, coll string) (string, bool) {
	switch op {
	case "list":
		return "checkout.session", true
	case "list_line_items":
		return "item", true
	case "list_events":
		return "event", true
	case "retrieve_event":
		return "event", false
	case "create_object", "retrieve_object", "update_object", "delete_object":
		return kinds[coll].object, false
	case "list_object":
		return kinds[coll].object, true
	}
	return "checkout.session", false
}

// checkExpand applies Stripe's rules to the expand params: at most four
// levels, each a field the spec marks expandable (x-expandableFields)
// on the object at that level; on a list, paths start with data.
func checkExpand(op, coll string, paths []string) *apiError {
	root, isList := rootSchema(op, coll)
	for _, p := range paths {
		segs := strings.Split(p, ".")
		if len(segs) > maxExpandDepth {
			return invalid("", msgExpandDepth)
		}
		schema := root
		if isList {
			schema = "list:" + root
		}
		for _, seg := range segs {
			if rest, ok := strings.CutPrefix(schema, "list:"); ok {
				if seg != "data" {
					return invalid("", msgCannotExpand, seg)
				}
				schema = rest
				continue
			}
			target, ok := expandableFields[schema][seg]
			if !ok {
				return invalid("", msgCannotExpand, seg)
			}
			schema = target
		}
	}
	return nil
}

// expandObjects replaces ids by objects where the request's expand param
// asks for them, after the lock is released: the account's objects, or
// stripe-mock's for those it does not keep.
func (s *Server) expandObjects(c *call, obj any) *apiError {
	paths := expandList(c.params) // checked by runOp before the operation ran ([checkExpand])
	for _, e := range paths {
		if err := s.expandAt(c, obj, strings.Split(e, ".")); err != nil {
			return err
		}
	}
	return nil
}

// expandAt expands path inside v, expanding each id along the way
// (payment_intent.customer expands both) and every element of a list.
func (s *Server) expandAt(c *call, v any, path []string) *apiError {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if err := s.expandAt(c, e, path); err != nil {
				return err
			}
		}
	case map[string]any:
		if len(path) == 0 {
			return nil
		}
		f := path[0]
		if id, ok := x[f].(string); ok {
			obj, err := s.expandID(c, f, id)
			if err != nil {
				return err
			}
			if obj != nil {
				x[f] = obj
			}
		}
		return s.expandAt(c, x[f], path[1:])
	}
	return nil
}

// expandID is the object an id field names: the account's, or
// stripe-mock's fixture for kinds the account does not keep; nil when
// the field is not an id of either.
func (s *Server) expandID(c *call, field, id string) (map[string]any, *apiError) {
	if object, ok := expandObjectOf[field]; ok {
		s.mu.Lock()
		o := s.account(c.key).object(object, id)
		s.mu.Unlock()
		if o != nil {
			return cloneMap(o), nil
		}
	}
	if base, ok := expandFallback[field]; ok {
		return s.fetchObject(c, base+url.PathEscape(id))
	}
	return nil, nil
}
