package localserver

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	basil  = "2025-08-27.basil"
	dahlia = "2026-03-25.dahlia"
	// embeddedForm is stripe-go v82's embedded session: ui_mode embedded
	// and a return_url.
	embeddedForm = "mode=payment&ui_mode=embedded&return_url=https://example.com/return" +
		"&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=2000" +
		"&line_items[0][price_data][product_data][name]=T-shirt&line_items[0][quantity]=1"
)

// TestStripeVersionHeader checks that every answer, errors and control
// answers included, says the version it was rendered at: the request's
// Stripe-Version, else the account's default.
func TestStripeVersionHeader(t *testing.T) {
	h := newHarness(t)
	hb := newHarness(t, func(o *Options) { o.APIVersion = basil })
	for _, tc := range []struct {
		name         string
		h            *harness
		method, path string
		form         string
		version      string // the request's Stripe-Version; "" sends none
		wantStatus   int
		wantVersion  string
	}{
		{"default is the newest", h, http.MethodPost, "/v1/checkout/sessions", paymentForm, "", 200, NewestVersion()},
		{"the request's version", h, http.MethodPost, "/v1/checkout/sessions", paymentForm, basil, 200, basil},
		{"the account's default", hb, http.MethodPost, "/v1/checkout/sessions", paymentForm, "", 200, basil},
		{"the request's version over the account's", hb, http.MethodPost, "/v1/checkout/sessions", paymentForm, dahlia, 200, dahlia},
		{"an error", h, http.MethodGet, "/v1/checkout/sessions/cs_test_nope", "", basil, 404, basil},
		{"a stripe-mock refusal", h, http.MethodPost, "/v1/checkout/sessions", "mode=bogus", dahlia, 400, dahlia},
		{"a path stripe-mock answers alone", h, http.MethodGet, "/v1/balance", "", basil, 200, basil},
		{"a control endpoint", h, http.MethodGet, "/_checkoutvcr/clock", "", basil, 200, basil},
		{"a version with no contracts is echoed", h, http.MethodGet, "/v1/checkout/sessions", "", "2020-08-27", 200, "2020-08-27"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hdr []string
			if tc.version != "" {
				hdr = []string{"Stripe-Version", tc.version}
			}
			r := tc.h.do(tc.method, tc.path, tc.form, hdr...)
			assert.Equal(t, tc.wantStatus, r.Status, "%s", r.Body)
			assert.Equal(t, tc.wantVersion, r.Header.Get("Stripe-Version"))
		})
	}
}

// TestInvalidStripeVersion checks Stripe's refusal of a Stripe-Version that
// is not a version (or not one Stripe released: a major no release has, a
// name that disagrees with the date, no name from acacia on), answered
// at the account's default; an old version no contract covers is taken.
func TestInvalidStripeVersion(t *testing.T) {
	h := newHarness(t)
	r := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm, "Stripe-Version", "2020-08-27")
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	for _, v := range []string{"2019-2-19", "2025-13-45.basil", "2020-08-27;link_beta=v1", "latest",
		"2099-01-01.zzz", "2025-08-27.dahlia", "2025-08-27"} {
		r := h.do(http.MethodPost, "/v1/checkout/sessions", paymentForm, "Stripe-Version", v)
		require.Equal(t, http.StatusBadRequest, r.Status, "%s: %s", v, r.Body)
		e := errorOf(t, r)
		assert.Equal(t, "Invalid Stripe API version: "+v, e["message"])
		assert.Equal(t, "invalid_request_error", e["type"])
		assert.Equal(t, NewestVersion(), r.Header.Get("Stripe-Version"))
	}
}

