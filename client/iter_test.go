package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client"
)

// pager serves ids id_1..id_n in pages, honouring limit, starting_after and
// ending_before like Stripe (newest first is not modelled: order is by id).
func pager(n int, object string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		limit, _ := strconv.Atoi(q.Get("limit"))
		lo, hi := 1, n+1 // [lo, hi)
		if a := q.Get("starting_after"); a != "" {
			fmt.Sscanf(a, "id_%d", &lo)
			lo++
		}
		if b := q.Get("ending_before"); b != "" {
			fmt.Sscanf(b, "id_%d", &hi)
			lo = max(1, hi-limit)
		}
		end := min(hi, lo+limit)
		data := []map[string]any{}
		for i := lo; i < end; i++ {
			data = append(data, map[string]any{"id": "id_" + strconv.Itoa(i), "object": object})
		}
		more := end < hi
		if q.Get("ending_before") != "" {
			more = lo > 1
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "has_more": more, "url": r.URL.Path})
	}
}

func collect[T any](t *testing.T, seq func(func(T, error) bool), id func(T) string, stopAfter int) []string {
	t.Helper()
	var ids []string
	for v, err := range seq {
		require.NoError(t, err)
		ids = append(ids, id(v))
		if len(ids) == stopAfter {
			break
		}
	}
	return ids
}

func TestAllPages(t *testing.T) {
	sid := func(s *client.Session) string { return s.ID }
	tests := []struct {
		name      string
		params    *client.SessionListParams
		stopAfter int
		wantIDs   []string
		wantReqs  []string // raw queries
	}{
		{
			name: "all pages", params: &client.SessionListParams{ListParams: client.ListParams{Limit: client.Int64(2)}},
			wantIDs:  []string{"id_1", "id_2", "id_3", "id_4", "id_5"},
			wantReqs: []string{"limit=2", "limit=2&starting_after=id_2", "limit=2&starting_after=id_4"},
		},
		{
			name: "break in the second page fetches nothing more", params: &client.SessionListParams{ListParams: client.ListParams{Limit: client.Int64(2)}},
			stopAfter: 3, wantIDs: []string{"id_1", "id_2", "id_3"},
			wantReqs: []string{"limit=2", "limit=2&starting_after=id_2"},
		},
		{
			name: "break at a page boundary fetches nothing more", params: &client.SessionListParams{ListParams: client.ListParams{Limit: client.Int64(2)}},
			stopAfter: 2, wantIDs: []string{"id_1", "id_2"},
			wantReqs: []string{"limit=2"},
		},
		{
			name: "cursor in Extra", params: &client.SessionListParams{Params: client.Params{Extra: map[string]any{"limit": 3, "starting_after": "id_1"}}},
			wantIDs:  []string{"id_2", "id_3", "id_4", "id_5"},
			wantReqs: []string{"limit=3&starting_after=id_1", "limit=3&starting_after=id_4"},
		},
		{
			name: "backwards with ending_before", params: &client.SessionListParams{ListParams: client.ListParams{Limit: client.Int64(2), EndingBefore: client.String("id_5")}},
			wantIDs:  []string{"id_3", "id_4", "id_1", "id_2"},
			wantReqs: []string{"ending_before=id_5&limit=2", "ending_before=id_3&limit=2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, pager(5, "checkout.session"))
			c, _ := newClient(t, srv, client.Options{})
			before, _ := json.Marshal(tt.params)
			got := collect(t, c.Sessions.All(context.Background(), tt.params), sid, tt.stopAfter)
			assert.Equal(t, tt.wantIDs, got)
			var queries []string
			for _, r := range srv.requests() {
				queries = append(queries, r.Query)
			}
			assert.Equal(t, tt.wantReqs, queries)
			after, _ := json.Marshal(tt.params)
			assert.JSONEq(t, string(before), string(after), "params are not modified")
		})
	}
}

func TestAllLineItems(t *testing.T) {
	srv := newServer(t, pager(3, "item"))
	c, _ := newClient(t, srv, client.Options{})
	var ids []string
	for li, err := range c.Sessions.AllLineItems(context.Background(), "cs_1", &client.LineItemListParams{ListParams: client.ListParams{Limit: client.Int64(2)}}) {
		require.NoError(t, err)
		ids = append(ids, li.ID)
		require.NotNil(t, li.Response, "items carry their page's response")
		assert.Equal(t, 200, li.Response.StatusCode)
	}
	assert.Equal(t, []string{"id_1", "id_2", "id_3"}, ids)
	reqs := srv.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/v1/checkout/sessions/cs_1/line_items", reqs[1].Path)
	assert.Equal(t, "limit=2&starting_after=id_2", reqs[1].Query)
}

func TestAllStopsOnError(t *testing.T) {
	srv := newServer(t, pager(5, "checkout.session"), reply(404, `{"error":{"type":"invalid_request_error","code":"resource_missing"}}`))
	c, _ := newClient(t, srv, client.Options{})
	var ids []string
	var errs []error
	for s, err := range c.Sessions.All(context.Background(), &client.SessionListParams{ListParams: client.ListParams{Limit: client.Int64(2)}}) {
		if err != nil {
			errs = append(errs, err)
			assert.Nil(t, s)
			continue // the iterator must stop by itself
		}
		ids = append(ids, s.ID)
	}
	assert.Equal(t, []string{"id_1", "id_2"}, ids)
	require.Len(t, errs, 1)
	var se *client.Error
	require.ErrorAs(t, errs[0], &se)
	assert.Equal(t, client.CodeResourceMissing, se.Code)
	assert.Len(t, srv.requests(), 2)
}

func TestAllNilParamsAndEmptyPage(t *testing.T) {
	srv := newServer(t, reply(200, `{"object":"list","data":[],"has_more":true,"url":"/v1/checkout/sessions"}`))
	c, _ := newClient(t, srv, client.Options{})
	n := 0
	for range c.Sessions.All(context.Background(), nil) {
		n++
	}
	assert.Zero(t, n)
	assert.Len(t, srv.requests(), 1, "an empty page ends the iteration even if has_more")
}
