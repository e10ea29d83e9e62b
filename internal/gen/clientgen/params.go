package clientgen

import (
	"fmt"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
)

// paramsRoots names the params struct of each operation.
var paramsRoots = map[string]string{
	"create":          "SessionCreateParams",
	"update":          "SessionUpdateParams",
	"list":            "SessionListParams",
	"list_line_items": "LineItemListParams",
	"retrieve":        "SessionRetrieveParams",
	"expire":          "SessionExpireParams",
}

// legacyNames keeps the names the hand-written client gave some params
// types, keyed by operation and parameter path ("[]" marks an array's
// elements). Several paths may share a name when their shapes agree.
var legacyNames = map[string]string{
	"create.line_items[]":                                       "SessionLineItemParams",
	"create.line_items[].price_data":                            "PriceDataParams",
	"create.line_items[].price_data.product_data":               "ProductDataParams",
	"create.line_items[].price_data.recurring":                  "RecurringParams",
	"create.line_items[].adjustable_quantity":                   "AdjustableQuantityParams",
	"create.discounts[]":                                        "DiscountParams",
	"create.shipping_options[]":                                 "ShippingOptionParams",
	"create.shipping_options[].shipping_rate_data":              "ShippingRateDataParams",
	"create.shipping_options[].shipping_rate_data.fixed_amount": "FixedAmountParams",
	"create.shipping_address_collection":                        "ShippingAddressCollectionParams",
	"create.phone_number_collection":                            "PhoneNumberCollectionParams",
	"create.automatic_tax":                                      "AutomaticTaxParams",
	"create.tax_id_collection":                                  "TaxIDCollectionParams",
	"create.subscription_data":                                  "SubscriptionDataParams",
	"create.payment_intent_data":                                "PaymentIntentDataParams",
	"create.custom_fields[]":                                    "CustomFieldParams",
	"create.custom_fields[].label":                              "CustomFieldLabelParams",
	"create.custom_fields[].dropdown":                           "CustomFieldDropdownParams",
	"create.custom_fields[].dropdown.options[]":                 "CustomFieldOptionParams",
	"create.custom_text":                                        "CustomTextParams",
	"create.custom_text.after_submit":                           "CustomTextMessageParams",
	"create.custom_text.shipping_address":                       "CustomTextMessageParams",
	"create.custom_text.submit":                                 "CustomTextMessageParams",
	"create.custom_text.terms_of_service_acceptance":            "CustomTextMessageParams",
	"create.consent_collection":                                 "ConsentCollectionParams",
	"create.after_expiration":                                   "AfterExpirationParams",
	"create.after_expiration.recovery":                          "RecoveryParams",
	"update.line_items[]":                                       "SessionUpdateLineItemParams",
	"update.collected_information":                              "CollectedInformationParams",
	"update.collected_information.shipping_details":             "ShippingDetailsParams",
	"update.collected_information.shipping_details.address":     "AddressParams",
	"update.shipping_options[]":                                 "ShippingOptionParams",
	"update.shipping_options[].shipping_rate_data":              "ShippingRateDataParams",
	"update.shipping_options[].shipping_rate_data.fixed_amount": "FixedAmountParams",
	"update.line_items[].price_data":                            "PriceDataParams",
	"update.line_items[].price_data.product_data":               "ProductDataParams",
	"update.line_items[].price_data.recurring":                  "RecurringParams",
	"update.line_items[].adjustable_quantity":                   "AdjustableQuantityParams",
	"list.customer_details":                                     "CustomerDetailsParams",
	"list.created":                                              "RangeParams",
}

// listParams are the list parameters client.ListParams holds.
var listParams = map[string]bool{"limit": true, "starting_after": true, "ending_before": true}

// paramsGen builds the params types.
type paramsGen struct {
	spec  *openapi.Spec
	types map[string]*goType
}

// root declares the params struct of one operation.
func (g *paramsGen) root(e openapi.Endpoint, schema openapi.Schema) error {
	name := paramsRoots[e.Name]
	if name == "" {
		return fmt.Errorf("no params type name for operation %q", e.Name)
	}
	t := &goType{name: name, doc: fmt.Sprintf("%s are the parameters of %s %s (the %s operation). Nil pointers, maps and slices are not sent.", name, e.Method, e.Path, e.Name)}
	t.embeds = []string{"\t// Params holds Expand and Extra.\n\tParams"}
	props := mapOf(schema["properties"])
	if _, ok := props["limit"]; ok {
		t.embeds = append(t.embeds, "\t// ListParams holds the page size and the cursors.\n\tListParams")
	}
	for _, key := range sortedKeys(props) {
		if key == "expand" || (listParams[key] && len(t.embeds) == 2) {
			continue
		}
		f, err := g.field(strings.TrimSuffix(name, "Params"), e.Name+"."+key, key, mapOf(props[key]))
		if err != nil {
			return err
		}
		t.fields = append(t.fields, f)
	}
	return g.declare(t)
}

// declare adds t, or checks that an earlier type of the same name has its
// shape.
func (g *paramsGen) declare(t *goType) error {
	if old, ok := g.types[t.name]; ok {
		if old.isEnum != t.isEnum || (!t.isEnum && !sameShape(old, t)) || (t.isEnum && strings.Join(old.enum, ",") != strings.Join(t.enum, ",")) {
			return fmt.Errorf("two different types named %s", t.name)
		}
		return nil
	}
	g.types[t.name] = t
	return nil
}

