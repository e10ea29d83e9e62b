package record

import (
	"fmt"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// exchange is what varies between the recordings TestUnchanged compares.
type exchange struct {
	idempotency, telemetry, agent, id string
	amount                            int
}

// saveCassette writes a one-interaction cassette of ex to dir/name.yaml.
func saveCassette(t *testing.T, dir, name string, ex exchange) string {
	t.Helper()
	c := vcr.New(filepath.Join(dir, name))
	c.AddInteraction(&vcr.Interaction{
		Request: vcr.Request{Method: "POST", URL: "http://stripe-mock/v1/checkout/sessions", Body: "mode=payment",
			Headers: http.Header{"Idempotency-Key": {ex.idempotency}, "X-Stripe-Client-Telemetry": {ex.telemetry}, "User-Agent": {ex.agent}}},
		Response: vcr.Response{Code: 200, Body: fmt.Sprintf(`{"id":%q,"object":"checkout.session","amount_total":%d}`, ex.id, ex.amount),
			Headers: http.Header{"Request-Id": {"req_" + ex.id}}},
	})
	require.NoError(t, c.Save())
	return c.File
}

// TestUnchanged: a re-recording that differs only in ids, idempotency
// keys and stripe-go's telemetry header keeps the old cassette; one that
// differs in a value or in another header does not.
func TestUnchanged(t *testing.T) {
	old := exchange{"k1", `{"last_request_metrics":{"request_duration_ms":134}}`, "Stripe/v1 GoBindings/82.5.1", "cs_test_a1", 4000}
	for _, tt := range []struct {
		name string
		edit func(*exchange)
		want bool
	}{
		{"same", func(*exchange) {}, true},
		{"another id and idempotency key", func(e *exchange) { e.id, e.idempotency = "cs_test_b2", "k2" }, true},
		{"another telemetry timing", func(e *exchange) { e.telemetry = `{"last_request_metrics":{"request_duration_ms":75}}` }, true},
		{"another amount", func(e *exchange) { e.amount = 5000 }, false},
		{"another client", func(e *exchange) { e.agent = "Stripe/v1 GoBindings/85.0.0" }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ex := old
			tt.edit(&ex)
			assert.Equal(t, tt.want, Unchanged(saveCassette(t, dir, "new", ex), saveCassette(t, dir, "old", old)))
		})
	}
}
