package localserver

import (
	"net/http"
	"slices"
)

// The update, delete and list operations of the objects a session
// references (customers, products, prices, coupons, promotion codes),
// kept per account like their create and retrieve (objects.go). Sessions
// see the result: a deleted customer, product or coupon is unknown to
// them, an inactive price or promotion code is refused (rules.go).

// updaters apply the params of POST /v1/{collection}/{id} to an object
// of the account: the fields Stripe's update takes for that collection
// (https://docs.stripe.com/api, each object's "Update" section);
// metadata is merged as on a session's update. The caller holds s.mu.
var updaters = map[string]func(o, p map[string]any) *apiError{
	"customers": func(o, p map[string]any) *apiError {
		setNullable(o, p, "email", "name", "phone", "description")
		if addr, ok := p["address"]; ok {
			o["address"] = nil
			if m, _ := addr.(map[string]any); m != nil {
				out := map[string]any{}
				for _, k := range []string{"city", "country", "line1", "line2", "postal_code", "state"} {
					out[k] = strOrNil(m, k)
				}
				o["address"] = out
			}
		}
		if _, ok := p["preferred_locales"]; ok {
			o["preferred_locales"] = stringList(p["preferred_locales"])
		}
		return nil
	},
	"products": func(o, p map[string]any) *apiError {
		if v, ok := p["name"]; ok {
			if s, _ := v.(string); s == "" {
				return missingParam("name")
			}
			o["name"] = p["name"]
		}
		setBool(o, p, "active", "shippable")
		setNullable(o, p, "description", "statement_descriptor", "tax_code", "unit_label", "url")
		if _, ok := p["images"]; ok {
			o["images"] = stringList(p["images"])
		}
		return nil
	},
	"prices": func(o, p map[string]any) *apiError {
		setBool(o, p, "active")
		setNullable(o, p, "nickname", "lookup_key")
		if v := str(p, "tax_behavior"); v != "" {
			o["tax_behavior"] = v
		}
		return nil
	},
	"coupons": func(o, p map[string]any) *apiError {
		setNullable(o, p, "name")
		return nil
	},
	"promotion_codes": func(o, p map[string]any) *apiError {
		setBool(o, p, "active")
		return nil
	},
}

// setNullable sets each of keys that p has to its string, or null for
// an empty one (Stripe unsets a field posted empty).
func setNullable(o, p map[string]any, keys ...string) {
	for _, k := range keys {
		if _, ok := p[k]; ok {
			o[k] = strOrNil(p, k)
		}
	}
}

// setBool sets each of keys that p has to its boolean.
func setBool(o, p map[string]any, keys ...string) {
	for _, k := range keys {
		if _, ok := p[k]; ok {
			o[k] = boolParam(p, k)
		}
	}
}

// deletable are the collections Stripe deletes objects of (DELETE
// /v1/{collection}/{id} in the spec); prices and promotion codes have no
// delete, only active=false.
var deletable = map[string]bool{"customers": true, "products": true, "coupons": true}

// liveObject is an object of the account for an object route: Stripe's
// 404 resource_missing for an id it does not have or has deleted. The
// caller holds s.mu.
func (a *account) liveObject(c *call) (map[string]any, *apiError) {
	k := kinds[c.coll]
	o := a.object(k.object, c.id)
	if o == nil {
		e := noSuchObject(http.StatusNotFound, k.object, c.id, "id")
		e.Validation = false
		return nil, e
	}
	return o, nil
}

// updateObject answers POST /v1/{collection}/{id}: the account's object
// with the params applied. An object deleted before is not found (the
// spec gives update no answer for a deleted object: the 404 of an
// unknown id is the closest documented one).
func (s *Server) updateObject(c *call) (any, *apiError) {
	if err := checkMetadata(c.params); err != nil {
		return nil, err
	}
	return s.onLiveObject(c, func(a *account, o map[string]any) (any, *apiError) {
		return a.update(c, o)
	})
}

// update is [Server.updateObject] once the object o is found.
func (a *account) update(c *call, o map[string]any) (any, *apiError) {
	next := cloneMap(o)
	if err := updaters[c.coll](next, c.params); err != nil {
		return nil, err
	}
	if m, ok := c.params["metadata"]; ok {
		next["metadata"] = mergeMetadata(next["metadata"], m)
	}
	if _, ok := next["updated"]; ok {
		next["updated"] = a.now
	}
	a.put(next)
	return cloneMap(next), nil
}

