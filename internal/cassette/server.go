package cassette

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// ServerHeader is the response header in which record stamps, on every
// interaction it saves, the [Server] that answered:
//
//	Checkoutvcr-Server: stripe-mock; stateful=false; local=true
//
// record writes it in go-vcr's BeforeSaveHook, overwriting anything the
// server sent under that name, so it survives go-vcr v3's load and save
// like any other recorded header. Verify reads it back with [ServerOf].
const ServerHeader = "Checkoutvcr-Server"

// Kinds of server a recording can come from; see [Server].Kind.
const (
	// ServerStripeMock is stripe-mock: stateless, it does not remember
	// sessions. record starts it on loopback when given no server.
	ServerStripeMock = "stripe-mock"
	// ServerStripe is Stripe itself, or Stripe through a proxy.
	ServerStripe = "stripe"
	// ServerLocal is a stateful Checkout server on loopback, layered over
	// stripe-mock.
	ServerLocal = "local"
	// ServerCustom is any other server, declared by whoever records.
	ServerCustom = "custom"
)

// Server is what a recording server declares about itself: the record
// target carries it and record stamps it into each cassette
// ([ServerHeader]). Whether a step's expect_stateful applies depends on
// Stateful alone (see scenario.Step.Applicable).
type Server struct {
	// Kind is [ServerStripeMock], [ServerStripe], [ServerLocal] or
	// [ServerCustom].
	Kind string
	// Stateful is true for a server that remembers what it was sent:
	// sessions, their metadata, their status.
	Stateful bool
	// Local is true for a server on this machine's loopback; its
	// host:port in recorded URLs is replaced by [MockHost].
	Local bool
}

// String is the stamp's value: "stripe-mock; stateful=false; local=true".
func (s Server) String() string {
	return fmt.Sprintf("%s; stateful=%t; local=%t", s.Kind, s.Stateful, s.Local)
}

// parseServer reads a stamp written by [Server.String]; ok is false for a
// value that is not one.
func parseServer(v string) (s Server, ok bool) {
	parts := strings.Split(v, ";")
	if len(parts) != 3 {
		return Server{}, false
	}
	s.Kind = strings.TrimSpace(parts[0])
	for _, p := range parts[1:] {
		k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
		b, err := strconv.ParseBool(val)
		if err != nil {
			return Server{}, false
		}
		switch k {
		case "stateful":
			s.Stateful = b
		case "local":
			s.Local = b
		default:
			return Server{}, false
		}
	}
	return s, s.Kind != ""
}

// ServerOf tells which server produced a recorded response from its
// headers: the stamp in [ServerHeader] when there is one. A cassette
// recorded before the stamp existed has none; for it alone the server is
// guessed as it used to be: stripe-mock (stateless, local) if the response
// has a Stripe-Mock-Version header, else Stripe (stateful, not local).
func ServerOf(h http.Header) Server {
	if s, ok := parseServer(h.Get(ServerHeader)); ok {
		return s
	}
	if h.Get("Stripe-Mock-Version") != "" {
		return Server{Kind: ServerStripeMock, Local: true}
	}
	return Server{Kind: ServerStripe, Stateful: true}
}
