package form_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/client/form"
)

func TestSplitKey(t *testing.T) {
	for _, tt := range []struct {
		key  string
		want []string
	}{
		{"mode", []string{"mode"}},
		{"metadata[order]", []string{"metadata", "order"}},
		{"line_items[0][price_data][currency]", []string{"line_items", "0", "price_data", "currency"}},
		{"expand[]", []string{"expand", ""}},
	} {
		t.Run(tt.key, func(t *testing.T) {
			got, err := form.SplitKey(tt.key)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SplitKey(%q) (-want +got):\n%s", tt.key, diff)
			}
			assert.Equal(t, tt.key, form.JoinKey(got), "JoinKey undoes SplitKey")
		})
	}
}

func TestSplitKeyErrors(t *testing.T) {
	for name, key := range map[string]string{
		"no name":          "[a]",
		"unclosed bracket": "a[b",
		"junk after group": "a[b]c",
		"stray bracket":    "a]",
		"nested bracket":   "a[b[c]]",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := form.SplitKey(key)
			assert.ErrorIs(t, err, form.ErrSyntax)
		})
	}
}