// deleteObject answers DELETE /v1/{collection}/{id} with Stripe's
// deleted_… object ({id, object, deleted: true}); from then on the id is
// unknown to sessions, to update and to retrieve (a customer's retrieve
// answers the deleted_customer object, as the spec's anyOf allows).
//
// The spec says a product can be deleted "only if it has no prices
// associated with it"; it gives no message, so the refusal's wording is
// chosen (msgProductHasPrices).
func (s *Server) deleteObject(c *call) (any, *apiError) {
	return s.onLiveObject(c, func(a *account, o map[string]any) (any, *apiError) {
		return a.delete(c, o)
	})
}

// onLiveObject calls f, under the server's lock, with the account of c
// and its object c names, when that exists and is not deleted.
func (s *Server) onLiveObject(c *call, f func(a *account, o map[string]any) (any, *apiError)) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(c.key)
	o, err := a.liveObject(c)
	if err != nil {
		return nil, err
	}
	return f(a, o)
}

// delete is [Server.deleteObject] once the object o is found.
func (a *account) delete(c *call, o map[string]any) (any, *apiError) {
	object := str(o, "object")
	if object == "product" {
		for _, pr := range a.objects["price"] {
			if idOf(pr["product"]) == c.id {
				return nil, invalid("", msgProductHasPrices)
			}
		}
	}
	if object == "coupon" {
		// "A promotion code is only active if the coupon is also valid"
		// (spec text on promotion_code.active).
		for _, pc := range a.objects["promotion_code"] {
			if str(sub(pc, "promotion"), "coupon") == c.id {
				pc["active"] = false
			}
		}
	}
	delete(a.objects[object], c.id)
	a.objOrder[object] = slices.DeleteFunc(a.objOrder[object], func(id string) bool { return id == c.id })
	if a.deleted[object] == nil {
		a.deleted[object] = map[string]bool{}
	}
	a.deleted[object][c.id] = true
	return deletedStub(object, c.id), nil
}

func deletedStub(object, id string) map[string]any {
	return map[string]any{"id": id, "object": object, "deleted": true}
}

// listObjects answers GET /v1/{collection}: the account's objects,
// newest first, paginated as the session list is ([pageParams], [page]),
// filtered by the list params the server models (created, customer,
// email, active, currency, type, product, coupon, code, ids,
// lookup_keys).
func (s *Server) listObjects(c *call) (any, *apiError) {
	k := kinds[c.coll]
	limit, after, before, err := pageParams(c.params)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(c.key)
	ids := a.objOrder[k.object]
	var all []map[string]any
	for i := len(ids) - 1; i >= 0; i-- { // creation order reversed: newest first, ties by sequence
		o := a.object(k.object, ids[i])
		ok, err := objectMatches(o, c.params)
		if err != nil {
			return nil, err
		}
		if ok {
			all = append(all, o)
		}
	}
	data, more, err := page(all, limit, after, before, func(param, id string) *apiError {
		e := noSuchObject(http.StatusNotFound, k.object, id, param)
		e.Validation = false
		return e
	})
	if err != nil {
		return nil, err
	}
	for i, o := range data {
		data[i] = cloneMap(o.(map[string]any))
	}
	return list(data, more, "/v1/"+c.coll), nil
}

// objectMatches applies an object list's filters to one object.
func objectMatches(o, p map[string]any) (bool, *apiError) {
	if ok, err := matches(o, map[string]any{"created": p["created"], "customer": p["customer"]}); !ok || err != nil {
		return ok, err
	}
	for _, k := range []string{"email", "currency", "type", "code", "product"} {
		if v := str(p, k); v != "" && idOf(o[k]) != v {
			return false, nil
		}
	}
	if v := str(p, "active"); v != "" && o["active"] != (v == "true") {
		return false, nil
	}
	if v := str(p, "coupon"); v != "" && str(sub(o, "promotion"), "coupon") != v {
		return false, nil
	}
	if l := stringList(p["ids"]); len(l) > 0 && !slices.Contains(l, any(o["id"])) {
		return false, nil
	}
	if l := stringList(p["lookup_keys"]); len(l) > 0 && !slices.Contains(l, o["lookup_key"]) {
		return false, nil
	}
	return true, nil
}
