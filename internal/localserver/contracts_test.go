package localserver

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/stretchr/testify/require"
)

// genCreate makes a random but valid create form for a mode and ui_mode.
// prices are real prices of the harness's account, by type and currency
// ("one_time usd").
func genCreate(r *rand.Rand, mode, ui string, prices map[string]string) string {
	v := url.Values{}
	v.Set("mode", mode)
	v.Set("ui_mode", ui)
	if ui == "hosted_page" {
		v.Set("success_url", "https://example.com/ok")
		if r.IntN(2) == 0 {
			v.Set("cancel_url", "https://example.com/cancel")
		}
	} else if r.IntN(3) == 0 {
		v.Set("redirect_on_completion", "never")
	} else {
		v.Set("return_url", "https://example.com/return")
	}
	cur := []string{"usd", "eur", "gbp"}[r.IntN(3)]
	if mode == "setup" {
		v.Set("currency", cur)
	} else {
		for i := range 1 + r.IntN(4) {
			p := fmt.Sprintf("line_items[%d]", i)
			v.Set(p+"[quantity]", fmt.Sprint(1+r.IntN(5)))
			if r.IntN(4) == 0 {
				typ := "one_time"
				if mode == "subscription" {
					typ = "recurring"
				}
				v.Set(p+"[price]", prices[typ+" "+cur])
				continue
			}
			v.Set(p+"[price_data][currency]", cur)
			v.Set(p+"[price_data][unit_amount]", fmt.Sprint(100*r.IntN(50)))
			v.Set(p+"[price_data][product_data][name]", fmt.Sprintf("Item %d", i))
			if mode == "subscription" {
				v.Set(p+"[price_data][recurring][interval]", []string{"day", "week", "month", "year"}[r.IntN(4)])
			}
			if r.IntN(3) == 0 {
				v.Set(p+"[adjustable_quantity][enabled]", "true")
				v.Set(p+"[adjustable_quantity][maximum]", "10")
			}
		}
	}
	opt := func(k, val string) {
		if r.IntN(2) == 0 {
			v.Set(k, val)
		}
	}
	opt("metadata[order]", fmt.Sprint(r.IntN(1000)))
	opt("client_reference_id", "ref-1")
	if r.IntN(2) == 0 {
		v.Set("customer_email", "jo@example.com")
	} else if c := prices["customer"]; c != "" && r.IntN(2) == 0 {
		v.Set("customer", c)
	}
	opt("locale", "fr")
	opt("custom_text[submit][message]", "Thanks")
	opt("custom_text[after_submit][message]", "Bye")
	opt("phone_number_collection[enabled]", "true")
	opt("billing_address_collection", "required")
	opt("allow_promotion_codes", "true")
	opt("payment_method_types[0]", "card")
	opt("automatic_tax[enabled]", "true")
	opt("expires_at", fmt.Sprint(DefaultEpoch.Unix()+3600))
	if mode == "payment" {
		opt("submit_type", "donate")
		opt("shipping_address_collection[allowed_countries][0]", "US")
		opt("shipping_options[0][shipping_rate_data][display_name]", "Ground")
		if v.Has("shipping_options[0][shipping_rate_data][display_name]") {
			v.Set("shipping_options[0][shipping_rate_data][type]", "fixed_amount")
			v.Set("shipping_options[0][shipping_rate_data][fixed_amount][amount]", "500")
			v.Set("shipping_options[0][shipping_rate_data][fixed_amount][currency]", cur)
		}
		opt("consent_collection[terms_of_service]", "required")
		opt("invoice_creation[enabled]", "true")
	}
	if r.IntN(2) == 0 {
		v.Set("custom_fields[0][key]", "engraving")
		v.Set("custom_fields[0][label][type]", "custom")
		v.Set("custom_fields[0][label][custom]", "Engraving")
		switch r.IntN(3) {
		case 0:
			v.Set("custom_fields[0][type]", "text")
			v.Set("custom_fields[0][text][maximum_length]", "20")
		case 1:
			v.Set("custom_fields[0][type]", "numeric")
		default:
			v.Set("custom_fields[0][type]", "dropdown")
			v.Set("custom_fields[0][dropdown][options][0][label]", "A")
			v.Set("custom_fields[0][dropdown][options][0][value]", "a")
		}
	}
	return v.Encode()
}

