package openapitest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
)

// sender returns a call that sends method and path, "{session}" replaced
// by the session id as given (unescaped).
func sender(method, path string) openapitest.Call {
	return func(hc *http.Client, session string) error {
		req, err := http.NewRequest(method, "http://stripe.test"+strings.ReplaceAll(path, "{session}", session), nil)
		if err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
}

// escaped is like sender with the session id escaped.
func escaped(e openapi.Endpoint) openapitest.Call {
	return func(hc *http.Client, session string) error {
		return sender(e.Method, e.URLPath(session))(hc, session)
	}
}

func TestCheckCheckoutSessions(t *testing.T) {
	good := func() map[string]openapitest.Call {
		calls := map[string]openapitest.Call{}
		for _, e := range openapi.CheckoutSessions() {
			calls[e.Name] = escaped(e)
		}
		return calls
	}
	tests := []struct {
		name   string
		change func(map[string]openapitest.Call)
		fails  bool
	}{
		{"every operation, right method and path", func(map[string]openapitest.Call) {}, false},
		{"an operation without a caller", func(c map[string]openapitest.Call) { delete(c, "expire") }, true},
		{"a caller of no operation", func(c map[string]openapitest.Call) { c["delete"] = c["retrieve"] }, true},
		{"wrong method", func(c map[string]openapitest.Call) { c["update"] = sender("PUT", "/v1/checkout/sessions/{session}") }, true},
		{"wrong path", func(c map[string]openapitest.Call) {
			c["expire"] = sender("POST", "/v1/checkout/sessions/{session}/cancel")
		}, true},
		{"id not escaped", func(c map[string]openapitest.Call) { c["retrieve"] = sender("GET", "/v1/checkout/sessions/{session}") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := good()
			tt.change(calls)
			ft := &fakeT{}
			openapitest.CheckCheckoutSessions(ft, calls)
			assert.Equal(t, tt.fails, ft.failed, ft.msgs)
		})
	}
}

// fakeT records failures instead of failing the test.
type fakeT struct {
	testing.TB
	failed bool
	msgs   []string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.failed = true
	f.msgs = append(f.msgs, format)
}
