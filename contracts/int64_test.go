package contracts

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// TestIntegersTheClientCannotHold: the stripe-mock lifecycle cassette's
// create response with amount_total (null there) set to each literal.
// JSON Schema's integer accepts them all; a Go int64 none, so each is a
// wrong_type error at amount_total. Plain integers still pass.
func TestIntegersTheClientCannotHold(t *testing.T) {
	s, err := Load()
	require.NoError(t, err)
	c, err := cassette.Load("../internal/verify/testdata/stripemock/lifecycle")
	require.NoError(t, err)
	body := c.Interactions[0].Response.Body
	require.Contains(t, body, `"amount_total":null,`)
	for lit, bad := range map[string]bool{"2000.0": true, "1e2": true, "1e400": true, "99999999999999999999999999999": true,
		"2000": false, "-5": false, "9223372036854775807": false} {
		vs, err := s.CheckResponse("create", 200, []byte(strings.Replace(body, `"amount_total":null,`, `"amount_total":`+lit+`,`, 1)))
		require.NoError(t, err)
		if !bad {
			assert.Empty(t, vs, lit)
			continue
		}
		require.Len(t, vs, 1, lit)
		assert.Equal(t, Violation{Kind: KindWrongType, Path: "amount_total", Want: "integer (digits only, within int64)", Got: "number " + lit}, vs[0], lit)
		assert.Equal(t, SeverityError, vs[0].Kind.Severity())
	}
	// Nested, inside a list: line_items' amount_total.
	li := c.Interactions[1].Response.Body
	require.Contains(t, li, `"amount_total":`)
	i := strings.Index(li, `"amount_total":`) + len(`"amount_total":`)
	j := i + strings.IndexAny(li[i:], ",}")
	vs, err := s.CheckResponse("list_line_items", 200, []byte(li[:i]+"4000.0"+li[j:]))
	require.NoError(t, err)
	require.Len(t, vs, 1)
	assert.Equal(t, "data[0].amount_total", vs[0].Path)
}
