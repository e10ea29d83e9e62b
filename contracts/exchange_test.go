package contracts

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLookup(t *testing.T) {
	s, err := Load()
	require.NoError(t, err)
	tests := []struct {
		method, path string
		want         string // "" means none
	}{
		{"POST", "/v1/checkout/sessions", "create"},
		{"GET", "/v1/checkout/sessions", "list"},
		{"GET", "/v1/checkout/sessions?limit=3", "list"},
		{"GET", "/v1/checkout/sessions/cs_test_123", "retrieve"},
		{"POST", "/v1/checkout/sessions/cs_test_123", "update"},
		{"POST", "/v1/checkout/sessions/cs_test_123/expire", "expire"},
		{"GET", "/v1/checkout/sessions/cs_test_123/line_items", "list_line_items"},
		{"get", "/v1/checkout/sessions/cs_test_123/line_items", "list_line_items"},
		{"DELETE", "/v1/checkout/sessions/cs_test_123", ""},
		{"GET", "/v1/checkout/sessions/cs_test_123/expire", ""},
		{"GET", "/v1/checkout/sessions//line_items", ""},
		{"GET", "/v1/customers", "GetCustomers"}, // from the catalog
		{"GET", "/v1/not_an_api", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			op, ok := s.Lookup(tt.method, tt.path)
			assert.Equal(t, tt.want != "", ok)
			assert.Equal(t, tt.want, op.Name)
		})
	}
}

func TestCheckExchange(t *testing.T) {
	s, err := Load()
	require.NoError(t, err)
	ex := Exchange{
		Method: "POST", Path: "/v1/checkout/sessions/cs_test_1/expire",
		Form:   url.Values{"bogus": {"1"}},
		Status: 200, Body: []byte(`{"object":"checkout.session","id":"cs_test_1","amount_total":"2000"}`),
		File: "cassettes/x.yaml", Line: 123, Interaction: 2,
	}
	fs, err := s.CheckExchange(ex, ExchangeOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, fs)
	first := fs[0]
	assert.Equal(t, Kind("request_unknown_field"), first.Kind, "the request is checked first")
	assert.True(t, first.Request)
	assert.Equal(t, "bogus", first.Path)
	assert.Equal(t, SeverityError, first.Severity)
	var wrongType *Finding
	for i, f := range fs {
		assert.Equal(t, "cassettes/x.yaml", f.File)
		assert.Equal(t, 123, f.Line)
		assert.Equal(t, 2, f.Interaction)
		if f.Kind == KindWrongType && f.Path == "amount_total" {
			wrongType = &fs[i]
		}
	}
	require.NotNil(t, wrongType, "the response is checked: %v", fs)
	assert.False(t, wrongType.Request)
	assert.Contains(t, wrongType.String(), "cassettes/x.yaml:123: error wrong_type at amount_total")

	fs, err = s.CheckExchange(ex, ExchangeOptions{SkipRequest: true})
	require.NoError(t, err)
	for _, f := range fs {
		assert.False(t, f.Request, "SkipRequest: %v", f)
	}

	_, err = s.CheckExchange(Exchange{Method: "GET", Path: "/v1/not_an_api", Status: 200, Body: []byte(`{}`)}, ExchangeOptions{})
	assert.EqualError(t, err, "no operation in the contracts for GET /v1/not_an_api")

	fs, err = s.CheckExchange(Exchange{Method: "GET", Path: "/v1/x", Status: 200, Body: []byte(`{}`), Line: 7}, ExchangeOptions{Op: "nope"})
	require.NoError(t, err)
	require.Len(t, fs, 2, "request and response each cannot be checked")
	assert.Equal(t, KindStepFailed, fs[0].Kind)
	assert.NotEmpty(t, fs[0].Message)
}