// field returns the struct field for parameter key at path.
func (g *paramsGen) field(base, path, key string, prop openapi.Schema) (field, error) {
	s, clears := unwrapParam(g.spec, prop)
	name := camel(key)
	typ, err := g.typeOf(base+name, path, s)
	if err != nil {
		return field{}, err
	}
	doc := sentence(name, str(prop["description"])+" "+str(s["description"]), "the "+key+" parameter.")
	if clears {
		doc += " Stripe also accepts \"\" here, which clears it: " + clearHow(typ, key) + "."
	}
	return field{name: name, wire: key, typ: typ, doc: doc, tag: fmt.Sprintf(`form:"%s"`, key)}, nil
}

// typeOf returns the Go type of a parameter schema, declaring the types it
// needs. name is the base for declared names.
func (g *paramsGen) typeOf(name, path string, s openapi.Schema) (string, error) {
	switch str(s["type"]) {
	case "string":
		if vals := enumValues(s); len(vals) > 0 {
			if err := g.declare(&goType{name: name, isEnum: true, enum: vals,
				doc: fmt.Sprintf("%s is a value of the %s parameter (its fields are *string: pass string(%s%s)).", name, path, name, camel(vals[0]))}); err != nil {
				return "", err
			}
		}
		return "*string", nil
	case "integer":
		return "*int64", nil
	case "number":
		return "*float64", nil
	case "boolean":
		return "*bool", nil
	case "array":
		items, _ := unwrapParam(g.spec, mapOf(s["items"]))
		elem, err := g.typeOf(name, path+"[]", items)
		if err != nil {
			return "", err
		}
		if str(items["type"]) == "object" && len(mapOf(items["properties"])) > 0 {
			return "[]" + elem, nil
		}
		return "[]" + strings.TrimPrefix(elem, "*"), nil
	case "object":
		props := mapOf(s["properties"])
		if len(props) == 0 {
			return mapType(s), nil
		}
		tname := legacyNames[path]
		if tname == "" {
			tname = name + "Params"
		}
		t := &goType{name: tname, doc: fmt.Sprintf("%s is the %s parameter.", tname, path)}
		if d := docText(str(s["description"])); d != "" {
			t.doc += " " + d
		}
		base := strings.TrimSuffix(tname, "Params")
		for _, key := range sortedKeys(props) {
			f, err := g.field(base, path+"."+key, key, mapOf(props[key]))
			if err != nil {
				return "", err
			}
			t.fields = append(t.fields, f)
		}
		t.extra = []string{"\t// Extra holds parameters the typed fields do not cover, merged over\n\t// them (see [Params]).\n\tExtra map[string]any `form:\",inline\"`"}
		if err := g.declare(t); err != nil {
			return "", err
		}
		return "*" + tname, nil
	}
	return "", fmt.Errorf("parameter %s: unsupported schema %v", path, s)
}

// unwrapParam resolves a $ref and picks the variant of an anyOf that the
// typed field models: an object with properties, else an array, else the
// first that is not the "" that clears a field. clears reports that the
// anyOf allows "".
func unwrapParam(spec *openapi.Spec, s openapi.Schema) (out openapi.Schema, clears bool) {
	s = resolve(spec, s)
	variants := s["anyOf"]
	if variants == nil {
		return s, false
	}
	var best openapi.Schema
	rank := func(v openapi.Schema) int {
		switch {
		case str(v["type"]) == "object" && len(mapOf(v["properties"])) > 0:
			return 3
		case str(v["type"]) == "array":
			return 2
		default:
			return 1
		}
	}
	for _, raw := range variants.([]any) {
		v := resolve(spec, mapOf(raw))
		if isEmptyString(v) {
			clears = true
			continue
		}
		if best == nil || rank(v) > rank(best) {
			best = v
		}
	}
	if best == nil {
		best = openapi.Schema{"type": "string"}
	}
	// The variant inherits the description of the anyOf.
	if str(best["description"]) == "" && str(s["description"]) != "" {
		c := openapi.Schema{}
		for k, v := range best {
			c[k] = v
		}
		c["description"] = s["description"]
		best = c
	}
	return best, clears
}

// isEmptyString reports whether v is the schema {"type":"string","enum":[""]}.
func isEmptyString(v openapi.Schema) bool {
	e, _ := v["enum"].([]any)
	return str(v["type"]) == "string" && len(e) == 1 && e[0] == ""
}

// enumValues returns a string schema's enum values, without "".
func enumValues(s openapi.Schema) []string {
	var out []string
	for _, v := range asSlice(s["enum"]) {
		if sv, ok := v.(string); ok && sv != "" {
			out = append(out, sv)
		}
	}
	return out
}

// resolve follows a $ref to its component schema.
func resolve(spec *openapi.Spec, s openapi.Schema) openapi.Schema {
	for s != nil && s["$ref"] != nil {
		name, err := openapi.ComponentName(s["$ref"])
		if err != nil {
			return s
		}
		s = spec.Components.Schemas[name]
	}
	return s
}

func mapOf(v any) map[string]any { m, _ := v.(map[string]any); return m }
func asSlice(v any) []any        { l, _ := v.([]any); return l }
func str(v any) string           { s, _ := v.(string); return s }

// clearHow says how to send "" for a field of type typ.
func clearHow(typ, key string) string {
	switch {
	case strings.HasPrefix(typ, "[]"):
		return "send an empty non-nil slice"
	case strings.HasPrefix(typ, "map["):
		return "send an empty non-nil map"
	case typ == "*string":
		return "send String(\"\")"
	default:
		return "set Extra[\"" + key + "\"] = form.Empty"
	}
}
