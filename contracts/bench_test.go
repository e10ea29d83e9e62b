package contracts

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkLoad measures start-up: load the embedded contracts and compile
// the response schemas of all six operations, what verify needs.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		s, err := Load()
		require.NoError(b, err)
		require.NoError(b, s.Compile(false))
	}
}

// BenchmarkLoadWithRequests is [BenchmarkLoad] plus the request schemas.
func BenchmarkLoadWithRequests(b *testing.B) {
	for b.Loop() {
		s, err := Load()
		require.NoError(b, err)
		require.NoError(b, s.Compile(true))
	}
}

// BenchmarkFirstCheck is start-up plus the first check of an expanded
// session, which compiles the lazily referenced schemas it contains.
func BenchmarkFirstCheck(b *testing.B) {
	r := responses(b)["retrieve_expand_customer"]
	for b.Loop() {
		s, err := Load()
		require.NoError(b, err)
		require.NoError(b, s.Compile(false))
		_, err = s.CheckResponse("retrieve", r.status, r.body)
		require.NoError(b, err)
	}
}

// BenchmarkCheckResponse checks a stripe-mock checkout.session (about
// 4 KB) with warm caches.
func BenchmarkCheckResponse(b *testing.B) {
	s := loaded(b)
	r := responses(b)["create"]
	b.SetBytes(int64(len(r.body)))
	for b.Loop() {
		vs, err := s.CheckResponse("create", r.status, r.body)
		require.NoError(b, err)
		require.Empty(b, vs)
	}
}

// BenchmarkFirstCatalogCheck is start-up plus the first check of an
// operation outside Checkout Sessions (a customer): reading the catalog,
// splitting its bundle and compiling what that response needs.
func BenchmarkFirstCatalogCheck(b *testing.B) {
	body := []byte(`{"id": "cus_1", "object": "customer", "created": 1, "livemode": false, "email": null}`)
	for b.Loop() {
		s, err := Load()
		require.NoError(b, err)
		op, ok := s.Lookup("GET", "/v1/customers/cus_1")
		require.True(b, ok)
		_, err = s.CheckResponse(op.Name, 200, body)
		require.NoError(b, err)
	}
}
