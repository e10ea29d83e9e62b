package redact_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/internal/redact"
)

// FuzzJSON: whatever the body, a valid JSON body stays valid JSON, and
// the key is gone from it in every encoding.
func FuzzJSON(f *testing.F) {
	f.Add(`{"client_secret":{"a":["x"]},"k":"sk_test_Key+<1>/&x"}`)
	f.Add(`["sk_test_Key+\u003c1\u003e/\u0026x",{"sk_test_Key+<1>/&x":null}]`)
	f.Add(`{"customer_details":{"address":{"line1":"x","n":[1,{"z":"y"}]}},"email":"a"}`)
	f.Add(`"top level string sk_test_x"`)
	f.Fuzz(func(t *testing.T, body string) {
		r := redact.New(redact.Default(), key)
		out := r.JSON(body)
		if !json.Valid([]byte(body)) {
			return
		}
		if !json.Valid([]byte(out)) {
			t.Fatalf("invalid JSON out of %q: %q", body, out)
		}
		var v any
		_ = json.Unmarshal([]byte(out), &v)
		decoded, _ := json.Marshal(v)
		if strings.Contains(string(decoded), key) || strings.Contains(out, key) {
			t.Fatalf("key left in %q", out)
		}
	})
}
