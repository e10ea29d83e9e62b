package localserver

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// view is the session as the API returns it: a copy of its state, with
// its line items when expand asks for line_items (the first ten, as
// Stripe includes "the first handful"). Other expansions are made by
// [Server.expandObjects] once the lock is released.
func view(sess *session, expand []string) map[string]any {
	o := cloneMap(sess.obj)
	for _, e := range expand {
		if head, _, _ := strings.Cut(e, "."); head == "line_items" {
			data, more, _ := page(sess.items, 10, "", "", nil)
			for i, d := range data {
				data[i] = cloneMap(d.(map[string]any))
			}
			o["line_items"] = list(data, more, itemsURL(sess.id()))
		}
	}
	return o
}

func itemsURL(id string) string { return "/v1/checkout/sessions/" + id + "/line_items" }

func list(data []any, more bool, url string) map[string]any {
	return map[string]any{"object": "list", "data": data, "has_more": more, "url": url}
}

// lookup finds a session of the caller's account; the caller holds s.mu.
func (s *Server) lookup(c *call) (*account, *session, *apiError) {
	a := s.account(c.key)
	sess, err := a.session(c.id)
	return a, sess, err
}

func (s *Server) retrieve(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, sess, err := s.lookup(c)
	if err != nil {
		return nil, err
	}
	return view(sess, expandList(c.params)), nil
}

func (s *Server) expire(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, sess, err := s.lookup(c)
	if err != nil {
		return nil, err
	}
	if st := sess.status(); st != "open" {
		return nil, notOpen("expired", st)
	}
	t := a.transition(sess, "expired")
	s.emit(a, &t, EventExpired, sess, requestOf(c.r))
	c.fired = append(c.fired, t)
	return view(sess, expandList(c.params)), nil
}

// limitParam reads limit: 1 to 100, default 10.
func limitParam(p map[string]any) (int, *apiError) {
	v, ok := p["limit"].(string)
	if !ok {
		return 10, nil
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		return 0, invalidInteger("limit", v)
	case n < 1:
		return 0, invalid("limit", msgLimitMin)
	case n > 100:
		return 0, invalid("limit", msgLimitMax)
	}
	return n, nil
}

// page cuts one page out of all (in list order) after the cursor
// starting_after, or before ending_before, and says whether more remain
// in that direction. missing makes the error for an unknown cursor.
func page(all []map[string]any, limit int, after, before string, missing func(param, id string) *apiError) ([]any, bool, *apiError) {
	index := func(id string) int {
		return slices.IndexFunc(all, func(o map[string]any) bool { return o["id"] == id })
	}
	lo, hi := 0, len(all)
	switch {
	case after != "":
		i := index(after)
		if i < 0 {
			return nil, false, missing("starting_after", after)
		}
		lo = i + 1
	case before != "":
		i := index(before)
		if i < 0 {
			return nil, false, missing("ending_before", before)
		}
		hi = i
	}
	var more bool
	if before != "" && after == "" {
		more = hi-lo > limit
		lo = max(lo, hi-limit)
	} else {
		more = hi-lo > limit
		hi = min(hi, lo+limit)
	}
	data := make([]any, 0, hi-lo)
	for _, o := range all[lo:hi] {
		data = append(data, o)
	}
	return data, more, nil
}

// pageParams reads a list's limit (see [limitParam]), then its cursors
// starting_after and ending_before, which exclude each other.
func pageParams(p map[string]any) (limit int, after, before string, err *apiError) {
	if limit, err = limitParam(p); err != nil {
		return 0, "", "", err
	}
	after, before = str(p, "starting_after"), str(p, "ending_before")
	if after != "" && before != "" {
		return 0, "", "", onlyOneOf("ending_before", "starting_after")
	}
	return limit, after, before, nil
}

