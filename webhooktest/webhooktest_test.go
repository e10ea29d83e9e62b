package webhooktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const secret = "whsec_test_123"

func TestSignAndVerify(t *testing.T) {
	payload := []byte(`{"id":"evt_1","object":"event"}`)
	at := time.Unix(1767225600, 0)
	h := Sign(payload, secret, at)
	// Stripe's documented scheme: hex HMAC-SHA256 of "<t>.<payload>" keyed with the whole secret.
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("1767225600." + string(payload)))
	assert.Equal(t, "t=1767225600,v1="+hex.EncodeToString(mac.Sum(nil)), h)
	require.NoError(t, Verify(payload, h, secret, 0, at.Add(time.Minute)))
	assert.ErrorIs(t, Verify([]byte(`{"id":"evt_2","object":"event"}`), h, secret, 0, at), ErrNoSignature, "tampered payload")
	assert.ErrorIs(t, Verify(payload, h, "whsec_other", 0, at), ErrNoSignature, "other secret")
	assert.ErrorIs(t, Verify(payload, h, secret, 0, at.Add(6*time.Minute)), ErrTooOld, "stale")
	assert.NoError(t, Verify(payload, h, secret, time.Hour, at.Add(6*time.Minute)))
	assert.ErrorIs(t, Verify(payload, "garbage", secret, 0, at), ErrBadHeader)
	// A header with several signatures passes when one matches, as after a secret roll.
	assert.NoError(t, Verify(payload, h+",v1=00", secret, 0, at))
}

func TestPlan(t *testing.T) {
	assert.Equal(t, []int{0, 1, 2}, Plan(3, false, false))
	assert.Equal(t, []int{1, 0, 2}, Plan(3, false, true))
	assert.Equal(t, []int{0, 1, 0, 1}, Plan(2, true, false))
	assert.Equal(t, []int{1, 0, 3, 2, 1, 0, 3, 2}, Plan(4, true, true))
	assert.Empty(t, Plan(0, true, true))
}

func event(id, typ, obj string, created int64) Event {
	ev, err := ParseEvent(fmt.Appendf(nil, `{"id":%q,"object":"event","type":%q,"created":%d,"data":{"object":{"id":%q}}}`, id, typ, created, obj))
	if err != nil {
		panic(err)
	}
	return ev
}

func TestReplay(t *testing.T) {
	evs := []Event{event("evt_1", "checkout.session.completed", "cs_1", 10), event("evt_2", "checkout.session.async_payment_succeeded", "cs_1", 10)}
	var got []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if err := Verify(b, r.Header.Get(SignatureHeader), secret, 0, time.Now()); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		assert.Equal(t, "application/json; charset=utf-8", r.Header.Get("Content-Type"))
		assert.Equal(t, "/hooks", r.URL.Path)
		ev, err := ParseEvent(b)
		require.NoError(t, err)
		got = append(got, ev.ID)
		if ev.ID == "evt_2" {
			w.WriteHeader(http.StatusInternalServerError)
		}
	})
	ds := Replay(t, h, evs, Options{Secret: secret, Duplicates: true, Reorder: true, Path: "/hooks"})
	assert.Equal(t, []string{"evt_2", "evt_1", "evt_2", "evt_1"}, got)
	require.Len(t, ds, 4)
	assert.Equal(t, []bool{false, false, true, true}, []bool{ds[0].Duplicate, ds[1].Duplicate, ds[2].Duplicate, ds[3].Duplicate})
	assert.Equal(t, http.StatusInternalServerError, ds[0].Status)
	assert.False(t, ds[0].OK())
	assert.True(t, ds[1].OK())

	// A handler with another secret rejects every delivery.
	bad := Replay(t, h, evs, Options{Secret: "whsec_wrong", Path: "/hooks"})
	assert.Equal(t, http.StatusBadRequest, bad[0].Status)
	assert.Contains(t, bad[0].Body, "no v1 signature")
}

