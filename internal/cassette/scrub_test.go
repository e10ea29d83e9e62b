package cassette

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScrubJSON: the fields a Redactor names, with client_secret always
// among them (the rules themselves are tested in internal/redact).
func TestScrubJSON(t *testing.T) {
	body := `{"client_secret":"cs_secret_1","customer_details":{"email":"jenny@example.com","name":"Jenny"},` +
		`"email":"top@example.com","amount":4000,"data":[{"customer_details":{"email": "b@example.com"}}],"tags":["x"]}`
	scrubbed := strings.Replace(body, "cs_secret_1", "REDACTED", 1)
	tests := []struct {
		name   string
		fields []string
		want   string
	}{
		{"client_secret", nil, scrubbed},
		{"dotted path, at any depth", []string{"customer_details.email"},
			`{"client_secret":"REDACTED","customer_details":{"email":"REDACTED","name":"Jenny"},"email":"top@example.com","amount":4000,"data":[{"customer_details":{"email": "REDACTED"}}],"tags":["x"]}`},
		{"a name matches everywhere", []string{"email"},
			`{"client_secret":"REDACTED","customer_details":{"email":"REDACTED","name":"Jenny"},"email":"REDACTED","amount":4000,"data":[{"customer_details":{"email": "REDACTED"}}],"tags":["x"]}`},
		{"numbers keep their type", []string{"amount"}, scrubbed},
		{"strings in a list", []string{"tags"}, strings.Replace(scrubbed, `["x"]`, `["REDACTED"]`, 1)},
		{"an object field scrubs everything under it", []string{"customer_details"},
			`{"client_secret":"REDACTED","customer_details":{"email":"REDACTED","name":"REDACTED"},"email":"top@example.com","amount":4000,"data":[{"customer_details":{"email": "REDACTED"}}],"tags":["x"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Redactor{Fields: tt.fields}.redactor().JSON(body))
		})
	}
	assert.Equal(t, "not json {", Redactor{Fields: []string{"email"}}.redactor().JSON("not json {"))
}

func TestScrubForm(t *testing.T) {
	r := Redactor{Fields: []string{"customer_details.email", "customer_email"}}.redactor()
	got := r.Form("customer_details%5Bemail%5D=a%40b.c&limit=3&customer_email=x%40y.z&line_items[0][price]=p")
	assert.Equal(t, "customer_details%5Bemail%5D=REDACTED&limit=3&customer_email=REDACTED&line_items[0][price]=p", got)
}

// TestScrubbedRequestStillReplays records a request whose email is
// scrubbed, then replays a request with another email: the placeholder
// matches any value, while other fields still must match.
func TestScrubbedRequestStillReplays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.yaml")
	srv := fakeStripe(t)
	rec, err := Record(path, http.DefaultTransport, Redactor{Fields: []string{"customer_email"}})
	require.NoError(t, err)
	post(t, rec.Transport(), srv.URL+"/v1/checkout/sessions", "customer_email=jenny%40example.com&mode=payment").Body.Close()
	require.NoError(t, rec.Commit())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "jenny")

	rp, err := Replay(path)
	require.NoError(t, err)
	req, _ := http.NewRequest("POST", "https://api.stripe.com/v1/checkout/sessions", strings.NewReader("mode=setup&customer_email=someone%40else.com"))
	_, err = rp.Transport().RoundTrip(req)
	require.Error(t, err)
	assert.Equal(t, "no recorded interaction for POST /v1/checkout/sessions; closest is interaction 0: form mode: recorded payment, sent setup", err.Error(),
		"the scrubbed email is not a difference")
	post(t, rp.Transport(), "https://api.stripe.com/v1/checkout/sessions", "mode=payment&customer_email=someone%40else.com").Body.Close()
	unused := rp.Finish()
	assert.Empty(t, unused)
}
