package contracts

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Exchange is one recorded request and its response, as [Set.CheckExchange]
// checks it: typically one interaction of a cassette.
type Exchange struct {
	// Method and Path are the request's method and URL path, without the
	// query: "POST", "/v1/checkout/sessions/cs_test_123/expire".
	Method, Path string
	// Query are the request's query parameters, Form its form body's; nil
	// means none.
	Query, Form url.Values
	// Status is the response's status code.
	Status int
	// Header is the response's headers; nil means none.
	Header http.Header
	// Body is the response body as recorded.
	Body []byte
	// JSON is Body decoded (numbers as json.Number), when the caller has
	// decoded it already; nil means Body is decoded here.
	JSON any
	// File and Line are where the exchange is recorded ("cassettes/x.yaml",
	// the line its interaction starts on), and Interaction its id there;
	// they are copied into each [Finding]. "" and 0 mean unknown.
	File        string
	Line        int
	Interaction int
}

// ExchangeOptions configure [Set.CheckExchange].
type ExchangeOptions struct {
	// Op names the operation the exchange is for; "" means the one
	// [Set.Lookup] finds from its method and path.
	Op string
	// SkipRequest leaves the request's parameters unchecked, for a request
	// meant to be rejected; false checks them.
	SkipRequest bool
}

// Finding is one problem found in an [Exchange]: a [Violation] of its
// request (Kind is then the request_ form, [Kind.Request]) or response,
// or an operation the contracts cannot check it against.
type Finding struct {
	// Violation is what broke the contract; Path is the JSON path in the
	// response, or the parameter's in the request.
	Violation
	// Severity is Kind's default severity ([Kind.Severity]).
	Severity Severity
	// Request is true for a finding about the request's parameters.
	Request bool
	// Message is a sentence for a finding without a path ([KindStepFailed]:
	// the contract could not be checked); "" otherwise.
	Message string
	// Drift is, for a field finding in a response rendered at another API
	// version than the contracts', what the field's absence or presence
	// means: "removed or renamed since 2020-08-27", "added since …"; see
	// [Skew.Classify]. "" otherwise.
	Drift string
	// File, Line and Interaction are the exchange's ([Exchange]).
	File        string
	Line        int
	Interaction int
}

// String is the finding in one line, starting with its place:
// "cassettes/x.yaml:12: error wrong_type at amount_total: want …".
func (f Finding) String() string {
	where := ""
	if f.File != "" {
		where = fmt.Sprintf("%s:%d: ", f.File, f.Line)
	}
	if f.Message != "" {
		return fmt.Sprintf("%s%s %s: %s", where, f.Severity, f.Kind, f.Message)
	}
	v := f.Violation
	text := v.String()
	if sev := v.Kind.Severity(); sev != f.Severity {
		text = f.Severity.String() + strings.TrimPrefix(text, sev.String())
	}
	if f.Drift != "" {
		text += " — " + f.Drift
	}
	return where + text
}

// CheckExchange checks one exchange against its operation's contract:
// the request's parameters (its query for a GET, its form body
// otherwise; see [Set.CheckRequest]), then the response ([Set.CheckValue]
// or [Set.CheckResponse]). Findings come in that order, each carrying the
// exchange's file, line and interaction. A contract that cannot be used
// for a part (an operation missing from a contracts folder) is a
// [KindStepFailed] finding for that part. The error is for an exchange
// whose operation opts does not name and [Set.Lookup] does not find.
func (s *Set) CheckExchange(ex Exchange, opts ExchangeOptions) ([]Finding, error) {
	op := opts.Op
	if op == "" {
		o, ok := s.Lookup(ex.Method, ex.Path)
		if !ok {
			return nil, fmt.Errorf("no operation in the contracts for %s %s", ex.Method, ex.Path)
		}
		op = o.Name
	}
	var out []Finding
	add := func(vs []Violation, err error, request bool) {
		if err != nil {
			out = append(out, ex.finding(Finding{Violation: Violation{Kind: KindStepFailed}, Request: request, Message: err.Error()}))
		}
		for _, v := range vs {
			if request {
				v.Kind = v.Kind.Request()
			}
			out = append(out, ex.finding(Finding{Violation: v, Request: request}))
		}
	}
	if !opts.SkipRequest {
		params := ex.Form
		if ex.Method == http.MethodGet {
			params = ex.Query
		}
		vs, err := s.CheckRequest(op, params)
		add(vs, err, true)
	}
	if ex.JSON != nil {
		vs, err := s.CheckValue(op, ex.Status, ex.JSON)
		add(vs, err, false)
	} else {
		vs, err := s.CheckResponse(op, ex.Status, ex.Body)
		add(vs, err, false)
	}
	return out, nil
}

// finding completes f with ex's place and f.Kind's severity.
func (ex Exchange) finding(f Finding) Finding {
	f.Severity = f.Kind.Severity()
	f.File, f.Line, f.Interaction = ex.File, ex.Line, ex.Interaction
	return f
}
