package contracts

import (
	"fmt"
	"net/http"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// CheckResponse checks a response of op with HTTP status and body against
// the contract: 200 against response_200, 4xx and 5xx against
// response_default (Stripe's error object). Any other status is a
// [KindUnexpectedStatus] violation, and a body that is not JSON a
// [KindInvalidJSON] one. An integer the contract accepts but a Go client's
// int64 cannot hold (2000.0, 1e2, 1e400, beyond int64) is a
// [KindWrongType] violation at its path. Violations are sorted by Path,
// then Kind.
//
// The error is for misuse only: an unknown op ([ErrUnknownOperation]) or a
// contract that does not compile.
func (s *Set) CheckResponse(op string, status int, body []byte) ([]Violation, error) {
	sch, vs, err := s.responseSchema(op, status)
	if sch == nil {
		return vs, err
	}
	v, err := DecodeJSON(body)
	if err != nil {
		return []Violation{{Kind: KindInvalidJSON, Want: "a JSON document", Got: truncate(err.Error())}}, nil
	}
	return s.validateResponse(sch, v)
}

// CheckValue is [Set.CheckResponse] for a body that is already decoded,
// so that a caller which needs the decoded body anyway (to check
// expectations, to resolve templates) decodes it once. v must be what
// [DecodeJSON], or encoding/json with [json.Decoder.UseNumber], makes of
// the body: map[string]any, []any, string, [json.Number], bool and nil.
// (Numbers decoded as float64 are accepted too, but then integers beyond
// 2^53 are no longer exact.) The result is the one CheckResponse gives for
// the encoded body.
func (s *Set) CheckValue(op string, status int, v any) ([]Violation, error) {
	sch, vs, err := s.responseSchema(op, status)
	if sch == nil {
		return vs, err
	}
	return s.validateResponse(sch, v)
}

// validateResponse is [Set.validate] for a response, which also holds
// integers to what a Go client's int64 can decode ([Set.int64Violations]).
func (s *Set) validateResponse(sch *jsonschema.Schema, v any) ([]Violation, error) {
	vs, err := s.validate(sch, v)
	if err != nil {
		return nil, err
	}
	foldedFields(sch, v, vs)
	more := s.int64Violations(sch, v)
	if len(more) == 0 {
		return vs, nil
	}
	return sortViolations(append(vs, more...)), nil
}

// responseSchema returns the schema that documents status for op, or the
// violation or error that makes checking the body pointless.
func (s *Set) responseSchema(op string, status int) (*jsonschema.Schema, []Violation, error) {
	if _, ok := s.Operation(op); !ok {
		return nil, nil, s.unknown(op)
	}
	def, ok := responseDef(status)
	if !ok {
		return nil, []Violation{{
			Kind: KindUnexpectedStatus,
			Want: "200, or 4xx/5xx with an error object",
			Got:  fmt.Sprintf("%d %s", status, http.StatusText(status)),
		}}, nil
	}
	sch, err := s.opSchema(op, def)
	if err != nil {
		return nil, nil, err
	}
	return sch, nil, nil
}

// responseDef returns the definition that documents status.
func responseDef(status int) (string, bool) {
	switch {
	case status == http.StatusOK:
		return defOK, true
	case status >= 400 && status <= 599:
		return defFallback, true
	}
	return "", false
}

// validate validates v against sch and converts the errors. The fast path
// (fast.go) answers for values that are certainly valid; the others are
// validated, and explained, by jsonschema/v6. A schema behind x-lazy-ref
// that this value needed but that does not compile is the error.
func (s *Set) validate(sch *jsonschema.Schema, v any) ([]Violation, error) {
	if s.valid(s.planFor(sch), v, 0) {
		return nil, nil
	}
	err := sch.Validate(v)
	if err == nil {
		return nil, nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil, err
	}
	if broken := s.brokenIn(ve); broken != nil {
		return nil, broken
	}
	return violations(ve, v), nil
}
