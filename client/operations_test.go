package client_test

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

// lastRequest answers every request with an empty JSON object and
// remembers the last one.
type lastRequest struct{ r *http.Request }

func (l *lastRequest) RoundTrip(r *http.Request) (*http.Response, error) {
	l.r = r
	return &http.Response{
		StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{}`)), Request: r,
	}, nil
}

// TestSessionServiceAgreesWithTheOperationTable checks each method of
// [client.SessionService] against internal/openapi's operation table,
// which the contracts and the scenario ops come from: one method per
// operation, sending its method and path.
func TestSessionServiceAgreesWithTheOperationTable(t *testing.T) {
	const id = "cs_test_a/1" // a "/" shows the id is escaped as one segment
	calls := map[string]func(ctx context.Context, s *client.SessionService) error{
		"create": func(ctx context.Context, s *client.SessionService) error {
			_, err := s.Create(ctx, &client.SessionCreateParams{})
			return err
		},
		"expire": func(ctx context.Context, s *client.SessionService) error {
			_, err := s.Expire(ctx, id, &client.SessionExpireParams{})
			return err
		},
		"list": func(ctx context.Context, s *client.SessionService) error {
			_, err := s.List(ctx, &client.SessionListParams{})
			return err
		},
		"list_line_items": func(ctx context.Context, s *client.SessionService) error {
			_, err := s.ListLineItems(ctx, id, &client.LineItemListParams{})
			return err
		},
		"retrieve": func(ctx context.Context, s *client.SessionService) error {
			_, err := s.Retrieve(ctx, id, &client.SessionRetrieveParams{})
			return err
		},
		"update": func(ctx context.Context, s *client.SessionService) error {
			_, err := s.Update(ctx, id, &client.SessionUpdateParams{})
			return err
		},
	}
	var names []string
	for _, e := range openapi.CheckoutSessions() {
		names = append(names, e.Name)
	}
	assert.Equal(t, names, slices.Sorted(maps.Keys(calls)), "one SessionService method per operation")
	for _, e := range openapi.CheckoutSessions() {
		t.Run(e.Name, func(t *testing.T) {
			call, ok := calls[e.Name]
			require.True(t, ok)
			tr := &lastRequest{}
			c := client.New("sk_test_123", client.Options{BaseURL: "http://stripe.test", HTTPClient: &http.Client{Transport: tr}})
			require.NoError(t, call(context.Background(), c.Sessions))
			require.NotNil(t, tr.r)
			assert.Equal(t, e.Method, tr.r.Method)
			assert.Equal(t, e.URLPath(id), tr.r.URL.EscapedPath())
		})
	}
}
