package localserver

import (
	"context"
	"errors"
	"net"
	"net/http"
)

// Listening is a [Server] serving HTTP, made by [Server.Listen].
type Listening struct {
	// URL is the base URL clients use, e.g. "http://127.0.0.1:41234".
	URL string

	hs   *http.Server
	done chan error
}

// Listen serves s on addr until [Listening.Close] or
// [Listening.Shutdown]. An empty addr means "127.0.0.1:0", a free loopback
// port. Listen does not check that addr is loopback; callers that take the
// address from a user do (see cmd/checkoutserver).
func (s *Server) Listen(addr string) (*Listening, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	// The bounds on connections, header and body read time, header and
	// body size and remembered state: bounds.go.
	l := &Listening{URL: "http://" + ln.Addr().String(), done: make(chan error, 1),
		hs: &http.Server{Handler: s.bounded(), ReadHeaderTimeout: readHeaderTimeout, IdleTimeout: idleTimeout, MaxHeaderBytes: maxHeaderBytes}}
	go func() {
		err := l.hs.Serve(newLimitListener(ln, maxConns))
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		l.done <- err
	}()
	return l, nil
}

// Done delivers, once serving has stopped, the error that stopped it: nil
// after [Listening.Close] or [Listening.Shutdown].
func (l *Listening) Done() <-chan error { return l.done }

// Shutdown stops accepting connections and waits, until ctx is done, for
// the requests in flight to finish.
func (l *Listening) Shutdown(ctx context.Context) error { return l.hs.Shutdown(ctx) }

// Close stops serving at once, dropping requests in flight: what a killed
// server looks like to its clients.
func (l *Listening) Close() error { return l.hs.Close() }