func TestFromCassette(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.yaml")
	one := `{"id":"evt_b","object":"event","type":"checkout.session.expired","created":20,"data":{"object":{"id":"cs_2"}}}`
	list := `{"object":"list","url":"/v1/events","has_more":false,"data":[` + one + `,{"id":"evt_a","object":"event","type":"checkout.session.completed","created":10,"data":{"object":{"id":"cs_1"}}}]}`
	y := fmt.Sprintf(`version: 2
interactions:
  - id: 0
    request: {method: POST, url: "http://127.0.0.1/v1/checkout/sessions"}
    response: {code: 200, body: "{}"}
  - id: 1
    request: {method: GET, url: "http://127.0.0.1/v1/events/evt_b"}
    response: {code: 200, body: %q}
  - id: 2
    request: {method: GET, url: "http://127.0.0.1/v1/events?type=checkout.session.%%2A"}
    response: {code: 200, body: %q}
`, one, list)
	require.NoError(t, os.WriteFile(p, []byte(y), 0o644))
	evs, err := FromCassette(p)
	require.NoError(t, err)
	require.Len(t, evs, 2)
	assert.Equal(t, []string{"evt_a", "evt_b"}, []string{evs[0].ID, evs[1].ID}, "oldest first, once each")
	assert.Equal(t, "cs_1", evs[0].Object)
	assert.Equal(t, "checkout.session.expired", evs[1].Type)
	assert.JSONEq(t, one, string(evs[1].Body))

	_, err = FromCassette(filepath.Join(dir, "none.yaml"))
	assert.Error(t, err)
	_, err = ParseEvent([]byte(`{"object":"checkout.session","id":"cs_1"}`))
	assert.ErrorContains(t, err, "not an event")
}

// eventsCassette writes a cassette whose interactions answer GET
// /v1/events/{id} with each body, in order.
func eventsCassette(t *testing.T, bodies ...string) string {
	t.Helper()
	y := "version: 2\ninteractions:\n"
	for i, b := range bodies {
		y += fmt.Sprintf("  - id: %d\n    request: {method: GET, url: \"http://127.0.0.1/v1/events/evt_%d\"}\n    response: {code: 200, body: %q}\n", i, i, b)
	}
	p := filepath.Join(t.TempDir(), "c.yaml")
	require.NoError(t, os.WriteFile(p, []byte(y), 0o644))
	return p
}

// TestFromCassetteMisuse (issue 25 case 18): an event id recorded with
// two bodies is an error naming both interactions, while the same body twice is one
// event; events created at the int64 extremes are ordered without
// overflow.
func TestFromCassetteMisuse(t *testing.T) {
	ev := func(id string, created int64, status string) string {
		return fmt.Sprintf(`{"id":%q,"object":"event","type":"checkout.session.completed","created":%d,"data":{"object":{"id":"cs_1","status":%q}}}`, id, created, status)
	}
	_, err := FromCassette(eventsCassette(t, ev("evt_x", 1, "complete"), ev("evt_x", 1, "expired")))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "interaction 1: event evt_x was recorded with another body at interaction 0")

	evs, err := FromCassette(eventsCassette(t, ev("evt_x", 1, "complete"), " "+ev("evt_x", 1, "complete")+"\n"))
	require.NoError(t, err)
	assert.Len(t, evs, 1, "the same body twice is one event")

	evs, err = FromCassette(eventsCassette(t, ev("evt_max", math.MaxInt64, "a"), ev("evt_min", math.MinInt64, "b"), ev("evt_zero", 0, "c")))
	require.NoError(t, err)
	var ids []string
	for _, e := range evs {
		ids = append(ids, e.ID)
	}
	assert.Equal(t, []string{"evt_min", "evt_zero", "evt_max"}, ids, "oldest first at the int64 extremes")
}

// TestPlanNegative (issue 25 case 18): Plan with no or a negative number
// of events plans no delivery, and does not panic.
func TestPlanNegative(t *testing.T) {
	for _, n := range []int{-1, math.MinInt, 0} {
		assert.NotPanics(t, func() { assert.Empty(t, Plan(n, true, true)) }, "n=%d", n)
	}
}
