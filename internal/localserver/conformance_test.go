package localserver

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// confCase is one behaviour of Stripe's, with its public source: a
// request (placeholders like {price} name objects made for the suite, see
// [conformanceFixtures]), the status Stripe answers and values at JSON
// paths of the answer ("error.message", "line_items.data.0.description").
// A wanted string starting with "~" is a regular expression; "<absent>"
// means the path is not there.
type confCase struct {
	name, source       string
	method, path, form string
	status             int
	want               map[string]any
}

// TestConformance runs every case of conformanceCases against one server
// and checks every answer against the contracts too. Its count is the
// number of behaviours measured.
func TestConformance(t *testing.T) {
	set, err := contracts.Load()
	require.NoError(t, err)
	h := newHarness(t)
	fx := conformanceFixtures(h)
	names := map[string]bool{}
	for _, tc := range conformanceCases {
		require.False(t, names[tc.name], "duplicate case %q", tc.name)
		names[tc.name] = true
		require.NotEmpty(t, tc.source, tc.name)
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(tc.method, fx.fill(tc.path), fx.fill(tc.form))
			require.Equal(t, tc.status, r.Status, "%s", r.Body)
			body := r.JSON()
			for path, want := range tc.want {
				got, ok := at(body, path)
				switch w := fx.fillAny(want).(type) {
				case string:
					if w == "<absent>" {
						assert.False(t, ok, "%s: %v", path, got)
						continue
					}
					require.True(t, ok, "%s missing in %s", path, r.Body)
					if n, isNum := strings.CutPrefix(w, "#"); isNum {
						f, err := strconv.ParseFloat(n, 64)
						require.NoError(t, err)
						assert.Equal(t, f, got, path)
						continue
					}
					if re, isRe := strings.CutPrefix(w, "~"); isRe {
						assert.Regexp(t, regexp.MustCompile(re), got, path)
						continue
					}
					assert.Equal(t, w, got, path)
				case int:
					assert.Equal(t, float64(w), got, path)
				default:
					assert.Equal(t, w, got, path)
				}
			}
			if op, ok := set.Lookup(tc.method, strings.SplitN(fx.fill(tc.path), "?", 2)[0]); ok && r.Status < 500 {
				vs, err := set.CheckResponse(op.Name, r.Status, r.Body)
				require.NoError(t, err)
				for _, v := range vs {
					t.Errorf("contract %s: %s", op.Name, v)
				}
			}
		})
	}
	t.Logf("conformance: %d behaviours of Stripe's measured, each with its public source", len(conformanceCases))
	assert.GreaterOrEqual(t, len(conformanceCases), 100)
}

// at reads a dot path of a decoded JSON value; numeric segments index
// lists.
func at(v any, path string) (any, bool) {
	for _, seg := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[seg]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// fixtures are the ids of the objects the suite made, by placeholder.
type fixtures map[string]string

func (f fixtures) fill(s string) string {
	for k, v := range f {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

func (f fixtures) fillAny(v any) any {
	if s, ok := v.(string); ok {
		return f.fill(s)
	}
	if l, ok := v.([]any); ok {
		out := make([]any, len(l))
		for i, e := range l {
			out[i] = f.fillAny(e)
		}
		return out
	}
	if m, ok := v.(map[string]any); ok {
		out := map[string]any{}
		for k, e := range m {
			out[k] = f.fillAny(e)
		}
		return out
	}
	return v
}

// conformanceFixtures makes the objects the cases refer to.
func conformanceFixtures(h *harness) fixtures {
	f := fixtures{}
	f["product"] = h.object("products", "name=T-shirt")["id"].(string)
	f["price"] = h.object("prices", "product="+f["product"]+"&unit_amount=2000&currency=usd")["id"].(string)
	f["recurring"] = h.object("prices", "product_data[name]=Plan&unit_amount=900&currency=usd&recurring[interval]=month")["id"].(string)
	f["coupon"] = h.object("coupons", "amount_off=500&currency=usd&duration=once")["id"].(string)
	f["pct"] = h.object("coupons", "percent_off=25&duration=forever&id=QUARTER")["id"].(string)
	f["eurcoupon"] = h.object("coupons", "amount_off=100&currency=eur")["id"].(string)
	f["promo"] = h.object("promotion_codes", "promotion[type]=coupon&promotion[coupon]=QUARTER&code=SPRING")["id"].(string)
	f["customer"] = h.object("customers", "email=jo@example.com&name=Jo Doe")["id"].(string)
	f["shr"] = h.object("shipping_rates", "display_name=Ground&type=fixed_amount&fixed_amount[amount]=700&fixed_amount[currency]=usd")["id"].(string)
	f["txr"] = h.object("tax_rates", "display_name=VAT&percentage=20&inclusive=false")["id"].(string)
	pay := "mode=payment&success_url=https://example.com/ok&line_items[0][price]=" + f["price"] + "&line_items[0][quantity]=1"
	f["session"] = h.create(pay)["id"].(string)
	f["setup"] = h.create("mode=setup&currency=usd&success_url=https://example.com/ok")["id"].(string)
	f["seti"] = h.ok(http.MethodGet, "/v1/checkout/sessions/"+f["setup"], "")["setup_intent"].(string)
	f["paid"] = h.create(pay + "&customer=" + f["customer"])["id"].(string)
	paid := h.ok(http.MethodPost, ControlPrefix+"sessions/"+f["paid"]+"/pay", "")
	f["pi"] = paid["payment_intent"].(string)
	f["subpaid"] = h.create("mode=subscription&success_url=https://example.com/ok&line_items[0][price]=" + f["recurring"] + "&line_items[0][quantity]=1")["id"].(string)
	sub := h.ok(http.MethodPost, ControlPrefix+"sessions/"+f["subpaid"]+"/pay", "")
	f["sub"], f["in"] = sub["subscription"].(string), sub["invoice"].(string)
	f["delayed"] = h.create(pay)["id"].(string)
	d := h.ok(http.MethodPost, ControlPrefix+"sessions/"+f["delayed"]+"/pay", "outcome=delayed_failure")
	f["pifail"] = d["payment_intent"].(string)
	f["expired"] = h.create(pay)["id"].(string)
	h.ok(http.MethodPost, "/v1/checkout/sessions/"+f["expired"]+"/expire", "")
	f["pay"] = pay
	now := h.srv.Now(h.key).Unix()
	f["now"] = fmt.Sprint(now)
	f["in29m"], f["in1h"], f["in24h"], f["exp24"] = fmt.Sprint(now+29*60), fmt.Sprint(now+3600), fmt.Sprint(now+86400), fmt.Sprint(now+86400)
	return f
}
