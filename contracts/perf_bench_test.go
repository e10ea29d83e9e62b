package contracts

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// checkCases are the responses the per-response benchmarks check: a
// session (create), a list of sessions, a list of line items and an
// error.
var checkCases = []struct{ name, call, op string }{
	{"create", "create", "create"},
	{"expanded", "retrieve_expand_customer", "retrieve"},
	{"list", "list", "list"},
	{"line_items", "list_line_items", "list_line_items"},
	{"error", "create_error_400", "create"},
}

// BenchmarkCheck is the per-response check with warm caches: decode the
// body and check it ([Set.CheckResponse]), check an already decoded body
// ([Set.CheckValue]), and the same with jsonschema/v6 alone, the fast path
// switched off.
func BenchmarkCheck(b *testing.B) {
	s := loaded(b)
	got := responses(b)
	for _, c := range checkCases {
		r := got[c.call]
		v, err := DecodeJSON(r.body)
		require.NoError(b, err)
		b.Run(c.name+"/CheckResponse", func(b *testing.B) {
			b.SetBytes(int64(len(r.body)))
			for b.Loop() {
				vs, err := s.CheckResponse(c.op, r.status, r.body)
				require.NoError(b, err)
				require.Empty(b, vs)
			}
		})
		b.Run(c.name+"/CheckValue", func(b *testing.B) {
			b.SetBytes(int64(len(r.body)))
			for b.Loop() {
				vs, err := s.CheckValue(c.op, r.status, v)
				require.NoError(b, err)
				require.Empty(b, vs)
			}
		})
		b.Run(c.name+"/jsonschema-only", func(b *testing.B) {
			sch, _, err := s.responseSchema(c.op, r.status)
			require.NoError(b, err)
			b.SetBytes(int64(len(r.body)))
			for b.Loop() {
				require.NoError(b, sch.Validate(v))
			}
		})
	}
}

// BenchmarkDecode is the floor of a check: reading the body once
// (json.Valid), and decoding it as a check needs it.
func BenchmarkDecode(b *testing.B) {
	body := responses(b)["create"].body
	b.Run("json.Valid", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			require.True(b, json.Valid(body))
		}
	})
	b.Run("json.Unmarshal-map", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var m map[string]any
			require.NoError(b, json.Unmarshal(body, &m))
		}
	})
	b.Run("DecodeJSON", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			_, err := DecodeJSON(body)
			require.NoError(b, err)
		}
	})
}