// TestEveryResponsePassesTheContracts runs every operation, in every mode
// and ui_mode, over generated create params, and checks every answer
// against the contracts: no violation of any kind, unknown fields
// included.
func TestEveryResponsePassesTheContracts(t *testing.T) {
	set, err := contracts.Load()
	require.NoError(t, err)
	h := newHarness(t)
	r := rand.New(rand.NewPCG(14, 1))
	prices := realPrices(h)
	check := func(op string, rep reply, what string) {
		t.Helper()
		vs, err := set.CheckResponse(op, rep.Status, rep.Body)
		require.NoError(t, err, what)
		for _, v := range vs {
			t.Errorf("%s: %s: %s", what, op, v)
		}
	}
	n := 0
	for _, mode := range []string{"payment", "subscription", "setup"} {
		for _, ui := range []string{"hosted_page", "embedded_page", "elements"} {
			for i := range 6 {
				n++
				form := genCreate(r, mode, ui, prices)
				what := fmt.Sprintf("case %d (%s)", n, form)
				rep := h.do(http.MethodPost, "/v1/checkout/sessions", form)
				require.Equal(t, http.StatusOK, rep.Status, "%s: %s", what, rep.Body)
				check("create", rep, what)
				id := rep.JSON()["id"].(string)
				p := "/v1/checkout/sessions/" + id
				check("retrieve", h.do(http.MethodGet, p, "expand[0]=line_items&expand[1]=customer&expand[2]=payment_intent"), what)
				check("list_line_items", h.do(http.MethodGet, p+"/line_items", "limit=2&expand[0]=data.price.product"), what)
				check("update", h.do(http.MethodPost, p, "metadata[k]=v&metadata[order]="), what)
				check("update", h.do(http.MethodPost, p, "shipping_options[0][shipping_rate]="+prices["shipping"]+"&expand[0]=line_items"), what+" shipping")
				if ui == "elements" && mode != "setup" {
					items := h.ok(http.MethodGet, p+"/line_items", "")["data"].([]any)
					first := items[0].(map[string]any)["id"].(string)
					check("update", h.do(http.MethodPost, p, "line_items[0][id]="+first+"&line_items[0][quantity]=3"+
						"&line_items[1][price]="+prices["one_time usd"]+"&line_items[1][quantity]=1"), what+" line items")
				}
				if ui != "hosted_page" {
					check("update", h.do(http.MethodPost, p, "collected_information[shipping_details][name]=Jo"+
						"&collected_information[shipping_details][address][country]=FR&collected_information[shipping_details][address][line1]=1 rue"), what+" collected")
				}
				switch i % 3 {
				case 0:
					check("expire", h.do(http.MethodPost, p+"/expire", ""), what)
					check("expire", h.do(http.MethodPost, p+"/expire", ""), what+" again")
				case 1:
					paid := h.do(http.MethodPost, ControlPrefix+"sessions/"+id+"/pay", "")
					require.Equal(t, http.StatusOK, paid.Status, "%s: %s", what, paid.Body)
					check("retrieve", paid, what+" paid")
					check("retrieve", h.do(http.MethodGet, p, "expand[0]=subscription&expand[1]=setup_intent&expand[2]=invoice"), what+" paid")
					check("update", h.do(http.MethodPost, p, "metadata[k]=v"), what+" update paid")
				}
			}
		}
	}
	check("list", h.do(http.MethodGet, "/v1/checkout/sessions", "limit=100&expand[0]=data.line_items"), "list")
	check("list", h.do(http.MethodGet, "/v1/checkout/sessions", "status=complete&limit=3&expand[0]=data.payment_intent&expand[1]=data.subscription"), "list complete")
	check("list", h.do(http.MethodGet, "/v1/checkout/sessions", "starting_after=nope"), "list bad cursor")
	check("list_line_items", h.do(http.MethodGet, "/v1/checkout/sessions/cs_test_nope/line_items", ""), "line items unknown id")
	check("retrieve", h.do(http.MethodGet, "/v1/checkout/sessions/cs_test_nope", ""), "unknown id")
	require.Positive(t, n)
}

// realPrices creates, in h's account, a one-time and a recurring price in
// each currency genCreate uses, a customer and a shipping rate.
func realPrices(h *harness) map[string]string {
	out := map[string]string{}
	for _, cur := range []string{"usd", "eur", "gbp"} {
		out["one_time "+cur] = h.price("Item", 700, cur)
		out["recurring "+cur] = h.object("prices", "product_data[name]=Plan&unit_amount=900&recurring[interval]=month&currency="+cur)["id"].(string)
	}
	out["customer"] = h.customer("cus@example.com")
	out["shipping"] = h.object("shipping_rates", "display_name=Ground&type=fixed_amount&fixed_amount[amount]=500&fixed_amount[currency]=usd")["id"].(string)
	return out
}
