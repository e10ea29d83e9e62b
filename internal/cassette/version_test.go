package cassette

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRecordKeepsTheAnsweringVersion: the Stripe-Version a response
// carries (the version Stripe rendered it at, which may differ from the
// request's) is saved with the interaction and comes back on replay,
// where verify reads it.
func TestRecordKeepsTheAnsweringVersion(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Stripe-Version", "2020-08-27")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"object":"checkout.session"}`)
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "v.yaml")
	rec, err := Record(path, http.DefaultTransport, Redactor{})
	require.NoError(t, err)
	resp := post(t, rec.Transport(), srv.URL+"/v1/checkout/sessions", "mode=payment")
	resp.Body.Close()
	require.NoError(t, rec.Commit())

	rp, err := ReplayWith(path, "record")
	require.NoError(t, err)
	replayed := post(t, rp.Transport(), srv.URL+"/v1/checkout/sessions", "mode=payment")
	replayed.Body.Close()
	assert.Equal(t, "2020-08-27", replayed.Header.Get("Stripe-Version"))
}
