package scenario

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
)

// TestOpsAgreeWithTheOperationTable checks the step ops against
// internal/openapi's table: the same names, each sending the table's
// method and path, and a session exactly where the path has one.
func TestOpsAgreeWithTheOperationTable(t *testing.T) {
	calls := map[string]openapitest.Call{}
	for name, o := range ops {
		if o.control || name == OpCall {
			continue // not Stripe's (see TestPayOp), or any operation (see TestCallOp)
		}
		calls[name] = func(hc *http.Client, session string) error {
			c := client.New("sk_test_123", client.Options{BaseURL: "http://stripe.test", HTTPClient: hc})
			_, err := o.do(context.Background(), c, call{session: session})
			return err
		}
		if e, ok := openapi.CheckoutSession(name); ok {
			assert.Equal(t, e.OnSession(), o.needsSession, "%s: needsSession", name)
		}
	}
	openapitest.CheckCheckoutSessions(t, calls)
}
