// Package stripemocktest shares one stripe-mock among the tests of a test
// binary: the first test that needs it starts it, TestMain stops it.
//
//	var mock stripemocktest.Shared
//
//	func TestMain(m *testing.M) { os.Exit(mock.Run(m)) }
//
//	func TestSomething(t *testing.T) {
//		base := mock.URL(t) // http://127.0.0.1:PORT
//		…
//	}
//
// checkoutvcrtest.Main is built on it.
package stripemocktest

import (
	"context"
	"sync"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

// Shared is one stripe-mock for a test binary. Its zero value is ready to
// use; it starts nothing until [Shared.URL] or [Shared.Start] is first
// called.
type Shared struct {
	mu     sync.Mutex
	server *stripemock.Server
}

// Start returns the base URL of the shared stripe-mock, starting it with
// opts (on a free loopback port) if it is not running yet. Calls at once
// wait for the one start; a start that failed is tried again by the next
// call.
func (s *Shared) Start(opts stripemock.Options) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.server == nil {
		srv, err := stripemock.Start(context.Background(), opts)
		if err != nil {
			return "", err
		}
		s.server = srv
	}
	return s.server.URL, nil
}

// URL returns the base URL of the shared stripe-mock, starting it on
// first use. It fails t, rather than skipping, when stripe-mock cannot
// start.
func (s *Shared) URL(t testing.TB) string {
	t.Helper()
	url, err := s.Start(stripemock.Options{})
	if err != nil {
		t.Fatalf("start stripe-mock: %v", err)
	}
	return url
}

// Run runs the tests of m and then stops stripe-mock if a test started it.
// It returns m's exit code, for TestMain to pass to os.Exit.
func (s *Shared) Run(m *testing.M) int {
	code := m.Run()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.server != nil {
		s.server.Close()
		s.server = nil
	}
	return code
}
