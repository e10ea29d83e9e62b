// Package control names the local server's control endpoints: the paths
// that only the local Checkout server (internal/localserver) answers, such
// as paying a session, which Stripe's API cannot do without a browser. It
// is a leaf, so that the scenario runner and verify can build and recognise
// control requests without depending on the server.
package control

import (
	"net/url"
	"strings"
)

// Prefix starts the path of every control endpoint. No Stripe path starts
// with it, so a control request can never be mistaken for an API call;
// stripe-mock never sees one.
const Prefix = "/_checkoutvcr/"

// PayPath is the endpoint that pays the open session id:
// POST /_checkoutvcr/sessions/{id}/pay.
func PayPath(id string) string { return Prefix + "sessions/" + url.PathEscape(id) + "/pay" }

// IsControl reports whether path is a control endpoint's.
func IsControl(path string) bool { return strings.HasPrefix(path, Prefix) }
