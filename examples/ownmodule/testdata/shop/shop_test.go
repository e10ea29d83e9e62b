package shop

import (
	"context"
	"flag"
	"net/http"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/checkoutvcr/checkoutvcr/checkoutvcrtest"
	"github.com/checkoutvcr/checkoutvcr/vcr"
)

var record = flag.Bool("record", false, "re-record testdata/cassettes against checkoutvcr's local server")

const cassette = "testdata/cassettes/checkout.yaml"

// TestCheckout creates a price, pays one session of it and cancels
// another. With -record it
// runs against checkoutvcr's local server, started for the test, and
// records what stripe-go sends; without, it replays the cassette offline.
func TestCheckout(t *testing.T) {
	ctx := context.Background()
	key, base := "sk_test_shop123", "http://stripe.invalid" // replay dials nothing
	var transport http.RoundTripper
	pay := func(string) {} // the customer pays in the browser: only the local server can play it
	if *record {
		srv := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{Key: key})
		rec, err := vcr.Record(cassette, srv.RecordOptions())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if t.Failed() {
				rec.Abort() // the old cassette stays byte for byte
			} else if err := rec.Commit(); err != nil {
				t.Error(err)
			}
		})
		transport, base, pay = rec, srv.URL, func(id string) { srv.Pay(t, id) }
	} else {
		rp, err := vcr.Replay(cassette, vcr.ReplayOptions{Rerecord: "go test -run TestCheckout -record"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if unused := rp.Unused(); len(unused) > 0 {
				t.Errorf("stale cassette, never replayed: %v", unused)
			}
		})
		transport = rp
	}
	shop := New(key, base, &http.Client{Transport: transport})

	// The catalogue: a price exists in the account before a session can
	// sell it (the local server, like Stripe, answers "No such price"
	// otherwise). Created through stripe-go, it is recorded and replayed
	// with the rest; a new server and the same key give the same id.
	tshirt, err := shop.sc.V1Prices.Create(ctx, &stripe.PriceCreateParams{
		Currency:    stripe.String(string(stripe.CurrencyUSD)),
		UnitAmount:  stripe.Int64(2000),
		ProductData: &stripe.PriceCreateProductDataParams{Name: stripe.String("T-shirt")},
	})
	if err != nil {
		t.Fatal(err)
	}

	paid, err := shop.Open(ctx, tshirt.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	pay(paid)
	if status, payment, err := shop.Status(ctx, paid); err != nil || status != "complete" || payment != "paid" {
		t.Fatalf("paid session: %s, %s, %v; want complete, paid", status, payment, err)
	}

	cancelled, err := shop.Open(ctx, tshirt.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Cancel(ctx, cancelled); err != nil {
		t.Fatal(err)
	}
	if status, _, err := shop.Status(ctx, cancelled); err != nil || status != "expired" {
		t.Fatalf("cancelled session: %s, %v; want expired", status, err)
	}
}
