package scenario

import (
	"context"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
)

// captureTransport answers every request with an empty JSON object and
// remembers the last one.
type captureTransport struct{ last *http.Request }

func (c *captureTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.last = r
	return &http.Response{
		StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{}`)), Request: r,
	}, nil
}

// TestOpsAgreeWithTheOperationTable checks the step ops against
// internal/openapi's table: the same names, a session exactly where the
// path has one, and each op sends the table's method and path.
func TestOpsAgreeWithTheOperationTable(t *testing.T) {
	var names []string
	for _, e := range openapi.CheckoutSessions() {
		names = append(names, e.Name)
	}
	assert.Equal(t, names, slices.Sorted(maps.Keys(ops)), "step ops")

	const session = "cs_test_1"
	for _, e := range openapi.CheckoutSessions() {
		t.Run(e.Name, func(t *testing.T) {
			o, ok := ops[e.Name]
			require.True(t, ok)
			assert.Equal(t, e.OnSession(), o.needsSession, "needsSession")
			tr := &captureTransport{}
			c := client.New("sk_test_123", client.Options{BaseURL: "http://stripe.test", HTTPClient: &http.Client{Transport: tr}})
			_, err := o.do(context.Background(), c, call{session: session})
			require.NoError(t, err)
			require.NotNil(t, tr.last)
			assert.Equal(t, e.Method, tr.last.Method)
			assert.Equal(t, e.URLPath(session), tr.last.URL.EscapedPath())
		})
	}
}
