package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWebhookToDeadEndpoint: record -webhook to an endpoint that refuses
// connections logs each failed delivery without the URL's credentials or
// query values, and its bounded retries keep the run short.
func TestWebhookToDeadEndpoint(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	endpoint := strings.Replace(deadURL, "http://", "http://user:secretpw@", 1) + "/w?token=tokensecret9=whsec_x"
	var out, errOut bytes.Buffer
	start := time.Now()
	err := run(context.Background(), []string{"-scenarios", "../../scenarios", "-cassettes", t.TempDir(), "-run", "^paid$", "-webhook", endpoint},
		env(nil), &out, &errOut)
	elapsed := time.Since(start)
	require.NoError(t, err, "%s%s", out.String(), errOut.String())
	all := out.String() + errOut.String()
	require.Contains(t, all, "not delivered after 2 attempt(s)")
	n := strings.Count(all, "not delivered")
	for _, secret := range []string{"secretpw", "user:", "tokensecret9", "whsec_x"} {
		assert.NotContains(t, all, secret)
	}
	assert.Contains(t, all, strings.TrimPrefix(deadURL, "http://")+"/w?token=REDACTED", "the endpoint is still named")
	// Starting stripe-mock is most of it; each failed delivery costs 0.2 s
	// (with checkoutserver's 1 s, 2 s, 4 s it would cost 7 s).
	assert.Less(t, elapsed, 6*time.Second, "%d failed deliveries", n)
	t.Logf("%d failed deliveries in %s", n, elapsed)
}
