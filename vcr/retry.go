package vcr

import (
	"encoding/json"
	"net/http"
)

// StripeGoRetried is stripe-go's retry rule (v82, v84 and v85 alike), ready
// for [RecordOptions].Retried: stripe-go retries an error response only
// when it is a 429 whose error code is lock_timeout
// (BackendImplementation.shouldRetry and Error.canRetry), and a
// successful one only when it carries Stripe-Should-Retry: true. A network
// error is retried too, but it has no response and is never captured.
//
//	rec, err := vcr.Record(path, vcr.RecordOptions{Secrets: []string{key}, Retried: vcr.StripeGoRetried})
func StripeGoRetried(status int, h http.Header, body []byte) bool {
	if status >= http.StatusBadRequest {
		var e struct {
			Error struct {
				Code string `json:"code"`
			} `json:"error"`
		}
		return status == http.StatusTooManyRequests && json.Unmarshal(body, &e) == nil && e.Error.Code == "lock_timeout"
	}
	return h.Get("Stripe-Should-Retry") == "true"
}
