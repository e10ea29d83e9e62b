// Package outcome is the one rule, shared by record and verify, that
// decides whether the exchange a scenario step got is a success: the
// answer a client could use, and the one the step asked for.
//
// [Check] fails an exchange when
//
//   - the body is not JSON at all ([contracts.KindInvalidJSON]);
//   - the client could not decode it into its types, or it was larger
//     than the client accepts ([contracts.KindClientDecode]): a number
//     its Go type cannot hold (2000.0, 1e2, 1e400 or a value beyond
//     int64 for an int64 field), a string where it wants a number (as
//     a case-variant duplicate key such as "AMOUNT_TOTAL" beside
//     "amount_total" makes it), a body cut short;
//   - the status is not 2xx (a 3xx redirect, a 4xx or 5xx error) and
//     no expectation of the step that applies to the recording (see
//     [scenario.StepResult.Applicable]) states a status or an error
//     ([contracts.KindUnexpectedError]): an expect_stateful status does
//     not excuse a 401 recorded from stripe-mock.
//
// record does not save a scenario one of whose steps fails the rule;
// verify reports the failure as a finding of the same kind.
package outcome

import (
	"errors"
	"fmt"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
)

// Failure is why an exchange is not a success.
type Failure struct {
	// Kind is the finding kind: [contracts.KindInvalidJSON],
	// [contracts.KindClientDecode] or [contracts.KindUnexpectedError].
	Kind contracts.Kind
	// Path is the JSON path of the field the client could not decode;
	// "" when the body or the status as a whole is the problem.
	Path string
	// Message says what is wrong in one line, without the step's name.
	Message string
}

// Error returns the message.
func (f *Failure) Error() string { return f.Message }

// Check applies the rule to one step's result, recorded from a server
// that keeps state (stateful) or not; nil means success, and also that no
// response arrived (sr.Err says why).
func Check(sr scenario.StepResult, stateful bool) *Failure {
	resp := sr.Response
	if resp == nil {
		return nil
	}
	code := resp.StatusCode
	if (code < 200 || code > 299) && !expectsStatus(sr, stateful) {
		return &Failure{Kind: contracts.KindUnexpectedError, Message: unexpected(resp, sr.JSON)}
	}
	var de *client.DecodeError
	if !errors.As(sr.ClientErr, &de) {
		return nil
	}
	switch {
	case de.Path != "":
		return &Failure{Kind: contracts.KindClientDecode, Path: de.Path,
			Message: fmt.Sprintf("the client cannot decode %s: %s does not fit its Go type %s", de.Path, de.Value, de.GoType)}
	case errors.Is(de, client.ErrResponseTooLarge):
		return &Failure{Kind: contracts.KindClientDecode, Message: fmt.Sprintf("the client cannot use the response: %v", de.Err)}
	case sr.JSON == nil && len(resp.Body) > 0:
		return &Failure{Kind: contracts.KindInvalidJSON, Message: fmt.Sprintf("HTTP %d body is not JSON, so the client cannot decode it: %v", code, de.Err)}
	}
	return &Failure{Kind: contracts.KindClientDecode, Message: fmt.Sprintf("the client cannot decode the response: %v", de.Err)}
}

// expectsStatus reports whether an expectation of the step that applies
// states the status or error it wants: only then may its answer be a
// non-2xx one.
func expectsStatus(sr scenario.StepResult, stateful bool) bool {
	apply, _ := sr.Applicable(stateful)
	for _, e := range apply {
		if e.Status != 0 || e.Error != nil {
			return true
		}
	}
	return false
}

// unexpected describes a non-2xx answer no expectation asks for.
func unexpected(resp *client.Response, body any) string {
	code := resp.StatusCode
	if code >= 300 && code <= 399 {
		where := ""
		if loc := resp.Header.Get("Location"); loc != "" {
			where = " to " + loc
		}
		return fmt.Sprintf("got HTTP %d (a redirect%s); the client does not follow redirects and no expect asks for this status", code, where)
	}
	return fmt.Sprintf("got HTTP %d%s; no expect asks for an error status", code, errorMessage(body))
}

// errorMessage quotes Stripe's error message from a decoded body, if any.
func errorMessage(body any) string {
	obj, _ := body.(map[string]any)
	e, _ := obj["error"].(map[string]any)
	if msg, ok := e["message"].(string); ok {
		return fmt.Sprintf(" (%q)", msg)
	}
	return ""
}
