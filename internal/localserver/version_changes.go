package localserver

import (
	"net/url"
	"regexp"
	"strings"
)

// versionChange is one change Stripe made in an API version that pruning
// by the older version's contract cannot undo: a renamed value or a moved
// field. Like Stripe's own version-change modules it translates a request
// at an older version up (Up) and an answer down (Down, Message). Fields a
// version added are not listed here: pruning by the older version's
// contracts leaves them out.
type versionChange struct {
	// Version is the first version with the change.
	Version string
	// What says what changed, with Stripe's changelog entry.
	What string
	// Object is the type ("object" field) of the objects Down applies to,
	// wherever they are in an answer (a list's data, an event's
	// data.object, an expanded field).
	Object string
	// Up rewrites the parameters of a request to op (a contract operation
	// name, "" when the contracts have none), made at a version before
	// Version, into Version's terms, and reports whether it changed any.
	// Nil means the change has no request side.
	Up func(op string, vals url.Values) bool
	// Down rewrites one object of type Object into the terms of a version
	// before Version.
	Down func(o map[string]any)
	// Message rewrites an error message the server wrote in Version's
	// terms (a ui_mode value it names). Nil means none.
	Message func(msg string) string
}

// versionChanges are the changes, oldest first. The server's own state and
// stripe-mock are always in the newest terms.
var versionChanges = []versionChange{
	{
		Version: "2025-09-30.clover",
		What: "A discount's coupon moved under source: discount.coupon (an object) became " +
			"discount.source.coupon, with source.type coupon (the 2025-09-30.clover spec has source " +
			"where 2025-05-28.basil's has coupon).",
		Object: "discount",
		Down:   discountCouponDown,
	},
	{
		Version: "2026-03-25.dahlia",
		What: "Checkout Session ui_mode values renamed: hosted → hosted_page, embedded → embedded_page, " +
			"custom → elements; the old values are refused from this version on " +
			"(https://docs.stripe.com/changelog/dahlia/2026-03-25/updates-available-checkout-session-ui-modes).",
		Object: "checkout.session",
		Up: func(op string, vals url.Values) bool {
			if op != "create" {
				return false
			}
			return renameValue(vals, "ui_mode", uiModeUp)
		},
		Down: func(o map[string]any) {
			if v, ok := o["ui_mode"].(string); ok {
				if old, ok := uiModeDown[v]; ok {
					o["ui_mode"] = old
				}
			}
		},
		Message: func(msg string) string {
			if !strings.Contains(msg, "ui_mode") {
				return msg
			}
			return newUIMode.ReplaceAllStringFunc(msg, func(v string) string { return uiModeDown[v] })
		},
	},
}

// The ui_mode renames of 2026-03-25.dahlia, both ways.
var (
	uiModeUp   = map[string]string{"hosted": "hosted_page", "embedded": "embedded_page", "custom": "elements"}
	uiModeDown = map[string]string{"hosted_page": "hosted", "embedded_page": "embedded", "elements": "custom"}
	newUIMode  = regexp.MustCompile(`\b(hosted_page|embedded_page|elements)\b`)
)

// renameValue replaces the value of parameter key by its entry in to, if
// it has one.
func renameValue(vals url.Values, key string, to map[string]string) bool {
	vs, ok := vals[key]
	if !ok || len(vs) == 0 {
		return false
	}
	nv, ok := to[vs[0]]
	if !ok {
		return false
	}
	vals[key] = []string{nv}
	return true
}

// discountCouponDown puts a discount's source.coupon back where versions
// before clover have it, discount.coupon, when it is an object (an id
// alone stays under source: the older shape needs the whole coupon).
func discountCouponDown(o map[string]any) {
	src, ok := o["source"].(map[string]any)
	if !ok {
		return
	}
	coupon, ok := src["coupon"].(map[string]any)
	if !ok {
		return
	}
	o["coupon"] = coupon
	delete(o, "source")
}
