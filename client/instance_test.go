package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
)

// The instance methods of a retrieved session call the client it came
// from, on that session's id.
func TestSessionInstanceMethods(t *testing.T) {
	expired := `{"id":"cs_test_1","object":"checkout.session","status":"expired"}`
	srv := newServer(t, reply(200, sessionJSON), reply(200, expired), reply(200, sessionJSON), reply(200, expired))
	c, _ := newClient(t, srv, client.Options{})
	ctx := context.Background()
	s, err := c.Sessions.Retrieve(ctx, "cs_test_1", nil)
	require.NoError(t, err)

	e, err := s.Expire(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, client.SessionStatusExpired, *e.Status)
	assert.Equal(t, client.SessionStatusOpen, *s.Status, "Expire leaves s alone")

	u, err := s.Update(ctx, &client.SessionUpdateParams{Metadata: map[string]string{"a": "1"}})
	require.NoError(t, err)
	assert.Equal(t, "cs_test_1", u.ID)

	require.NoError(t, s.Refresh(ctx, nil))
	assert.Equal(t, client.SessionStatusExpired, *s.Status, "Refresh replaces s")

	var got []string
	for _, r := range srv.requests() {
		got = append(got, r.Method+" "+r.Path+" "+r.Body)
	}
	assert.Equal(t, []string{
		"GET /v1/checkout/sessions/cs_test_1 ",
		"POST /v1/checkout/sessions/cs_test_1/expire ",
		"POST /v1/checkout/sessions/cs_test_1 metadata[a]=1",
		"GET /v1/checkout/sessions/cs_test_1 ",
	}, got)
}

// A session decoded by hand has no client: its methods say so instead of
// panicking.
func TestSessionWithoutClient(t *testing.T) {
	var s client.Session
	require.NoError(t, json.Unmarshal([]byte(sessionJSON), &s))
	ctx := context.Background()
	_, err := s.Expire(ctx, nil)
	assert.ErrorIs(t, err, client.ErrNoClient)
	_, err = s.Update(ctx, nil)
	assert.ErrorIs(t, err, client.ErrNoClient)
	assert.ErrorIs(t, s.Refresh(ctx, nil), client.ErrNoClient)
	_, err = s.ListLineItems(ctx, nil)
	assert.ErrorIs(t, err, client.ErrNoClient)
	for _, err := range s.AllLineItems(ctx, nil) {
		assert.ErrorIs(t, err, client.ErrNoClient)
	}
}

// Line items iterate in the instance form (from a session, and from a
// page) as in the service form, with the same requests.
func TestLineItemIteratorsBothForms(t *testing.T) {
	liid := func(li *client.LineItem) string { return li.ID }
	ctx := context.Background()

	srv := newServer(t, reply(200, sessionJSON), pager(5, "item"))
	c, _ := newClient(t, srv, client.Options{})
	s, err := c.Sessions.Retrieve(ctx, "cs_test_1", nil)
	require.NoError(t, err)
	p := &client.LineItemListParams{ListParams: client.ListParams{Limit: client.Int64(2)}}
	assert.Equal(t, []string{"id_1", "id_2", "id_3", "id_4", "id_5"}, collect(t, s.AllLineItems(ctx, p), liid, 0))

	page, err := s.ListLineItems(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, []string{"id_1", "id_2", "id_3", "id_4", "id_5"}, collect(t, page.All(ctx), liid, 0))
	var queries []string
	for _, r := range srv.requests()[1:] {
		assert.Equal(t, "/v1/checkout/sessions/cs_test_1/line_items", r.Path)
		queries = append(queries, r.Query)
	}
	assert.Equal(t, []string{"limit=2", "limit=2&starting_after=id_2", "limit=2&starting_after=id_4",
		"limit=2", "limit=2&starting_after=id_2", "limit=2&starting_after=id_4"}, queries)
}

// A page of sessions iterates onwards with the filters that fetched it.
func TestSessionListPageAll(t *testing.T) {
	srv := newServer(t, pager(5, "checkout.session"))
	c, _ := newClient(t, srv, client.Options{})
	ctx := context.Background()
	page, err := c.Sessions.List(ctx, &client.SessionListParams{ListParams: client.ListParams{Limit: client.Int64(2)}, Status: client.String(string(client.SessionStatusOpen))})
	require.NoError(t, err)
	ids := collect(t, page.All(ctx), func(s *client.Session) string { return s.ID }, 0)
	assert.Equal(t, []string{"id_1", "id_2", "id_3", "id_4", "id_5"}, ids)
	var queries []string
	for _, r := range srv.requests() {
		queries = append(queries, r.Query)
	}
	assert.Equal(t, []string{"limit=2&status=open", "limit=2&starting_after=id_2&status=open", "limit=2&starting_after=id_4&status=open"}, queries)
	// Sessions from a page are bound to the client too.
	_, err = page.Data[0].Expire(ctx, nil)
	assert.False(t, errors.Is(err, client.ErrNoClient))
}

// The expanded line_items of a session from a call continue with the
// client: LineItemList.All fetches the pages after the expanded one.
func TestExpandedLineItemsContinue(t *testing.T) {
	withItems := `{"id":"cs_test_1","object":"checkout.session","line_items":{"object":"list","has_more":true,` +
		`"url":"/v1/checkout/sessions/cs_test_1/line_items","data":[{"id":"id_1","object":"item"},{"id":"id_2","object":"item"}]}}`
	rest := `{"object":"list","has_more":false,"url":"/v1/checkout/sessions/cs_test_1/line_items","data":[{"id":"id_3","object":"item"},{"id":"id_4","object":"item"}]}`
	srv := newServer(t, reply(200, withItems), reply(200, rest))
	c, _ := newClient(t, srv, client.Options{})
	ctx := context.Background()
	s, err := c.Sessions.Retrieve(ctx, "cs_test_1", &client.SessionRetrieveParams{Params: client.Params{Expand: []string{"line_items"}}})
	require.NoError(t, err)
	ids := collect(t, s.LineItems.All(ctx), func(li *client.LineItem) string { return li.ID }, 0)
	assert.Equal(t, []string{"id_1", "id_2", "id_3", "id_4"}, ids)
	reqs := srv.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/v1/checkout/sessions/cs_test_1/line_items", reqs[1].Path)
	assert.Equal(t, "starting_after=id_2", reqs[1].Query)

	var decoded client.Session
	require.NoError(t, json.Unmarshal([]byte(withItems), &decoded))
	var last error
	for _, err := range decoded.LineItems.All(ctx) {
		last = err
	}
	assert.ErrorIs(t, last, client.ErrNoClient, "a hand-decoded page cannot fetch more")
}
