package stripego_test

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/examples/stripego"
	"github.com/checkoutvcr/checkoutvcr/vcr"
)

// key is a dummy test key: stripe-mock accepts any well-formed one.
const key = "sk_test_stripego123"

var cart = []stripego.Item{{Price: "price_1", Quantity: 2}, {Price: "price_2", Quantity: 1}}

// TestCheckoutRecordReplayVerify records the shop's real stripe-go traffic
// against stripe-mock through vcr.Recorder, then replays the cassette
// offline through vcr.Replayer and checks every exchange against
// checkoutvcr's contracts.
func TestCheckoutRecordReplayVerify(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "checkout.yaml")

	// Record: stripe-go → vcr.Recorder → stripe-mock.
	rec, err := vcr.Record(path, vcr.RecordOptions{
		Secrets: []string{key},
		Retried: client.ShouldRetry,
		Server:  vcr.Server{Kind: vcr.ServerStripeMock, Local: true},
	})
	require.NoError(t, err)
	shop := stripego.NewShop(key, startStripeMock(t), "https://example.com/ok", &http.Client{Transport: rec})
	id, lines, err := shop.Checkout(ctx, cart)
	if err == nil {
		err = shop.Cancel(ctx, id)
	}
	if err != nil {
		rec.Abort() // keep whatever cassette was there
		t.Fatal(err)
	}
	require.NoError(t, rec.Commit())
	assert.Equal(t, 3, rec.Interactions(), "create, list line items, expire")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(data), key, "the key never reaches the cassette")
	assert.NotContains(t, string(data), "Authorization")

	// Replay: the same code, offline. stripe.invalid is never dialled.
	rp, err := vcr.Replay(path, vcr.ReplayOptions{Rerecord: "go test ./examples/stripego"})
	require.NoError(t, err)
	shop = stripego.NewShop(key, "http://stripe.invalid", "https://example.com/ok", &http.Client{Transport: rp})
	id2, lines2, err := shop.Checkout(ctx, cart)
	require.NoError(t, err)
	require.NoError(t, shop.Cancel(ctx, id2))
	assert.Equal(t, id, id2, "replay answers what was recorded")
	assert.Equal(t, lines, lines2)
	assert.Empty(t, rp.Unused(), "every recorded exchange is replayed")

	// Verify: each replayed exchange against Stripe's contract.
	set, err := contracts.Load()
	require.NoError(t, err)
	exchanges := rp.Exchanges()
	require.Len(t, exchanges, 3)
	for _, ex := range exchanges {
		fs, err := set.CheckExchange(ex, contracts.ExchangeOptions{})
		require.NoError(t, err)
		for _, f := range fs {
			if f.Severity == contracts.SeverityError {
				t.Errorf("%s %s: %s", ex.Method, ex.Path, f)
			}
		}
	}
}

// TestReplayExplainsAChangedRequest: when the code sends something the
// cassette does not hold, the replay says which recorded request came
// closest and what differs.
func TestReplayExplainsAChangedRequest(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "checkout.yaml")
	rec, err := vcr.Record(path, vcr.RecordOptions{Secrets: []string{key}})
	require.NoError(t, err)
	shop := stripego.NewShop(key, startStripeMock(t), "https://example.com/ok", &http.Client{Transport: rec})
	_, _, err = shop.Checkout(ctx, cart)
	require.NoError(t, err)
	require.NoError(t, rec.Commit())

	rp, err := vcr.Replay(path, vcr.ReplayOptions{})
	require.NoError(t, err)
	shop = stripego.NewShop(key, "http://stripe.invalid", "https://example.com/ok", &http.Client{Transport: rp})
	changed := []stripego.Item{{Price: "price_1", Quantity: 3}, cart[1]}
	_, _, err = shop.Checkout(ctx, changed)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "closest is interaction 0: form line_items[0][quantity]: recorded 2, sent 3")
}

var listening = regexp.MustCompile(`Listening for HTTP at address: (127\.0\.0\.1:\d+)`)

// startStripeMock runs this module's pinned stripe-mock (go tool
// stripe-mock) on a free loopback port until the test ends, and returns
// its URL.
func startStripeMock(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin, err := exec.CommandContext(ctx, "go", "tool", "-n", "stripe-mock").Output()
	require.NoError(t, err, "go tool -n stripe-mock; pin it with: go get -tool github.com/stripe/stripe-mock@v0.203.0")
	cmd := exec.Command(strings.TrimSpace(string(bin)), "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case a := <-addr:
		return "http://" + a
	case <-ctx.Done():
		t.Fatal("stripe-mock did not listen within 3 minutes")
		return ""
	}
}
