package checkoutvcrtest_test

import (
	"net/http"
	"net/url"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/checkoutvcrtest"
)

// ownEnv, when set, runs the tests without Main, as in a package with no
// TestMain: each NewServer starts a stripe-mock of its own. The lifetime
// tests set it for the child tests that check that path.
const ownEnv = "CHECKOUTVCRTEST_OWN"

// TestMain shares one stripe-mock among the package's NewServer calls, as
// the package doc shows a user's tests doing.
func TestMain(m *testing.M) {
	if os.Getenv(ownEnv) != "" {
		os.Exit(m.Run())
	}
	os.Exit(checkoutvcrtest.Main(m))
}

// TestMainSharesOneStripeMock: under Main two servers are over the same
// stripe-mock, and the first one's stop leaves it running for the second;
// each server still has its own state (a price made in one is unknown to
// the other). TestNoProcessOutlivesTheTest counts the stripe-mock
// processes with and without Main.
func TestMainSharesOneStripeMock(t *testing.T) {
	t.Parallel()
	var first *checkoutvcrtest.Server
	var price string
	t.Run("first", func(t *testing.T) {
		first = checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{})
		price = first.Price(t, checkoutvcrtest.PriceParams{UnitAmount: 2000, Currency: "usd", Product: "T-shirt"})
	})
	// first's test has ended: its local server is stopped.
	_, err := http.Get(first.URL + "/v1/checkout/sessions")
	assert.Error(t, err, "the first local server still answers after its test ended")

	second := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{})
	assert.Equal(t, first.StripeMockURL, second.StripeMockURL, "one stripe-mock for the test binary")
	assert.NotEqual(t, first.URL, second.URL)
	status, body, _ := call(t, second, http.MethodPost, "/v1/checkout/sessions", url.Values{
		"mode": {"payment"}, "success_url": {"https://example.com/ok"},
		"line_items[0][price]": {price}, "line_items[0][quantity]": {"1"},
	})
	require.Equal(t, 400, status, "a fresh local server does not know the first one's price: %v", body)
	assert.Equal(t, "No such price: '"+price+"'", body["error"].(map[string]any)["message"])
	id := create(t, second, second.Price(t, checkoutvcrtest.PriceParams{UnitAmount: 2000, Currency: "usd", Product: "T-shirt"}))
	second.Pay(t, id) // the shared stripe-mock still serves the second server
	_, body, _ = call(t, second, http.MethodGet, "/v1/checkout/sessions/"+id, nil)
	assert.Equal(t, "complete", body["status"])
}
