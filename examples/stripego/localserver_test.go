package stripego_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v82"

	"github.com/checkoutvcr/checkoutvcr/checkoutvcrtest"
	"github.com/checkoutvcr/checkoutvcr/examples/stripego"
	"github.com/checkoutvcr/checkoutvcr/vcr"
)

// TestShopAgainstTheLocalServer runs the shop against checkoutvcr's
// stateful local server, started in one line by checkoutvcrtest: a
// session is paid and another expired, and stripe-go sees what Stripe
// would answer (complete and paid; expired). Recorded through vcr twice,
// each time on a new server where the cart's prices are created first
// (the same ids each time), the cassette is byte for byte the same.
func TestShopAgainstTheLocalServer(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "checkout.yaml")
	var first []byte
	for run := range 2 {
		srv := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{Key: key})
		cart := localCart(t, srv)
		rec, err := vcr.Record(path, srv.RecordOptions())
		require.NoError(t, err)
		shop := stripego.NewShop(srv.Key, srv.URL, "https://example.com/ok", &http.Client{Transport: rec})
		sc := stripe.NewClient(srv.Key, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
			URL:        stripe.String(srv.URL),
			HTTPClient: &http.Client{Transport: rec},
		})))

		paid, _, err := shop.Checkout(ctx, cart)
		require.NoError(t, err)
		srv.Pay(t, paid)
		sess, err := sc.V1CheckoutSessions.Retrieve(ctx, paid, nil)
		require.NoError(t, err)
		assert.Equal(t, stripe.CheckoutSessionStatusComplete, sess.Status)
		assert.Equal(t, stripe.CheckoutSessionPaymentStatusPaid, sess.PaymentStatus)

		open, _, err := shop.Checkout(ctx, cart)
		require.NoError(t, err)
		require.NoError(t, shop.Cancel(ctx, open))
		sess, err = sc.V1CheckoutSessions.Retrieve(ctx, open, nil)
		require.NoError(t, err)
		assert.Equal(t, stripe.CheckoutSessionStatusExpired, sess.Status)

		require.NoError(t, rec.Commit())
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.NotContains(t, string(data), key)
		if run == 0 {
			first = data
		} else {
			assert.Equal(t, string(first), string(data), "re-recording changed the cassette")
		}
	}
}

// localCart creates cart's products and prices in srv's account (the
// local server, like Stripe, knows only the prices made in it) and
// returns cart with their ids: two T-shirts and a mug.
func localCart(t *testing.T, srv *checkoutvcrtest.Server) []stripego.Item {
	t.Helper()
	tshirt := srv.Price(t, checkoutvcrtest.PriceParams{UnitAmount: 2000, Currency: "usd", Product: "T-shirt"})
	mug := srv.Price(t, checkoutvcrtest.PriceParams{UnitAmount: 1500, Currency: "usd", Product: "Mug"})
	return []stripego.Item{{Price: tshirt, Quantity: 2}, {Price: mug, Quantity: 1}}
}
