package client

// Params holds what every request's parameters share. Each params struct
// embeds it.
//
// Extra is the escape hatch for anything the typed fields do not cover. Its
// values may be nested map[string]any and []any with string, bool, any
// integer or float, json.Number or nil leaves (exactly what a YAML or JSON
// decoder produces), and are encoded with the same bracket rules as the
// typed fields (see package
// [github.com/checkoutvcr/checkoutvcr/client/form]). Extra is merged last
// and wins: where Extra and a typed field set the same key, maps are
// merged key by key and anything else in Extra replaces the typed value; a
// nil value in Extra removes the key altogether. Typed sub-structs that model only the common
// fields of a deep Stripe object have their own Extra, merged the same way
// at their level.
//
// To clear a field, send it empty: a "" string (also spelled
// [github.com/checkoutvcr/checkoutvcr/client/form.Empty]) or an empty
// non-nil map or slice encodes as "name=". A sub-struct whose fields are
// all nil is not sent at all; to clear such a field, put it in Extra with
// an empty value.
type Params struct {
	// Expand lists fields to return as whole objects instead of ids, e.g.
	// "line_items" or "customer"; sent as expand[0]=…, expand[1]=….
	Expand []string `form:"expand"`
	// Extra holds additional parameters, merged over the typed ones.
	Extra map[string]any `form:",inline"`
}

// String returns a pointer to s, for optional string fields.
func String(s string) *string { return &s }

// Int64 returns a pointer to n, for optional integer fields.
func Int64(n int64) *int64 { return &n }

// Bool returns a pointer to b, for optional boolean fields.
func Bool(b bool) *bool { return &b }

// ListParams are the cursor parameters of every list. StartingAfter and
// EndingBefore are object ids; setting both is an error reported before
// any request is sent.
type ListParams struct {
	// Limit is the page size, 1 to 100 (Stripe's default is 10).
	Limit *int64 `form:"limit"`
	// StartingAfter returns the page after this object id.
	StartingAfter *string `form:"starting_after"`
	// EndingBefore returns the page before this object id.
	EndingBefore *string `form:"ending_before"`
}
