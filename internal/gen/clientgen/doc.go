// Package clientgen generates the Checkout Sessions client's types
// (package client's zz_generated_*.go files) from Stripe's OpenAPI spec,
// the same pinned spec that package contractgen turns into contracts/.
// cmd/contracts (make contracts) runs both.
//
// # What is generated
//
//   - Params: one struct per object a request of create, update, list,
//     list_line_items, retrieve or expire accepts, to full depth. The roots
//     keep the hand-written names (SessionCreateParams, …) and embed
//     client.Params (expand, Extra) and, for lists, client.ListParams
//     (limit and cursors); every nested struct has its own Extra. Scalars
//     are pointers (*string, *int64, *float64, *bool), so that nil means
//     "not sent"; metadata-like objects are map[string]string; arrays of
//     objects are slices of struct pointers. A parameter Stripe also
//     accepts as "" (to clear it) says so in its doc comment.
//   - Enums: every string enum, of a parameter or of a response field,
//     becomes a named string type with one constant per value. Params
//     fields stay *string (as in stripe-go): pass string(Const).
//   - Responses: checkout.session (Session), item (LineItem) and every
//     component schema they reach, to full depth. Nullable and optional
//     fields are pointers; expandable fields (the spec's
//     x-expansionResources) are *Expandable[T].
//
// # The bounded rule for expansion targets
//
// An expandable field's object type T is generated when the object, with
// everything it reaches without crossing another expandable field, adds at
// most [MaxTargetSchemas] schemas to those the session and line item reach
// themselves (so product, price, coupon, promotion_code, shipping_rate,
// tax_id, subscription, payment_link, account and customer are typed).
// Larger ones (invoice, payment_intent, setup_intent) are Expandable[Object]:
// their id, object name and raw JSON, readable with Get. An expandable
// field inside a generated object is typed when its object is generated
// anyway, and Object otherwise; the rule is not applied again from there,
// which keeps the set bounded.
//
// Names: a component schema's name in CamelCase, with
// "payment_pages_checkout_session_" and "checkout_session_" shortened to
// "Session"; an inline object is its parent's name plus the field's. A
// few params types keep the names the hand-written client gave them
// (see legacyNames).
package clientgen
