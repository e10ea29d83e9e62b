package stripego_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v82"

	"github.com/checkoutvcr/checkoutvcr/checkoutvcrtest"
	"github.com/checkoutvcr/checkoutvcr/examples/stripego"
	"github.com/checkoutvcr/checkoutvcr/report"
	"github.com/checkoutvcr/checkoutvcr/vcr"
)

// TestRecordAgainstTheLocalServerAtBasil records the shop's stripe-go v82
// traffic (Stripe-Version 2025-08-27.basil on every request) through
// vcr.Recorder against checkoutvcr's local Checkout server, which answers
// at basil: the embedded session stripe-go v82 asks for with its own
// ui_mode constant (embedded) is created, with a client_secret; then a
// hosted checkout and its cancellation. verify, run on the cassette as a
// user would (go tool verify FILE), exits 0 and reports no version_skew:
// each exchange was checked against basil's contracts.
func TestRecordAgainstTheLocalServerAtBasil(t *testing.T) {
	require.Equal(t, "2025-08-27.basil", stripe.APIVersion, "stripe-go v82's pinned version")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "basil.yaml")
	srv := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{Key: key})
	cart := localCart(t, srv) // before recording: the cassette holds the checkout only
	rec, err := vcr.Record(path, srv.RecordOptions())
	require.NoError(t, err)
	shop := stripego.NewShop(srv.Key, srv.URL, "https://example.com/ok", &http.Client{Transport: rec})
	embedded, secret, err := shop.CheckoutEmbedded(ctx, cart, "https://example.com/return")
	if err != nil {
		rec.Abort()
		t.Fatal(err)
	}
	assert.True(t, strings.HasPrefix(secret, embedded+"_secret_"), "client_secret %q", secret)
	id, lines, err := shop.Checkout(ctx, cart)
	if err == nil {
		err = shop.Cancel(ctx, id)
	}
	if err != nil {
		rec.Abort()
		t.Fatal(err)
	}
	assert.Equal(t, 2, lines)
	require.NoError(t, rec.Commit())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), "Stripe-Version:\n                - 2025-08-27.basil", "the cassette says which version answered")
	assert.Contains(t, string(data), `"ui_mode": "embedded"`)
	assert.NotContains(t, string(data), secret, "the client_secret never reaches the cassette")

	bin, err := exec.Command("go", "tool", "-n", "verify").Output()
	require.NoError(t, err, "go tool -n verify")
	var stderr bytes.Buffer
	cmd := exec.Command(strings.TrimSpace(string(bin)), "-format", "json", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "verify %s exits 0:\n%s\n%s", path, stderr.String(), out)
	var rep report.Report
	require.NoError(t, json.Unmarshal(out, &rep))
	require.Len(t, rep.Scenarios, 1)
	sc := rep.Scenarios[0]
	assert.Equal(t, "2025-08-27.basil", sc.StripeVersion)
	assert.Equal(t, 4, rep.Summary.Interactions, "create embedded, create, list line items, expire")
	assert.Zero(t, rep.Summary.Errors)
	var kinds []string
	for _, f := range sc.Findings {
		kinds = append(kinds, f.Kind)
	}
	for _, st := range sc.Steps {
		assert.Equal(t, "2025-08-27.basil", st.StripeVersion, st.ID)
		for _, f := range st.Findings {
			kinds = append(kinds, f.Kind)
		}
	}
	assert.NotContains(t, kinds, "version_skew")
}
