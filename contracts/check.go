package contracts

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// CheckResponse checks a response of op with HTTP status and body against
// the contract: 200 against response_200, 4xx and 5xx against
// response_default (Stripe's error object). Any other status is a
// [KindUnexpectedStatus] violation, and a body that is not JSON a
// [KindInvalidJSON] one. Violations are sorted by Path, then Kind.
//
// The error is for misuse only: an unknown op ([ErrUnknownOperation]) or a
// contract that does not compile.
func (s *Set) CheckResponse(op string, status int, body []byte) ([]Violation, error) {
	if _, ok := s.Operation(op); !ok {
		return nil, s.unknown(op)
	}
	def, ok := responseDef(status)
	if !ok {
		return []Violation{{
			Kind: KindUnexpectedStatus,
			Want: "200, or 4xx/5xx with an error object",
			Got:  fmt.Sprintf("%d %s", status, http.StatusText(status)),
		}}, nil
	}
	sch, err := s.opSchema(op, def)
	if err != nil {
		return nil, err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return []Violation{{Kind: KindInvalidJSON, Want: "a JSON document", Got: truncate(err.Error())}}, nil
	}
	return s.validate(sch, v)
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

// validate validates v against sch and converts the errors.
func (s *Set) validate(sch *jsonschema.Schema, v any) ([]Violation, error) {
	err := sch.Validate(v)
	if broken := s.brokenErr(); broken != nil {
		return nil, broken
	}
	if err == nil {
		return nil, nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil, err
	}
	return violations(ve, v), nil
}
