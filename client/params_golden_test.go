package client_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/client/form"
)

// golden is one params value and the exact bytes it must put on the wire:
// the form body of a POST or the query of a GET.
type golden struct {
	name   string
	params any // *client.Session…Params or *client.LineItemListParams
	want   string
}

// S, I and B shorten the pointer helpers in the table below.
var (
	S = client.String
	I = client.Int64
	B = client.Bool
)

// goldens covers every typed field of every params struct, each Extra, and
// the explicit empty values; TestGoldenCoversEveryField enforces it.
var goldens = []golden{
	// ---- create ----
	{
		name: "create: mode and urls",
		params: &client.SessionCreateParams{
			Mode: S("payment"), UIMode: S("hosted_page"),
			SuccessURL: S("https://example.com/ok?s={CHECKOUT_SESSION_ID}"),
			CancelURL:  S("https://example.com/cancel"),
		},
		want: "cancel_url=https%3A%2F%2Fexample.com%2Fcancel&mode=payment" +
			"&success_url=https%3A%2F%2Fexample.com%2Fok%3Fs%3D%7BCHECKOUT_SESSION_ID%7D&ui_mode=hosted_page",
	},
	{
		name:   "create: embedded return_url",
		params: &client.SessionCreateParams{UIMode: S("embedded_page"), ReturnURL: S("https://example.com/r")},
		want:   "return_url=https%3A%2F%2Fexample.com%2Fr&ui_mode=embedded_page",
	},
	{
		name: "create: line item with price, quantity, adjustable_quantity and extra",
		params: &client.SessionCreateParams{LineItems: []*client.SessionLineItemParams{{
			Price:              S("price_1"),
			Quantity:           I(2),
			AdjustableQuantity: &client.AdjustableQuantityParams{Enabled: B(true), Minimum: I(1), Maximum: I(10)},
			Extra:              map[string]any{"tax_rates": []any{"txr_1"}},
		}, {Price: S("price_2"), Quantity: I(1)}}},
		want: "line_items[0][adjustable_quantity][enabled]=true&line_items[0][adjustable_quantity][maximum]=10" +
			"&line_items[0][adjustable_quantity][minimum]=1&line_items[0][price]=price_1&line_items[0][quantity]=2" +
			"&line_items[0][tax_rates][0]=txr_1&line_items[1][price]=price_2&line_items[1][quantity]=1",
	},
	{
		name: "create: line item with price_data, product_data and recurring",
		params: &client.SessionCreateParams{LineItems: []*client.SessionLineItemParams{{
			PriceData: &client.PriceDataParams{
				Currency:   S("eur"),
				UnitAmount: I(1999),
				ProductData: &client.ProductDataParams{
					Name:        S("Gold & Silver"),
					Description: S("Monthly plan"),
					Images:      []string{"https://example.com/a.png", "https://example.com/b.png"},
					Metadata:    map[string]string{"sku": "g1"},
					Extra:       map[string]any{"tax_code": "txcd_10000000"},
				},
				Recurring:   &client.RecurringParams{Interval: S("month"), IntervalCount: I(3)},
				TaxBehavior: S("exclusive"),
				Extra:       map[string]any{"custom_unit_amount": map[string]any{"enabled": false}},
			},
			Quantity: I(1),
		}}},
		want: "line_items[0][price_data][currency]=eur" +
			"&line_items[0][price_data][custom_unit_amount][enabled]=false" +
			"&line_items[0][price_data][product_data][description]=Monthly+plan" +
			"&line_items[0][price_data][product_data][images][0]=https%3A%2F%2Fexample.com%2Fa.png" +
			"&line_items[0][price_data][product_data][images][1]=https%3A%2F%2Fexample.com%2Fb.png" +
			"&line_items[0][price_data][product_data][metadata][sku]=g1" +
			"&line_items[0][price_data][product_data][name]=Gold+%26+Silver" +
			"&line_items[0][price_data][product_data][tax_code]=txcd_10000000" +
			"&line_items[0][price_data][recurring][interval]=month" +
			"&line_items[0][price_data][recurring][interval_count]=3" +
			"&line_items[0][price_data][tax_behavior]=exclusive" +
			"&line_items[0][price_data][unit_amount]=1999&line_items[0][quantity]=1",
	},
	{
		name: "create: price_data with an existing product and a decimal amount",
		params: &client.SessionCreateParams{LineItems: []*client.SessionLineItemParams{{
			PriceData: &client.PriceDataParams{Currency: S("usd"), Product: S("prod_1"), UnitAmountDecimal: S("12.5")},
			Quantity:  I(4),
		}}},
		want: "line_items[0][price_data][currency]=usd&line_items[0][price_data][product]=prod_1" +
			"&line_items[0][price_data][unit_amount_decimal]=12.5&line_items[0][quantity]=4",
	},
	{
		name: "create: customer fields",
		params: &client.SessionCreateParams{
			Customer: S("cus_1"), CustomerEmail: S("a+b@example.com"),
			CustomerCreation: S("always"), ClientReferenceID: S("order 42"),
		},
		want: "client_reference_id=order+42&customer=cus_1&customer_creation=always&customer_email=a%2Bb%40example.com",
	},
	{
		name:   "create: metadata with an empty value",
		params: &client.SessionCreateParams{Metadata: map[string]string{"order": "42", "old": "", "note": "a=b&c"}},
		want:   "metadata[note]=a%3Db%26c&metadata[old]=&metadata[order]=42",
	},
	{
		name: "create: scalars",
		params: &client.SessionCreateParams{
			ExpiresAt: I(1700086400), PaymentMethodTypes: []string{"card", "link"},
			AllowPromotionCodes: B(false), BillingAddressCollection: S("required"),
			Locale: S("fr"), SubmitType: S("donate"),
		},
		want: "allow_promotion_codes=false&billing_address_collection=required&expires_at=1700086400" +
			"&locale=fr&payment_method_types[0]=card&payment_method_types[1]=link&submit_type=donate",
	},
	{
		name: "create: discounts",
		params: &client.SessionCreateParams{Discounts: []*client.DiscountParams{
			{Coupon: S("co_1")}, {PromotionCode: S("promo_1")},
		}},
		want: "discounts[0][coupon]=co_1&discounts[1][promotion_code]=promo_1",
	},
	{
		name: "create: shipping options and address collection",
		params: &client.SessionCreateParams{
			ShippingOptions: []*client.ShippingOptionParams{
				{ShippingRate: S("shr_1")},
				{ShippingRateData: &client.ShippingRateDataParams{
					DisplayName: S("Ground"), Type: S("fixed_amount"),
					FixedAmount: &client.FixedAmountParams{Amount: I(500), Currency: S("usd")},
					Extra:       map[string]any{"delivery_estimate": map[string]any{"minimum": map[string]any{"unit": "business_day", "value": 5}}},
				}},
				{ShippingRate: S("shr_2"), Extra: map[string]any{"future_param": "x"}},
			},
			ShippingAddressCollection: &client.ShippingAddressCollectionParams{AllowedCountries: []string{"US", "CA"}},
		},
		want: "shipping_address_collection[allowed_countries][0]=US&shipping_address_collection[allowed_countries][1]=CA" +
			"&shipping_options[0][shipping_rate]=shr_1" +
			"&shipping_options[1][shipping_rate_data][delivery_estimate][minimum][unit]=business_day" +
			"&shipping_options[1][shipping_rate_data][delivery_estimate][minimum][value]=5" +
			"&shipping_options[1][shipping_rate_data][display_name]=Ground" +
			"&shipping_options[1][shipping_rate_data][fixed_amount][amount]=500" +
			"&shipping_options[1][shipping_rate_data][fixed_amount][currency]=usd" +
			"&shipping_options[1][shipping_rate_data][type]=fixed_amount" +
			"&shipping_options[2][future_param]=x&shipping_options[2][shipping_rate]=shr_2",
	},
	{
		name: "create: enabled switches",
		params: &client.SessionCreateParams{
			PhoneNumberCollection: &client.PhoneNumberCollectionParams{Enabled: B(true)},
			AutomaticTax:          &client.AutomaticTaxParams{Enabled: B(true), Extra: map[string]any{"liability": map[string]any{"type": "self"}}},
			TaxIDCollection:       &client.TaxIDCollectionParams{Enabled: B(false)},
		},
		want: "automatic_tax[enabled]=true&automatic_tax[liability][type]=self" +
			"&phone_number_collection[enabled]=true&tax_id_collection[enabled]=false",
	},
	{
		name: "create: subscription_data",
		params: &client.SessionCreateParams{Mode: S("subscription"), SubscriptionData: &client.SubscriptionDataParams{
			Description: S("Gold"), TrialPeriodDays: I(14), Metadata: map[string]string{"plan": "gold"},
			Extra: map[string]any{"billing_cycle_anchor": 1700000000},
		}},
		want: "mode=subscription&subscription_data[billing_cycle_anchor]=1700000000&subscription_data[description]=Gold" +
			"&subscription_data[metadata][plan]=gold&subscription_data[trial_period_days]=14",
	},
	{
		name: "create: payment_intent_data",
		params: &client.SessionCreateParams{PaymentIntentData: &client.PaymentIntentDataParams{
			CaptureMethod: S("manual"), Description: S("Order 42"), ReceiptEmail: S("r@example.com"),
			SetupFutureUsage: S("off_session"), StatementDescriptor: S("ACME"),
			Metadata: map[string]string{"order": "42"},
			Extra:    map[string]any{"transfer_data": map[string]any{"destination": "acct_1"}},
		}},
		want: "payment_intent_data[capture_method]=manual&payment_intent_data[description]=Order+42" +
			"&payment_intent_data[metadata][order]=42&payment_intent_data[receipt_email]=r%40example.com" +
			"&payment_intent_data[setup_future_usage]=off_session&payment_intent_data[statement_descriptor]=ACME" +
			"&payment_intent_data[transfer_data][destination]=acct_1",
	},
	{
		name: "create: custom_fields",
		params: &client.SessionCreateParams{CustomFields: []*client.CustomFieldParams{
			{
				Key: S("engraving"), Type: S("text"), Optional: B(true),
				Label: &client.CustomFieldLabelParams{Type: S("custom"), Custom: S("Engraving")},
				Extra: map[string]any{"text": map[string]any{"maximum_length": 20}},
			},
			{
				Key: S("wrap"), Type: S("dropdown"),
				Label: &client.CustomFieldLabelParams{Type: S("custom"), Custom: S("Wrap")},
				Dropdown: &client.CustomFieldDropdownParams{Options: []*client.CustomFieldOptionParams{
					{Label: S("Gift wrap"), Value: S("gift")}, {Label: S("None"), Value: S("none")},
				}},
			},
		}},
		want: "custom_fields[0][key]=engraving&custom_fields[0][label][custom]=Engraving&custom_fields[0][label][type]=custom" +
			"&custom_fields[0][optional]=true&custom_fields[0][text][maximum_length]=20&custom_fields[0][type]=text" +
			"&custom_fields[1][dropdown][options][0][label]=Gift+wrap&custom_fields[1][dropdown][options][0][value]=gift" +
			"&custom_fields[1][dropdown][options][1][label]=None&custom_fields[1][dropdown][options][1][value]=none" +
			"&custom_fields[1][key]=wrap&custom_fields[1][label][custom]=Wrap&custom_fields[1][label][type]=custom" +
			"&custom_fields[1][type]=dropdown",
	},
	{
		name: "create: custom_text",
		params: &client.SessionCreateParams{CustomText: &client.CustomTextParams{
			AfterSubmit:              &client.CustomTextMessageParams{Message: S("Thanks!")},
			ShippingAddress:          &client.CustomTextMessageParams{Message: S("Ships in 2 days")},
			Submit:                   &client.CustomTextMessageParams{Message: S("")},
			TermsOfServiceAcceptance: &client.CustomTextMessageParams{Message: S("I agree to the [terms](https://example.com/t)")},
			Extra:                    map[string]any{"future_text": map[string]any{"message": "x"}},
		}},
		want: "custom_text[after_submit][message]=Thanks%21&custom_text[future_text][message]=x" +
			"&custom_text[shipping_address][message]=Ships+in+2+days&custom_text[submit][message]=" +
			"&custom_text[terms_of_service_acceptance][message]=I+agree+to+the+%5Bterms%5D%28https%3A%2F%2Fexample.com%2Ft%29",
	},
	{
		name: "create: consent_collection and after_expiration",
		params: &client.SessionCreateParams{
			ConsentCollection: &client.ConsentCollectionParams{
				Promotions: S("auto"), TermsOfService: S("required"),
				Extra: map[string]any{"payment_method_reuse_agreement": map[string]any{"position": "hidden"}},
			},
			AfterExpiration: &client.AfterExpirationParams{Recovery: &client.RecoveryParams{Enabled: B(true), AllowPromotionCodes: B(false)}},
		},
		want: "after_expiration[recovery][allow_promotion_codes]=false&after_expiration[recovery][enabled]=true" +
			"&consent_collection[payment_method_reuse_agreement][position]=hidden" +
			"&consent_collection[promotions]=auto&consent_collection[terms_of_service]=required",
	},
	{
		name: "create: expand and a nested escape hatch",
		params: &client.SessionCreateParams{
			Params: client.Params{
				Expand: []string{"line_items", "customer"},
				Extra: map[string]any{
					"invoice_creation": map[string]any{"enabled": true, "invoice_data": map[string]any{
						"custom_fields": []any{map[string]any{"name": "PO", "value": "123"}}, "footer": nil}},
					"saved_payment_method_options": map[string]any{"payment_method_save": "enabled"},
					"amount":                       1.25,
				},
			},
			Mode: S("payment"),
		},
		want: "amount=1.25&expand[0]=line_items&expand[1]=customer&invoice_creation[enabled]=true" +
			"&invoice_creation[invoice_data][custom_fields][0][name]=PO&invoice_creation[invoice_data][custom_fields][0][value]=123" +
			"&mode=payment&saved_payment_method_options[payment_method_save]=enabled",
	},
	{
		name: "create: explicit empty values are sent as key=",
		params: &client.SessionCreateParams{
			Params:              client.Params{Extra: map[string]any{"custom_text": form.Empty, "shipping_address_collection": ""}},
			ClientReferenceID:   S(""),
			Metadata:            map[string]string{},
			PaymentMethodTypes:  []string{},
			Discounts:           []*client.DiscountParams{},
			AllowPromotionCodes: B(false),
			CustomText:          &client.CustomTextParams{Submit: &client.CustomTextMessageParams{Message: S("replaced by Extra")}},
		},
		want: "allow_promotion_codes=false&client_reference_id=&custom_text=&discounts=&metadata=" +
			"&payment_method_types=&shipping_address_collection=",
	},
	{
		name: "create: unset and empty sub-structs are not sent; Extra nil removes a typed field",
		params: &client.SessionCreateParams{
			Params:          client.Params{Extra: map[string]any{"customer": nil}},
			Customer:        S("cus_1"),
			AutomaticTax:    &client.AutomaticTaxParams{},
			CustomText:      &client.CustomTextParams{},
			AfterExpiration: &client.AfterExpirationParams{Recovery: &client.RecoveryParams{}},
			LineItems:       []*client.SessionLineItemParams{{Price: S("price_1")}},
		},
		want: "line_items[0][price]=price_1",
	},

	// ---- update ----
	{
		name: "update: metadata, collected_information, shipping_options, line_items",
		params: &client.SessionUpdateParams{
			Metadata: map[string]string{"order": "43", "old": ""},
			CollectedInformation: &client.CollectedInformationParams{
				ShippingDetails: &client.ShippingDetailsParams{
					Name: S("Jenny Rosen"),
					Address: &client.AddressParams{
						Line1: S("1 Main St"), Line2: S("Apt 2"), City: S("San Francisco"),
						State: S("CA"), PostalCode: S("94111"), Country: S("US"),
					},
				},
				Extra: map[string]any{"future_info": "x"},
			},
			ShippingOptions: []*client.ShippingOptionParams{{ShippingRate: S("shr_2")}},
			LineItems: []*client.SessionUpdateLineItemParams{
				{ID: S("li_1"), Quantity: I(3)},
				{ID: S("li_2")},
				{
					Price: S("price_3"), Quantity: I(1), Metadata: map[string]string{"gift": "yes"},
					TaxRates: []string{"txr_1", "txr_2"}, Extra: map[string]any{"future": "x"},
				},
			},
		},
		want: "collected_information[future_info]=x" +
			"&collected_information[shipping_details][address][city]=San+Francisco" +
			"&collected_information[shipping_details][address][country]=US" +
			"&collected_information[shipping_details][address][line1]=1+Main+St" +
			"&collected_information[shipping_details][address][line2]=Apt+2" +
			"&collected_information[shipping_details][address][postal_code]=94111" +
			"&collected_information[shipping_details][address][state]=CA" +
			"&collected_information[shipping_details][name]=Jenny+Rosen" +
			"&line_items[0][id]=li_1&line_items[0][quantity]=3&line_items[1][id]=li_2" +
			"&line_items[2][future]=x&line_items[2][metadata][gift]=yes&line_items[2][price]=price_3" +
			"&line_items[2][quantity]=1&line_items[2][tax_rates][0]=txr_1&line_items[2][tax_rates][1]=txr_2" +
			"&metadata[old]=&metadata[order]=43&shipping_options[0][shipping_rate]=shr_2",
	},
	{
		name: "update: clearing metadata and shipping options, with expand and Extra",
		params: &client.SessionUpdateParams{
			Params:          client.Params{Expand: []string{"line_items"}, Extra: map[string]any{"future": map[string]any{"a": 1}}},
			Metadata:        map[string]string{},
			ShippingOptions: []*client.ShippingOptionParams{},
		},
		want: "expand[0]=line_items&future[a]=1&metadata=&shipping_options=",
	},

	// ---- retrieve and expire ----
	{
		name:   "retrieve: expand",
		params: &client.SessionRetrieveParams{Params: client.Params{Expand: []string{"customer", "line_items.data.price.product"}}},
		want:   "expand[0]=customer&expand[1]=line_items.data.price.product",
	},
	{
		name:   "expire: expand and Extra",
		params: &client.SessionExpireParams{Params: client.Params{Expand: []string{"payment_intent"}, Extra: map[string]any{"future": true}}},
		want:   "expand[0]=payment_intent&future=true",
	},

	// ---- list ----
	{
		name: "list: every filter",
		params: &client.SessionListParams{
			ListParams:      client.ListParams{Limit: I(100), StartingAfter: S("cs_9")},
			Status:          S("complete"),
			Customer:        S("cus_1"),
			CustomerDetails: &client.CustomerDetailsParams{Email: S("a+b@example.com")},
			PaymentIntent:   S("pi_1"),
			PaymentLink:     S("plink_1"),
			Subscription:    S("sub_1"),
			Created:         &client.RangeParams{GT: I(1), GTE: I(2), LT: I(3), LTE: I(4)},
		},
		want: "created[gt]=1&created[gte]=2&created[lt]=3&created[lte]=4&customer=cus_1" +
			"&customer_details[email]=a%2Bb%40example.com&limit=100&payment_intent=pi_1&payment_link=plink_1" +
			"&starting_after=cs_9&status=complete&subscription=sub_1",
	},
	{
		name: "list: ending_before, expand and Extra",
		params: &client.SessionListParams{
			Params:     client.Params{Expand: []string{"data.line_items"}, Extra: map[string]any{"future": "x"}},
			ListParams: client.ListParams{EndingBefore: S("cs_1")},
		},
		want: "ending_before=cs_1&expand[0]=data.line_items&future=x",
	},
	{
		name: "list line items: cursor, limit, expand and Extra",
		params: &client.LineItemListParams{
			Params:     client.Params{Expand: []string{"data.price.product"}, Extra: map[string]any{"future": 1}},
			ListParams: client.ListParams{Limit: I(5), EndingBefore: S("li_9")},
		},
		want: "ending_before=li_9&expand[0]=data.price.product&future=1&limit=5",
	},
}

