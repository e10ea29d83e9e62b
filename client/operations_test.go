package client_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/client"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
)

// TestSessionServiceAgreesWithTheOperationTable checks the methods of
// [client.SessionService] against internal/openapi's operation table,
// which the contracts and the scenario ops come from: one method per
// operation, sending its method and path.
func TestSessionServiceAgreesWithTheOperationTable(t *testing.T) {
	ctx := context.Background()
	sessions := func(hc *http.Client) *client.SessionService {
		return client.New("sk_test_123", client.Options{BaseURL: "http://stripe.test", HTTPClient: hc}).Sessions
	}
	openapitest.CheckCheckoutSessions(t, map[string]openapitest.Call{
		"create": func(hc *http.Client, _ string) error {
			_, err := sessions(hc).Create(ctx, &client.SessionCreateParams{})
			return err
		},
		"expire": func(hc *http.Client, id string) error {
			_, err := sessions(hc).Expire(ctx, id, &client.SessionExpireParams{})
			return err
		},
		"list": func(hc *http.Client, _ string) error {
			_, err := sessions(hc).List(ctx, &client.SessionListParams{})
			return err
		},
		"list_line_items": func(hc *http.Client, id string) error {
			_, err := sessions(hc).ListLineItems(ctx, id, &client.LineItemListParams{})
			return err
		},
		"retrieve": func(hc *http.Client, id string) error {
			_, err := sessions(hc).Retrieve(ctx, id, &client.SessionRetrieveParams{})
			return err
		},
		"update": func(hc *http.Client, id string) error {
			_, err := sessions(hc).Update(ctx, id, &client.SessionUpdateParams{})
			return err
		},
	})
}
