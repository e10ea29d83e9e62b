package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWebhookToDeadEndpoint: record -webhook to an endpoint that refuses
// connections logs each failed delivery without the URL's credentials or
// query values, each after record's bounded tries.
func TestWebhookToDeadEndpoint(t *testing.T) {
	t.Parallel() // waits on timeouts and retries, not the CPU
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	endpoint := strings.Replace(deadURL, "http://", "http://user:secretpw@", 1) + "/w?token=tokensecret9=whsec_x"
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", t.TempDir(), "-run", "^paid$", "-webhook", endpoint},
		env(nil), &out, &errOut)
	require.NoError(t, err, "%s%s", out.String(), errOut.String())
	all := out.String() + errOut.String()
	n := strings.Count(all, "not delivered")
	require.Positive(t, n)
	assert.Equal(t, n, strings.Count(all, "not delivered after 2 attempt(s)"), "every delivery gave up after record's 2 tries (not the webhook package's 4)")
	for _, secret := range []string{"secretpw", "user:", "tokensecret9", "whsec_x"} {
		assert.NotContains(t, all, secret)
	}
	assert.Contains(t, all, strings.TrimPrefix(deadURL, "http://")+"/w?token=REDACTED", "the endpoint is still named")
	// The wait between the two tries is record's WebhookBackoff (200 ms),
	// not checkoutserver's 1 s, 2 s, 4 s: internal/record's
	// TestRecordWebhookBounds.
}
