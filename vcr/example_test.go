package vcr_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/vcr"
)

// Record an exchange with a secret key, then replay it offline: the key
// never reaches the cassette, a different request is explained, and the
// replayed exchange is checked against Stripe's contract.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"object":"checkout.session","id":"cs_test_1","client_secret":"cs_test_1_secret_abc"}`)
	}))
	defer srv.Close()
	dir, _ := os.MkdirTemp("", "vcr")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "checkout.yaml")

	// Record.
	rec, err := vcr.Record(path, vcr.RecordOptions{
		Secrets: []string{"sk_test_123"},
		Server:  vcr.Server{Kind: vcr.ServerCustom, Local: true},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	post(&http.Client{Transport: rec}, srv.URL, "line_items[0][price]=price_1&line_items[0][quantity]=2&mode=payment")
	if err := rec.Commit(); err != nil {
		fmt.Println(err)
		return
	}
	data, _ := os.ReadFile(path)
	fmt.Println("key on disk:", strings.Contains(string(data), "sk_test_123"))
	fmt.Println("client_secret on disk:", strings.Contains(string(data), "cs_test_1_secret_abc"))

	// Replay: a request that differs is explained.
	rp, err := vcr.Replay(path, vcr.ReplayOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := &http.Client{Transport: rp}
	_, err = post(c, "http://stripe.invalid", "line_items[0][price]=price_1&line_items[0][quantity]=3&mode=payment")
	var miss *vcr.MissError
	if errors.As(err, &miss) {
		fmt.Println(miss.Differences)
	}
	// Parameter order does not matter; the host is not matched.
	body, err := post(c, "http://stripe.invalid", "mode=payment&line_items[0][quantity]=2&line_items[0][price]=price_1")
	fmt.Println(body, err)
	fmt.Println("unused:", rp.Unused())

	// Check what was replayed against the contract: this hand-made
	// response lacks most of the fields Stripe always sends.
	set, err := contracts.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ex := range rp.Exchanges() {
		fs, _ := set.CheckExchange(ex, contracts.ExchangeOptions{})
		fmt.Printf("%s %s: first finding: %s %s\n", ex.Method, ex.Path, fs[0].Kind, fs[0].Path)
	}
	// Output:
	// key on disk: false
	// client_secret on disk: false
	// [form line_items[0][quantity]: recorded 2, sent 3]
	// {"object":"checkout.session","id":"cs_test_1","client_secret":"REDACTED"} <nil>
	// unused: []
	// POST /v1/checkout/sessions: first finding: missing_field adaptive_pricing
}

// post sends a form to base's /v1/checkout/sessions with a secret key.
func post(c *http.Client, base, form string) (string, error) {
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, base+"/v1/checkout/sessions", strings.NewReader(form))
	req.Header.Set("Authorization", "Bearer sk_test_123")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}
