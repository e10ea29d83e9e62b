package localserver

import (
	"net/url"
	"strings"
)

// expandable maps each field the server expands by id to the stripe-mock
// path its object is fetched from. An expanded field gets stripe-mock's
// object for that id; a null field stays null.
var expandable = map[string]string{
	"customer":       "/v1/customers/",
	"invoice":        "/v1/invoices/",
	"payment_intent": "/v1/payment_intents/",
	"payment_link":   "/v1/payment_links/",
	"product":        "/v1/products/",
	"setup_intent":   "/v1/setup_intents/",
	"subscription":   "/v1/subscriptions/",
}

// expandObjects replaces ids by objects where the request's expand param
// asks for them, after the lock is released: the objects come from
// stripe-mock.
func (s *Server) expandObjects(c *call, op string, obj any) *apiError {
	m, ok := obj.(map[string]any)
	if !ok {
		return nil
	}
	for _, e := range expandList(c.params) {
		parts := strings.Split(e, ".")
		if op == "list" || op == "list_line_items" {
			if parts[0] != "data" {
				continue
			}
			parts = parts[1:]
		}
		var targets []map[string]any
		if op == "list" || op == "list_line_items" {
			data, _ := m["data"].([]any)
			for _, d := range data {
				dm, _ := d.(map[string]any)
				targets = append(targets, dm)
			}
		} else {
			targets = []map[string]any{m}
		}
		for _, t := range targets {
			if err := s.expandPath(c, t, parts); err != nil {
				return err
			}
		}
	}
	return nil
}

// expandPath expands the last field of path inside o, following objects
// along the way (price.product).
func (s *Server) expandPath(c *call, o map[string]any, path []string) *apiError {
	for len(path) > 1 {
		next, ok := o[path[0]].(map[string]any)
		if !ok {
			return nil
		}
		o, path = next, path[1:]
	}
	if len(path) == 0 {
		return nil
	}
	field := path[0]
	id, ok := o[field].(string)
	base, known := expandable[field]
	if !ok || !known {
		return nil
	}
	obj, err := s.fetchObject(c, base+url.PathEscape(id))
	if err != nil {
		return err
	}
	o[field] = obj
	return nil
}