// call sends p with the operation its type belongs to.
func call(ctx context.Context, s *client.SessionService, p any) error {
	var err error
	switch p := p.(type) {
	case *client.SessionCreateParams:
		_, err = s.Create(ctx, p)
	case *client.SessionUpdateParams:
		_, err = s.Update(ctx, "cs_1", p)
	case *client.SessionRetrieveParams:
		_, err = s.Retrieve(ctx, "cs_1", p)
	case *client.SessionExpireParams:
		_, err = s.Expire(ctx, "cs_1", p)
	case *client.SessionListParams:
		_, err = s.List(ctx, p)
	case *client.LineItemListParams:
		_, err = s.ListLineItems(ctx, "cs_1", p)
	default:
		err = fmt.Errorf("no operation for %T", p)
	}
	return err
}

func TestParamsGolden(t *testing.T) {
	list := `{"object":"list","data":[],"has_more":false,"url":"/v1/checkout/sessions"}`
	for _, tt := range goldens {
		t.Run(tt.name, func(t *testing.T) {
			body := sessionJSON
			switch tt.params.(type) {
			case *client.SessionListParams, *client.LineItemListParams:
				body = list
			}
			srv := newServer(t, reply(200, body))
			c, _ := newClient(t, srv, client.Options{})
			require.NoError(t, call(context.Background(), c.Sessions, tt.params))
			reqs := srv.requests()
			require.Len(t, reqs, 1)
			got := reqs[0].Body
			if reqs[0].Method == "GET" {
				got = reqs[0].Query
				assert.Empty(t, reqs[0].Body)
			} else {
				assert.Empty(t, reqs[0].Query)
			}
			assert.Equal(t, tt.want, got)

			// The wire form is what Stripe will read.
			vals, err := url.ParseQuery(got)
			require.NoError(t, err)
			for k, v := range vals {
				assert.Len(t, v, 1, "key %s sent once", k)
			}
			tree, err := form.Decode(got)
			require.NoError(t, err)
			want, err := form.Tree(tt.params)
			require.NoError(t, err)
			assert.Equal(t, want, tree, "form.Decode(body) == form.Tree(params)")
		})
	}
}

