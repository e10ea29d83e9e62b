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
package stripemocktest

import (
	"context"
	"sync"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

// Shared is one stripe-mock for a test binary. Its zero value is ready to
// use; it starts nothing until [Shared.URL] is first called.
type Shared struct {
	once   sync.Once
	server *stripemock.Server
	err    error
}

// URL returns the base URL of the shared stripe-mock, starting it on a
// free loopback port on first use. It fails t, rather than skipping, when
// stripe-mock cannot start.
func (s *Shared) URL(t testing.TB) string {
	t.Helper()
	s.once.Do(func() {
		s.server, s.err = stripemock.Start(context.Background(), stripemock.Options{})
	})
	if s.err != nil {
		t.Fatalf("start stripe-mock: %v", s.err)
	}
	return s.server.URL
}

// Run runs the tests of m and then stops stripe-mock if a test started it.
// It returns m's exit code, for TestMain to pass to os.Exit.
func (s *Shared) Run(m *testing.M) int {
	code := m.Run()
	if s.server != nil {
		s.server.Close()
	}
	return code
}