func (s *Server) list(c *call) (any, *apiError) {
	p := c.params
	limit, after, before, err := pageParams(p)
	if err != nil {
		return nil, err
	}
	var expand []string
	for _, e := range expandList(p) {
		if rest, ok := strings.CutPrefix(e, "data."); ok {
			expand = append(expand, rest)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(c.key)
	var match []*session
	for _, sess := range a.order {
		ok, err := matches(sess.obj, p)
		if err != nil {
			return nil, err
		}
		if ok {
			match = append(match, sess)
		}
	}
	slices.SortStableFunc(match, func(x, y *session) int { // newest first; ties by sequence
		if c := compareInt(y.created(), x.created()); c != 0 {
			return c
		}
		return y.seq - x.seq
	})
	all := make([]map[string]any, len(match))
	for i, sess := range match {
		all[i] = sess.obj
	}
	data, more, err := page(all, limit, after, before, func(param, id string) *apiError {
		e := noSuchSession(id)
		e.Param = param
		return e
	})
	if err != nil {
		return nil, err
	}
	for i, o := range data {
		data[i] = view(a.sessions[o.(map[string]any)["id"].(string)], expand)
	}
	return list(data, more, "/v1/checkout/sessions"), nil
}

func compareInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// matches applies the list filters to one session.
func matches(o, p map[string]any) (bool, *apiError) {
	for _, k := range []string{"status", "customer", "customer_account", "payment_intent", "payment_link", "subscription"} {
		if v, ok := p[k].(string); ok && v != "" && idOf(o[k]) != v {
			return false, nil
		}
	}
	if email := str(sub(p, "customer_details"), "email"); email != "" {
		cd, _ := o["customer_details"].(map[string]any)
		if str(cd, "email") != email {
			return false, nil
		}
	}
	created := toInt(o["created"])
	switch v := p["created"].(type) {
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return false, invalidInteger("created", v)
		}
		return created == n, nil
	case map[string]any:
		for op, raw := range v {
			n, err := strconv.ParseInt(fmt.Sprint(raw), 10, 64)
			if err != nil {
				return false, invalidInteger("created["+op+"]", fmt.Sprint(raw))
			}
			ok := map[string]bool{"gt": created > n, "gte": created >= n, "lt": created < n, "lte": created <= n}[op]
			if !ok {
				return false, nil
			}
		}
	}
	return true, nil
}

// idOf is the id of a field that holds an id or an expanded object.
func idOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		return str(x, "id")
	}
	return ""
}

func (s *Server) listLineItems(c *call) (any, *apiError) {
	limit, after, before, err := pageParams(c.params)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, sess, err := s.lookup(c)
	if err != nil {
		return nil, err
	}
	data, more, err := page(sess.items, limit, after, before, func(param, id string) *apiError {
		return &apiError{Status: http.StatusNotFound, Type: "invalid_request_error", Code: "resource_missing", Param: param,
			Message: fmt.Sprintf(msgNoSuchLineItem, id)}
	})
	if err != nil {
		return nil, err
	}
	for i, it := range data {
		data[i] = cloneMap(it.(map[string]any))
	}
	return list(data, more, itemsURL(sess.id())), nil
}

