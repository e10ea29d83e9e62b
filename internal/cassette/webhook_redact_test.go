package cassette

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// TestRedactsWebhookSecretsAndSignatures: a whsec_ signing secret is
// replaced wherever it occurs (header, URL, form, JSON body), and a
// Stripe-Signature header is dropped, so no cassette can carry what signs
// a webhook.
func TestRedactsWebhookSecretsAndSignatures(t *testing.T) {
	i := &cassette.Interaction{
		Request: cassette.Request{
			URL:     "http://127.0.0.1/v1/webhook_endpoints?secret=whsec_abc123",
			Body:    "url=https%3A%2F%2Fexample.com&note=whsec_abc123",
			Headers: http.Header{"Stripe-Signature": {"t=1,v1=deadbeef"}, "X-Hook-Secret": {"whsec_abc123"}},
		},
		Response: cassette.Response{
			Body:    `{"object": "webhook_endpoint", "secret": "whsec_abc123", "id": "we_1"}`,
			Headers: http.Header{"Stripe-Signature": {"t=1,v1=deadbeef"}},
		},
	}
	redactWith(Redactor{}.redactor(), i)
	for _, s := range []string{i.Request.URL, i.Request.Body, i.Response.Body, i.Request.Headers.Get("X-Hook-Secret")} {
		assert.NotContains(t, s, "whsec_abc123")
		assert.Contains(t, s, Placeholder)
	}
	assert.Empty(t, i.Request.Headers.Values("Stripe-Signature"))
	assert.Empty(t, i.Response.Headers.Values("Stripe-Signature"))
	assert.Contains(t, i.Response.Body, `"id": "we_1"`, "only the secret goes")
}
