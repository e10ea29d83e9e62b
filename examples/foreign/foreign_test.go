// Package foreign records Stripe cassettes the way a team's own test
// would, with plain go-vcr v4 and no redaction, so that checkoutvcr's
// verify can be shown checking cassettes it did not write (see README.md).
package foreign

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
	"gopkg.in/dnaeon/go-vcr.v4/pkg/recorder"
)

var record = flag.Bool("record", false, "record testdata/cassettes against stripe-mock instead of replaying them")

// calls are what the service under test sends to Stripe.
var calls = []struct{ method, path, form string }{
	{"POST", "/v1/customers", "email=a@example.com"},
	{"GET", "/v1/prices", "limit=3"},
	{"POST", "/v1/payment_intents", "amount=2000&currency=usd"},
	{"POST", "/v1/webhook_endpoints", "url=https://example.com/hook&enabled_events[0]=checkout.session.completed"},
}

// TestCheckout records (with -record) or replays testdata/unredacted/checkout.yaml
// through go-vcr v4, sending the key as any service would: the cassette
// keeps it, which is what checkoutvcr's verify is shown to catch.
func TestCheckout(t *testing.T) {
	base := "http://127.0.0.1:12111" // what the committed cassette was recorded against
	mode := recorder.ModeReplayOnly
	if *record {
		base, mode = startStripeMock(t), recorder.ModeRecordOnly
	}
	rec, err := recorder.New(filepath.Join("testdata", "unredacted", "checkout"), recorder.WithMode(mode),
		recorder.WithSkipRequestLatency(true),
		recorder.WithMatcher(func(r *http.Request, i cassette.Request) bool {
			return r.Method == i.Method && r.URL.String() == i.URL
		}))
	if err != nil {
		t.Fatal(err)
	}
	c := rec.GetDefaultClient()
	for _, call := range calls {
		u, body := base+call.path, io.Reader(nil)
		if call.method == "GET" {
			u += "?" + call.form
		} else {
			body = strings.NewReader(call.form)
		}
		req, err := http.NewRequest(call.method, u, body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer sk_test_123")
		req.Header.Set("Stripe-Version", "2026-08-26.dahlia")
		if body != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s %s: %s", call.method, call.path, resp.Status)
		}
	}
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
}

// startStripeMock runs the pinned stripe-mock tool on 127.0.0.1:12111.
func startStripeMock(t *testing.T) string {
	// go tool -n builds the tool and prints its path: run that binary
	// itself, so that stopping it stops stripe-mock.
	bin, err := exec.Command("go", "tool", "-n", "stripe-mock").Output()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, strings.TrimSpace(string(bin)), "-http-addr", "127.0.0.1:12111")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	for range 300 {
		if conn, err := net.Dial("tcp", "127.0.0.1:12111"); err == nil {
			conn.Close()
			return "http://127.0.0.1:12111"
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal(fmt.Errorf("stripe-mock did not start on 127.0.0.1:12111"))
	return ""
}
