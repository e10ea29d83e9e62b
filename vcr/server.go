package vcr

import (
	"net/http"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
)

// ServerHeader is the response header in which [Record] stamps, on every
// exchange it saves, the [Server] that answered:
//
//	Checkoutvcr-Server: stripe-mock; stateful=false; local=true
//
// It is an ordinary recorded header, so any go-vcr v3 reader keeps it.
const ServerHeader = "Checkoutvcr-Server"

// Kinds of server, for [Server].Kind.
const (
	// ServerStripeMock is stripe-mock: it validates requests and answers
	// with fixtures, but keeps no state.
	ServerStripeMock = "stripe-mock"
	// ServerStripe is Stripe itself (test mode), or Stripe through a proxy.
	ServerStripe = "stripe"
	// ServerLocal is checkoutvcr's stateful Checkout server on loopback,
	// layered over stripe-mock.
	ServerLocal = "local"
	// ServerCustom is any other server.
	ServerCustom = "custom"
)

// Server is what a recording server declares about itself; see
// [RecordOptions].Server.
type Server struct {
	// Kind is [ServerStripeMock], [ServerStripe], [ServerLocal] or
	// [ServerCustom].
	Kind string
	// Stateful is true for a server that remembers what it was sent
	// (sessions, their metadata, their status), as Stripe does.
	Stateful bool
	// Local is true for a server on this machine's loopback.
	Local bool
}

// ServerOf reads the [ServerHeader] stamp from a recorded response's
// headers. A response without a stamp is taken for stripe-mock when it
// has stripe-mock's Stripe-Mock-Version header, else for Stripe.
func ServerOf(h http.Header) Server {
	return Server(cassette.ServerOf(h))
}

// String is the stamp's value: "stripe-mock; stateful=false; local=true".
func (s Server) String() string { return cassette.Server(s).String() }