// update applies what Stripe lets an open session change: metadata,
// shipping_options, line_items (elements sessions only) and
// collected_information (embedded_page and elements sessions only).
func (s *Server) update(c *call) (any, *apiError) {
	p := c.params
	if err := checkMetadata(p); err != nil {
		return nil, err
	}
	if err := checkArrays(p); err != nil {
		return nil, err
	}
	var specs []lineSpec
	rawLines, hasLines := p["line_items"]
	if hasLines {
		lines, _ := rawLines.([]any)
		var err *apiError
		if specs, err = s.resolveLines(c, lines, "line_items", true); err != nil {
			return nil, err
		}
		if err := s.loadBases(c); err != nil {
			return nil, mockDown(err)
		}
	}
	rawShip, hasShip := p["shipping_options"]
	ships, err := s.resolveShipping(c, rawShip)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, sess, err := s.lookup(c)
	if err != nil {
		return nil, err
	}
	o := sess.obj
	if st := sess.status(); st != "open" {
		return nil, notOpen("updated", st)
	}
	uiMode, _ := o["ui_mode"].(string)
	if hasLines {
		switch {
		case uiMode != "elements":
			return nil, invalid("line_items", msgUpdateLinesUIMode, uiMode)
		case o["mode"] == "setup":
			return nil, invalid("line_items", msgSetupLineItems)
		case len(specs) == 0:
			return nil, invalid("line_items", msgNeedsLineItem, o["mode"])
		}
	}
	_, hasInfo := p["collected_information"]
	if hasInfo && uiMode == "hosted_page" {
		return nil, invalid("collected_information", msgUpdateInfoUIMode)
	}
	if hasShip && !hasLines && o["mode"] != "setup" {
		if err := checkAmounts(sess.items, firstShipping(o, ships, true)); err != nil {
			return nil, err
		}
	}
	// Every check has passed: change the session.
	if hasLines {
		items, err := s.updateItems(sess, specs, a.now)
		if err != nil {
			return nil, err
		}
		if err := checkAmounts(items, firstShipping(o, ships, hasShip)); err != nil {
			return nil, err
		}
		sess.items = items
	}
	if m, ok := p["metadata"]; ok {
		o["metadata"] = mergeMetadata(o["metadata"], m)
	}
	if hasShip {
		o["shipping_options"] = shippingOptions(sess, ships)
	}
	if hasInfo {
		o["collected_information"] = collectedInformation(sub(p, "collected_information"))
	}
	recompute(sess)
	return view(sess, expandList(p)), nil
}

// firstShipping is the amount of the shipping option Checkout
// preselects: the first of the new options when they change, else of the
// session's.
func firstShipping(o map[string]any, ships []shipOpt, changed bool) int64 {
	if changed {
		if len(ships) > 0 {
			return ships[0].amount
		}
		return 0
	}
	if opts, _ := o["shipping_options"].([]any); len(opts) > 0 {
		return toInt(opts[0].(map[string]any)["shipping_amount"])
	}
	return 0
}

// updateItems builds the new item list: an entry with an id keeps (and
// may change) that item, one without adds an item, and items left out are
// removed.
func (s *Server) updateItems(sess *session, specs []lineSpec, now int64) ([]map[string]any, *apiError) {
	var out []map[string]any
	for i, sp := range specs {
		if sp.keep == "" {
			out = append(out, s.materialize(sess, sp, now))
			continue
		}
		j := slices.IndexFunc(sess.items, func(it map[string]any) bool { return it["id"] == sp.keep })
		if j < 0 {
			return nil, invalid(fmt.Sprintf("line_items[%d][id]", i), msgNoSuchLineItem, sp.keep)
		}
		item := cloneMap(sess.items[j])
		if sp.hasQty {
			item["quantity"] = sp.quantity
		}
		if sp.price != nil || sp.inline != nil {
			fresh := s.materialize(sess, sp, now)
			item["price"], item["description"] = fresh["price"], fresh["description"]
		}
		if sp.adjustable != nil {
			item["adjustable_quantity"] = adjustable(sp.adjustable)
		}
		out = append(out, item)
	}
	return out, nil
}

// mergeMetadata applies metadata params: an empty value unsets its key,
// an empty metadata unsets every key.
func mergeMetadata(cur, param any) map[string]any {
	out := map[string]any{}
	if m, ok := cur.(map[string]any); ok {
		for k, v := range m {
			out[k] = v
		}
	}
	pm, ok := param.(map[string]any)
	if !ok {
		return map[string]any{} // "metadata=": unset all
	}
	for k, v := range pm {
		if sv, _ := v.(string); sv == "" {
			delete(out, k)
		} else {
			out[k] = sv
		}
	}
	return out
}

func collectedInformation(p map[string]any) any {
	sd := sub(p, "shipping_details")
	var details any
	if sd != nil {
		addr := sub(sd, "address")
		a := map[string]any{}
		for _, k := range []string{"city", "country", "line1", "line2", "postal_code", "state"} {
			a[k] = strOrNil(addr, k)
		}
		details = map[string]any{"address": a, "name": str(sd, "name")}
	}
	return map[string]any{"business_name": nil, "individual_name": nil, "shipping_details": details}
}
