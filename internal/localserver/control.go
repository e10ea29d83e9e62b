package localserver

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"
)

// The control endpoints, under [ControlPrefix]. They act on the account
// the request's API key selects, like the API does.
var (
	payPath   = regexp.MustCompile(`^` + ControlPrefix + `sessions/([^/]+)/pay$`)
	clockPath = ControlPrefix + "clock"
)

// control answers a local-only control request:
//
//	POST /_checkoutvcr/sessions/{id}/pay   complete an open session, as a customer paying would;
//	                                       outcome=paid (default), delayed_success or delayed_failure
//	GET  /_checkoutvcr/clock               the account's clock
//	POST /_checkoutvcr/clock               advance it: seconds=N (N ≥ 0)
func (s *Server) control(w http.ResponseWriter, r *http.Request, body []byte) {
	key := apiKey(r)
	if key == "" {
		writeError(w, &apiError{Status: http.StatusUnauthorized, Type: "invalid_request_error",
			Message: msgNoAPIKey})
		return
	}
	if m := payPath.FindStringSubmatch(r.URL.Path); m != nil && r.Method == http.MethodPost {
		id, _ := url.PathUnescape(m[1])
		vals, _ := url.ParseQuery(string(body))
		obj, ts, err := s.pay(key, id, Outcome(vals.Get("outcome")))
		s.fire(ts)
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, encode(obj), nil)
		return
	}
	if r.URL.Path == clockPath {
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, clockBody(s.Now(key)), nil)
		case http.MethodPost:
			vals, _ := url.ParseQuery(string(body))
			n, err := strconv.ParseInt(vals.Get("seconds"), 10, 64)
			if err != nil || n < 0 {
				writeError(w, invalid("seconds", "seconds must be a whole number of seconds, 0 or more; got %q.", vals.Get("seconds")))
				return
			}
			now, ok := s.advanceSeconds(key, n)
			if !ok {
				writeError(w, invalid("seconds", "seconds=%d would move the clock past the year 9999 (at most %d from now).", n, MaxClock-s.Now(key).Unix()))
				return
			}
			writeJSON(w, http.StatusOK, clockBody(now), nil)
		default:
			writeError(w, &apiError{Status: http.StatusMethodNotAllowed, Type: "invalid_request_error", Message: "Use GET or POST on " + clockPath + "."})
		}
		return
	}
	writeError(w, &apiError{Status: http.StatusNotFound, Type: "invalid_request_error",
		Message: "Unrecognized control request (" + r.Method + ": " + r.URL.Path + "). Control endpoints: POST " +
			ControlPrefix + "sessions/{id}/pay, GET and POST " + clockPath + "."})
}

func clockBody(now time.Time) []byte {
	return encode(map[string]any{"object": "checkoutvcr.clock", "now": now.Unix()})
}

// Pay completes an open session of the account key selects, as a customer
// finishing Checkout would: status complete; payment_status paid (setup
// mode: no_payment_required); a payment_intent (payment mode), a
// subscription, invoice and customer (subscription mode) or a
// setup_intent (setup mode); customer_details with the customer's email
// (customer_email, or customer@example.com). It returns the session as
// the API would.
func (s *Server) Pay(key, id string) (map[string]any, error) {
	return s.PayWith(key, id, OutcomePaid)
}

// Outcome is how a payment ends, for [Server.PayWith] and the pay control
// endpoint's outcome parameter.
type Outcome string

// The outcomes of a payment.
const (
	// OutcomePaid is a card payment: the session completes paid and
	// emits checkout.session.completed. The empty Outcome means it too.
	OutcomePaid Outcome = "paid"
	// OutcomeDelayedSuccess is a delayed payment method (a bank debit)
	// that later succeeds: the session completes unpaid
	// (checkout.session.completed), then becomes paid
	// (checkout.session.async_payment_succeeded). Payment and
	// subscription mode only.
	OutcomeDelayedSuccess Outcome = "delayed_success"
	// OutcomeDelayedFailure is a delayed payment method that later
	// fails: the session completes unpaid (checkout.session.completed)
	// and stays unpaid (checkout.session.async_payment_failed). Payment
	// and subscription mode only.
	OutcomeDelayedFailure Outcome = "delayed_failure"
)

// PayWith is [Server.Pay] with the payment's outcome.
func (s *Server) PayWith(key, id string, outcome Outcome) (map[string]any, error) {
	obj, ts, err := s.pay(key, id, outcome)
	s.fire(ts)
	if err != nil {
		return nil, err
	}
	return obj, nil
}

func (s *Server) pay(key, id string, outcome Outcome) (map[string]any, []Transition, *apiError) {
	switch outcome {
	case "", OutcomePaid, OutcomeDelayedSuccess, OutcomeDelayedFailure:
	default:
		return nil, nil, invalid("outcome", "outcome must be one of paid, delayed_success, delayed_failure; got %q.", outcome)
	}
	delayed := outcome == OutcomeDelayedSuccess || outcome == OutcomeDelayedFailure
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(key)
	sess, err := a.session(id)
	if err != nil {
		return nil, nil, err
	}
	if st := sess.status(); st != "open" {
		return nil, nil, notOpen("paid", st)
	}
	o := sess.obj
	if delayed && o["mode"] == "setup" {
		return nil, nil, invalid("outcome", "outcome %s needs a session in payment or subscription mode; this one is in setup mode.", outcome)
	}
	email, _ := o["customer_email"].(string)
	if cd, ok := o["customer_details"].(map[string]any); ok && email == "" {
		email, _ = cd["email"].(string)
	}
	if email == "" {
		email = "customer@example.com"
	}
	if o["customer"] == nil && (o["mode"] == "subscription" || o["customer_creation"] == "always") {
		cus := cloneMap(s.bases["customer"])
		cus["id"], cus["object"], cus["livemode"], cus["created"] = a.newID("cus_", "customer"), "customer", false, a.now
		cus["metadata"] = map[string]any{}
		fillCustomer(s, a, cus, map[string]any{"email": email})
		a.put(cus)
		o["customer"] = cus["id"]
	}
	if o["customer_details"] == nil || str(o["customer_details"].(map[string]any), "email") == "" {
		cd := customerDetails(email)
		if old, ok := o["customer_details"].(map[string]any); ok {
			old["email"] = email
			cd = old
		}
		o["customer_details"] = cd
	}
	piStatus := "succeeded"
	if delayed {
		piStatus = "processing"
	}
	s.settle(a, o, piStatus)
	switch o["mode"] {
	case "payment", "subscription":
		o["payment_status"] = "paid"
	case "setup":
		o["payment_status"] = "no_payment_required"
	}
	if tax, ok := o["automatic_tax"].(map[string]any); ok && tax["enabled"] == true {
		tax["status"] = "complete"
	}
	if delayed {
		o["payment_status"] = "unpaid"
	}
	t := a.transition(sess, "complete")
	s.emit(a, &t, EventCompleted, sess, eventRequest{})
	switch outcome {
	case OutcomeDelayedSuccess:
		o["payment_status"] = "paid"
		s.settleLater(a, o, true)
		s.emit(a, &t, EventAsyncPaymentSucceeded, sess, eventRequest{})
	case OutcomeDelayedFailure:
		s.settleLater(a, o, false)
		s.emit(a, &t, EventAsyncPaymentFailed, sess, eventRequest{})
	}
	t.Object = json.RawMessage(encode(o))
	return cloneMap(o), []Transition{t}, nil
}
