package checkoutvcrtest_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/checkoutvcrtest"
	"github.com/checkoutvcr/checkoutvcr/vcr"
)

// TestReRecordingKeepsTheCassette records the same code three times,
// with a fresh random Idempotency-Key per request (as stripe-go sends),
// against the local server (the same account each time: its prices and
// sessions get new ids) and against stripe-mock alone (random ids on every answer).
// The second and third commits keep the first file byte for byte; a real
// change (another quantity) rewrites it.
func TestReRecordingKeepsTheCassette(t *testing.T) {
	t.Parallel()
	for _, target := range []string{"local", "stripe-mock"} {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			srv := checkoutvcrtest.NewServer(t, checkoutvcrtest.Options{})
			path := filepath.Join(t.TempDir(), "checkout.yaml")
			var first []byte
			for run := range 3 {
				recordFlow(t, srv, target, path, "2")
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				if run == 0 {
					first = data
					continue
				}
				assert.Equal(t, string(first), string(data), "run %d rewrote the cassette", run+1)
			}
			recordFlow(t, srv, target, path, "3")
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.NotEqual(t, string(first), string(data), "a changed request is saved")
			assert.Contains(t, string(data), "line_items%5B0%5D%5Bquantity%5D=3")
		})
	}
}

// recordFlow records a price's creation (each run's price is a new
// object of the account, with a new id), then a session's create,
// retrieve and expire through vcr against srv or its stripe-mock, and
// commits.
func recordFlow(t *testing.T, srv *checkoutvcrtest.Server, target, path, quantity string) {
	t.Helper()
	opts := srv.RecordOptions()
	base := srv.URL
	if target == "stripe-mock" {
		base = srv.StripeMockURL
		opts.Server = vcr.Server{Kind: vcr.ServerStripeMock, Local: true}
	}
	rec, err := vcr.Record(path, opts)
	require.NoError(t, err)
	c := &http.Client{Transport: rec}
	price := post(t, c, srv.Key, base+"/v1/prices", url.Values{
		"unit_amount": {"2000"}, "currency": {"usd"}, "product_data[name]": {"T-shirt"},
	})
	created := post(t, c, srv.Key, base+"/v1/checkout/sessions", url.Values{
		"mode": {"payment"}, "success_url": {"https://example.com/ok"},
		"line_items[0][price]": {price["id"].(string)}, "line_items[0][quantity]": {quantity},
	})
	id := created["id"].(string)
	req, err := http.NewRequest(http.MethodGet, base+"/v1/checkout/sessions/"+id, nil)
	require.NoError(t, err)
	req.SetBasicAuth(srv.Key, "")
	resp, err := c.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	post(t, c, srv.Key, base+"/v1/checkout/sessions/"+id+"/expire", nil)
	require.NoError(t, rec.Commit())
}

func post(t *testing.T, c *http.Client, key, u string, form url.Values) map[string]any {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.SetBasicAuth(key, "")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	req.Header.Set("Idempotency-Key", hex.EncodeToString(b))
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode, "%s", data)
	var out map[string]any
	require.NoError(t, json.Unmarshal(data, &out))
	return out
}
