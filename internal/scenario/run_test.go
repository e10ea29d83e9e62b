package scenario

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
)

// TestRunRefusesUnknownOp: Parse never yields an unknown op, but a
// Scenario built in Go can; Run reports it instead of panicking.
func TestRunRefusesUnknownOp(t *testing.T) {
	sc := &Scenario{Name: "x", File: "x.yaml", Steps: []*Step{{ID: "a", Op: "delete", Pos: Pos{File: "x.yaml", Line: 3, Col: 5}}}}
	res := Run(context.Background(), sc, RunOptions{Client: client.New("sk_test_123", client.Options{})})
	require.Len(t, res.Steps, 1)
	require.Error(t, res.Err())
	assert.Equal(t, `x.yaml:3:5: step "a": unknown op "delete" (known ops: call, create, expire, list, list_line_items, pay, retrieve, update)`, res.Err().Error())
}

// TestRunSendsTheScenariosVersion: a scenario's stripe_version is the
// Stripe-Version of every request it makes, the events it fetches
// included; without one, the client's default is sent.
func TestRunSendsTheScenariosVersion(t *testing.T) {
	const doc = `name: v
stripe_version: 2025-08-27.basil
steps:
  - id: create
    op: create
    params: {mode: setup}
    expect_events:
      - type: checkout.session.expired
  - id: get
    op: retrieve
    session: ${create.id}
`
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"stated", doc, "2025-08-27.basil"},
		{"not stated", strings.Replace(doc, "stripe_version: 2025-08-27.basil\n", "", 1), client.DefaultAPIVersion},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Parse("v.yaml", []byte(tc.doc))
			require.NoError(t, err)
			var got []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = append(got, r.Method+" "+r.URL.Path+" "+r.Header.Get("Stripe-Version"))
				if r.URL.Path == EventsPath {
					io.WriteString(w, `{"object":"list","data":[],"has_more":false,"url":"/v1/events"}`)
					return
				}
				io.WriteString(w, `{"id":"cs_1","object":"checkout.session"}`)
			}))
			defer srv.Close()
			c := client.New("sk_test_123", client.Options{BaseURL: srv.URL})
			Run(context.Background(), sc, RunOptions{Client: c, Controls: true})
			assert.Equal(t, []string{
				"POST /v1/checkout/sessions " + tc.want,
				"GET /v1/events " + tc.want,
				"GET /v1/checkout/sessions/cs_1 " + tc.want,
			}, got)
		})
	}
}
