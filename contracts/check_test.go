package contracts

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/stretchr/testify/require"
)

// loaded returns the embedded contracts.
func loaded(t testing.TB) *Set {
	t.Helper()
	s, err := Load()
	require.NoError(t, err)
	return s
}

func TestStripeMockResponsesPass(t *testing.T) {
	s := loaded(t)
	got := responses(t)
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			r := got[c.name]
			vs, err := s.CheckResponse(c.op, r.status, r.body)
			require.NoError(t, err)
			for _, v := range vs {
				t.Errorf("%s", v)
			}
		})
	}
}

func TestStripeMockResponsesAreWhatTheTestsAssume(t *testing.T) {
	got := responses(t)
	for name, r := range got {
		want := 200
		if name == "create_error_400" {
			want = 400
		}
		assert.Equal(t, want, r.status, "%s: %s", name, r.body)
	}
	session := decode(t, got["retrieve_expand_customer"].body)
	assert.IsType(t, map[string]any{}, session["customer"], "customer is expanded")
	assert.IsType(t, map[string]any{}, session["line_items"], "line_items is expanded")
	assert.NotContains(t, decode(t, got["retrieve"].body), "line_items", "line_items only when expanded")
}
