package outcome

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
)

// TestCheck is the rule's table: each case a step, the exchange and the
// client's error, and the kind the rule gives (or none).
func TestCheck(t *testing.T) {
	noExpect := &scenario.Step{ID: "s"}
	wants400 := &scenario.Step{ID: "s", Expect: &scenario.Expect{Status: 400}}
	statefulOnly := &scenario.Step{ID: "s", ExpectStateful: &scenario.Expect{Status: 400}}
	resp := func(code int, body string) *client.Response {
		return &client.Response{StatusCode: code, Header: http.Header{}, Body: []byte(body)}
	}
	typed := func(r *client.Response) error {
		return &client.DecodeError{Response: r, Err: errors.New("json: cannot unmarshal"), Path: "amount_total", GoType: "int64", Value: "number 2000.0"}
	}
	tests := []struct {
		name     string
		sr       scenario.StepResult
		stateful bool
		want     contracts.Kind // "" for success
	}{
		{"200 decoded", scenario.StepResult{Step: noExpect, Response: resp(200, `{}`), JSON: map[string]any{}}, false, ""},
		{"no response: not the rule's business", scenario.StepResult{Step: noExpect, Err: errors.New("reset")}, false, ""},
		{"401 nobody expects", scenario.StepResult{Step: noExpect, Response: resp(401, `{}`), ClientErr: errors.New("401")}, false, contracts.KindUnexpectedError},
		{"400 the step expects", scenario.StepResult{Step: wants400, Expect: wants400.Expect, Response: resp(400, `{}`), ClientErr: errors.New("400")}, false, ""},
		{"400 only expect_stateful asks for, on stripe-mock", scenario.StepResult{Step: statefulOnly, ExpectStateful: statefulOnly.ExpectStateful, Response: resp(400, `{}`)}, false, contracts.KindUnexpectedError},
		{"400 only expect_stateful asks for, on Stripe", scenario.StepResult{Step: statefulOnly, ExpectStateful: statefulOnly.ExpectStateful, Response: resp(400, `{}`)}, true, ""},
		{"302", scenario.StepResult{Step: noExpect, Response: resp(302, ``)}, false, contracts.KindUnexpectedError},
		{"number the Go type cannot hold", func() scenario.StepResult {
			r := resp(200, `{"amount_total":2000.0}`)
			return scenario.StepResult{Step: noExpect, Response: r, JSON: map[string]any{}, ClientErr: typed(r)}
		}(), false, contracts.KindClientDecode},
		{"body not JSON", func() scenario.StepResult {
			r := resp(200, `<html>`)
			return scenario.StepResult{Step: noExpect, Response: r, ClientErr: &client.DecodeError{Response: r, Err: errors.New("invalid character")}}
		}(), false, contracts.KindInvalidJSON},
		{"too large", func() scenario.StepResult {
			r := resp(200, ``)
			return scenario.StepResult{Step: noExpect, Response: r, ClientErr: &client.DecodeError{Response: r, Err: fmt.Errorf("%w: more than 8 bytes", client.ErrResponseTooLarge)}}
		}(), false, contracts.KindClientDecode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Check(tt.sr, tt.stateful)
			if tt.want == "" {
				assert.Nil(t, f)
				return
			}
			if assert.NotNil(t, f) {
				assert.Equal(t, tt.want, f.Kind)
				assert.NotEmpty(t, f.Message)
			}
		})
	}
	f := Check(tests[7].sr, false)
	assert.Equal(t, "amount_total", f.Path)
	assert.Equal(t, "the client cannot decode amount_total: number 2000.0 does not fit its Go type int64", f.Message)
}
