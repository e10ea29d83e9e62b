package contracts

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/internal/stripemock/stripemocktest"
	"github.com/stretchr/testify/require"
)

// mock is the one stripe-mock of this test binary, started by the first
// test that needs it and stopped by TestMain.
var mock stripemocktest.Shared

func TestMain(m *testing.M) { os.Exit(mock.Run(m)) }

// mockURL returns the base URL of the shared stripe-mock.
func mockURL(t testing.TB) string { return mock.URL(t) }

// createForm is the form of a typical create call.
const createForm = "mode=payment&success_url=https://example.com/ok" +
	"&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=2000" +
	"&line_items[0][price_data][product_data][name]=T&line_items[0][quantity]=2"

// call is one request to stripe-mock and the operation it exercises.
type call struct {
	name, op, method, path, form string
}

// calls exercises every operation, plus expansions and an error.
var calls = []call{
	{"create", "create", "POST", "/v1/checkout/sessions", createForm},
	{"retrieve", "retrieve", "GET", "/v1/checkout/sessions/cs_test_1", ""},
	{"retrieve_expand_line_items", "retrieve", "GET", "/v1/checkout/sessions/cs_test_1", "expand[0]=line_items"},
	{"retrieve_expand_customer", "retrieve", "GET", "/v1/checkout/sessions/cs_test_1", "expand[0]=customer&expand[1]=line_items"},
	{"list", "list", "GET", "/v1/checkout/sessions", "limit=3"},
	{"list_line_items", "list_line_items", "GET", "/v1/checkout/sessions/cs_test_1/line_items", ""},
	{"update", "update", "POST", "/v1/checkout/sessions/cs_test_1", "metadata[order]=42"},
	{"expire", "expire", "POST", "/v1/checkout/sessions/cs_test_1/expire", ""},
	{"create_error_400", "create", "POST", "/v1/checkout/sessions", "mode=bogus"},
}

// recorded holds each call's response, fetched once per test binary.
var recorded struct {
	once   sync.Once
	bodies map[string]response
	err    error
}

type response struct {
	status int
	body   []byte
}

// responses returns the stripe-mock response of every call, by name.
func responses(t testing.TB) map[string]response {
	t.Helper()
	base := mockURL(t)
	recorded.once.Do(func() {
		recorded.bodies = map[string]response{}
		for _, c := range calls {
			r, err := do(base, c)
			if err != nil {
				recorded.err = fmt.Errorf("%s: %w", c.name, err)
				return
			}
			recorded.bodies[c.name] = r
		}
	})
	require.NoError(t, recorded.err)
	return recorded.bodies
}

// do sends c to the server at base.
func do(base string, c call) (response, error) {
	u := base + c.path
	var body io.Reader
	if c.method == "GET" && c.form != "" {
		u += "?" + c.form
	} else if c.method == "POST" {
		body = strings.NewReader(c.form)
	}
	req, err := http.NewRequest(c.method, u, body)
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Authorization", "Bearer sk_test_123")
	if c.method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return response{resp.StatusCode, data}, err
}

// mustParseForm parses a form written in a test.
func mustParseForm(t testing.TB, s string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(s)
	require.NoError(t, err)
	return v
}