// TestUIModeAtBasil is stripe-go v82's embedded session: at basil,
// ui_mode embedded is taken, answered as embedded with a client_secret,
// and retrieved as embedded; at dahlia the same session reads
// embedded_page, and a create with ui_mode embedded is refused as before.
func TestUIModeAtBasil(t *testing.T) {
	h := newHarness(t)
	r := h.do(http.MethodPost, "/v1/checkout/sessions", embeddedForm, "Stripe-Version", basil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	assert.Equal(t, basil, r.Header.Get("Stripe-Version"))
	s := r.JSON()
	assert.Equal(t, "embedded", s["ui_mode"])
	assert.Contains(t, s["client_secret"], "_secret_")
	assert.Nil(t, s["url"])
	id := s["id"].(string)

	got := h.ok(http.MethodGet, "/v1/checkout/sessions/"+id, "", "Stripe-Version", basil)
	assert.Equal(t, "embedded", got["ui_mode"])
	got = h.ok(http.MethodGet, "/v1/checkout/sessions/"+id, "", "Stripe-Version", dahlia)
	assert.Equal(t, "embedded_page", got["ui_mode"])
	list := h.ok(http.MethodGet, "/v1/checkout/sessions", "limit=1", "Stripe-Version", basil)
	assert.Equal(t, "embedded", list["data"].([]any)[0].(map[string]any)["ui_mode"])

	hosted := h.ok(http.MethodPost, "/v1/checkout/sessions", paymentForm, "Stripe-Version", basil)
	assert.Equal(t, "hosted", hosted["ui_mode"])
	custom := h.ok(http.MethodPost, "/v1/checkout/sessions", strings.Replace(embeddedForm, "ui_mode=embedded", "ui_mode=custom", 1), "Stripe-Version", basil)
	assert.Equal(t, "custom", custom["ui_mode"])

	r = h.do(http.MethodPost, "/v1/checkout/sessions", embeddedForm, "Stripe-Version", dahlia)
	assert.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
	assert.Equal(t, "ui_mode", errorOf(t, r)["param"])
}

// TestErrorsSpeakTheVersion checks that an error naming a ui_mode names
// the request's version's value.
func TestErrorsSpeakTheVersion(t *testing.T) {
	h := newHarness(t)
	form := embeddedForm + "&success_url=https://example.com/ok"
	r := h.do(http.MethodPost, "/v1/checkout/sessions", form, "Stripe-Version", basil)
	require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
	assert.Equal(t, "The following parameters are not supported with 'ui_mode: embedded': success_url.", errorOf(t, r)["message"])
	r = h.do(http.MethodPost, "/v1/checkout/sessions", form+"&ui_mode=embedded_page", "Stripe-Version", dahlia)
	require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
}

// TestBasilRefusesWhatBasilLacks checks that a request at basil is held to
// basil's contract: a dahlia-only value or parameter gets Stripe's error.
func TestBasilRefusesWhatBasilLacks(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name, form         string
		wantParam, wantMsg string
		wantCode           string
	}{
		{"a dahlia ui_mode value", strings.Replace(embeddedForm, "ui_mode=embedded", "ui_mode=embedded_page", 1),
			"ui_mode", "Invalid ui_mode: must be one of custom, embedded, or hosted", ""},
		{"a dahlia parameter", paymentForm + "&name_collection[individual][enabled]=true",
			"name_collection", "Received unknown parameter: name_collection", "parameter_unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(http.MethodPost, "/v1/checkout/sessions", tc.form, "Stripe-Version", basil)
			require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
			e := errorOf(t, r)
			assert.Equal(t, tc.wantParam, e["param"])
			assert.Equal(t, tc.wantMsg, e["message"])
			if tc.wantCode != "" {
				assert.Equal(t, tc.wantCode, e["code"])
			}
			// The same at dahlia is taken (or refused for another reason).
			if tc.wantCode != "" {
				assert.Equal(t, http.StatusOK, h.do(http.MethodPost, "/v1/checkout/sessions", tc.form, "Stripe-Version", dahlia).Status)
			}
		})
	}
}

// TestBasilLeavesOutDahliaFields checks pruning by basil's contracts:
// fields added after basil are absent at basil and present at dahlia.
func TestBasilLeavesOutDahliaFields(t *testing.T) {
	h := newHarness(t)
	at := func(v string) map[string]any {
		return h.ok(http.MethodPost, "/v1/checkout/sessions", paymentForm+"&expand[0]=line_items", "Stripe-Version", v)
	}
	b, d := at(basil), at(dahlia)
	for _, f := range []string{"origin_context", "integration_identifier", "customer_account"} {
		assert.Contains(t, d, f, "dahlia has %s", f)
		assert.NotContains(t, b, f, "basil has no %s", f)
	}
	item := b["line_items"].(map[string]any)["data"].([]any)[0].(map[string]any)
	assert.NotContains(t, item, "adjustable_quantity", "basil's line items have no adjustable_quantity")
	assert.Equal(t, d["amount_total"], b["amount_total"])
}

// TestEventsAtVersions checks events: the account's default version for
// OnEvents and Server.Events, the request's for GET /v1/events, and any
// version by RenderEvent.
func TestEventsAtVersions(t *testing.T) {
	var got []Event
	h := newHarness(t, func(o *Options) {
		o.APIVersion = basil
		o.OnEvents = func(evs []Event) { got = append(got, evs...) }
	})
	s := h.create(embeddedForm)
	assert.Equal(t, "embedded", s["ui_mode"])
	h.ok(http.MethodPost, "/v1/checkout/sessions/"+s["id"].(string)+"/expire", "")
	require.Len(t, got, 1)
	ev := decodeEvent(t, got[0].Body)
	assert.Equal(t, basil, ev["api_version"])
	assert.Equal(t, "embedded", ev["data"].(map[string]any)["object"].(map[string]any)["ui_mode"])
	assert.Equal(t, got[0].Body, h.srv.Events(h.key)[0].Body)

	list := h.ok(http.MethodGet, "/v1/events", "", "Stripe-Version", dahlia)
	le := list["data"].([]any)[0].(map[string]any)
	assert.Equal(t, dahlia, le["api_version"])
	assert.Equal(t, "embedded_page", le["data"].(map[string]any)["object"].(map[string]any)["ui_mode"])
	one := h.ok(http.MethodGet, "/v1/events/"+got[0].ID, "")
	assert.Equal(t, basil, one["api_version"])

	at := decodeEvent(t, RenderEvent(got[0].Latest, dahlia))
	assert.Equal(t, dahlia, at["api_version"])
	assert.Equal(t, "embedded_page", at["data"].(map[string]any)["object"].(map[string]any)["ui_mode"])
	assert.Equal(t, string(got[0].Body), string(RenderEvent(got[0].Latest, basil)))
}

func decodeEvent(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

// TestOptionsAPIVersion checks that New refuses a default version that is
// not one, or not one Stripe released, and takes an old one.
func TestOptionsAPIVersion(t *testing.T) {
	_, err := New(Options{StripeMock: "http://127.0.0.1:1", APIVersion: "basil"})
	assert.ErrorContains(t, err, `Options.APIVersion: basil is not a Stripe API version`)
	_, err = New(Options{StripeMock: "http://127.0.0.1:1", APIVersion: "2025-08-27.dahlia"})
	assert.ErrorContains(t, err, `Options.APIVersion: 2025-08-27.dahlia: 2025-08-27 falls in basil's releases, not dahlia's`)
	_, err = New(Options{StripeMock: "http://127.0.0.1:1", APIVersion: "2020-08-27"})
	assert.NoError(t, err)
}
