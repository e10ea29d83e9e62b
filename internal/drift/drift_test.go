package drift_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/drift"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v))
	return v
}

func TestDiff(t *testing.T) {
	for _, tt := range []struct {
		name, a, b string
		want       []string
	}{
		{"same", `{"a":1}`, `{"a":1}`, nil},
		{"volatile values are ignored", `{"id":"cs_test_a1B2c3D4e5F6g7","created":1}`, `{"id":"cs_test_z9Y8x7W6v5U4t3","created":2}`, nil},
		{"volatile type changes count", `{"created":1}`, `{"created":"x"}`, []string{"created"}},
		{"ids inside text are masked", `{"m":"no such session cs_test_a1B2c3D4e5F6g7"}`, `{"m":"no such session cs_test_q1W2e3R4t5Y6u7"}`, nil},
		{"added field, not looked into", `{}`, `{"x":{"y":1}}`, []string{"x"}},
		{"list position", `{"l":[{"p":1},{"p":2}]}`, `{"l":[{"p":1},{"p":3}]}`, []string{"l[1].p"}},
		{"list length", `{"l":[1]}`, `{"l":[1,2]}`, []string{"l"}},
		{"top level", `{"a":1}`, `[1]`, []string{"body"}},
		{"sorted", `{"b":1,"a":1}`, `{"b":2,"a":2}`, []string{"a", "b"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := drift.Diff(decode(t, tt.a), decode(t, tt.b))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Diff (-want +got):\n%s", diff)
			}
		})
	}
}

func TestShapeCompare(t *testing.T) {
	old := drift.ShapeOf(`{"status":"open","l":[{"n":1},{"n":null}],"amount":1}`)
	now := drift.ShapeOf(`{"status":"expired","l":[{"n":null}],"amount":"1"}`)
	assert.Equal(t, "integer or null", old["l[].n"].Types())
	assert.Equal(t, []drift.Change{{What: `value "expired" newly seen`}}, old["status"].Compare(now["status"]))
	assert.Equal(t, []drift.Change{{What: "type integer → string", Breaking: true}}, old["amount"].Compare(now["amount"]))
	assert.Equal(t, []drift.Change{{What: "now null (was always integer)", Breaking: true}},
		drift.ShapeOf(`{"n":1}`)["n"].Compare(drift.ShapeOf(`{"n":null}`)["n"]))
	assert.Contains(t, drift.ShapeOf("<html>"), "(body)")
}

func TestStable(t *testing.T) {
	assert.Equal(t, "<id> at <id>, consent_collection", drift.Stable("cs_test_a1B2c3D4e5F6g7 at 0x7d1c8192180, consent_collection"))
	assert.True(t, drift.Volatile("client_secret"))
	assert.False(t, drift.Volatile("amount_total"))
}