// Encoding the same params 100 times gives the same bytes, for every
// golden shape (maps are iterated in random order by Go, so this would
// catch any ordering leak).
func TestParamsEncodingDeterministic(t *testing.T) {
	for _, tt := range goldens {
		t.Run(tt.name, func(t *testing.T) {
			for range 100 {
				got, err := form.Encode(tt.params)
				require.NoError(t, err)
				require.Equal(t, tt.want, got)
			}
		})
	}
}

// The golden table documents itself: each case name says which shape it
// covers, and no two cases share a name.
func TestGoldenNamesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, g := range goldens {
		require.False(t, seen[g.name], g.name)
		seen[g.name] = true
		require.True(t, strings.Contains(g.name, ": "), g.name)
	}
}

// A nil element of a params slice is an error before anything is sent: it
// used to be dropped, renumbering the items after it.
func TestNilSliceElementIsAnError(t *testing.T) {
	srv := newServer(t, reply(200, sessionJSON))
	c, _ := newClient(t, srv, client.Options{})
	_, err := c.Sessions.Create(context.Background(), &client.SessionCreateParams{
		LineItems: []*client.SessionLineItemParams{{Price: S("price_1")}, nil, {Price: S("price_3")}},
	})
	require.Error(t, err)
	assert.Equal(t, "stripe: POST /v1/checkout/sessions: form: line_items[1]: nil element", err.Error())
	assert.Empty(t, srv.requests(), "nothing sent")
}
