package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHintsFromAnotherModule: run in a module that requires checkoutvcr,
// verify's hints name commands that exist there: go run with the full
// package path, or go tool record when the module declares it a tool.
func TestHintsFromAnotherModule(t *testing.T) {
	scenarios, err := filepath.Abs("../../scenarios")
	require.NoError(t, err)
	for _, tt := range []struct{ gomod, want string }{
		{"module example.com/shop\n\ngo 1.26.0\n", "go run github.com/checkoutvcr/checkoutvcr/cmd/record"},
		{"module example.com/shop\n\ngo 1.26.0\n\ntool github.com/checkoutvcr/checkoutvcr/cmd/record\n", "go tool record"},
	} {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(tt.gomod), 0o644))
		require.NoError(t, os.Mkdir(filepath.Join(dir, "cassettes"), 0o755))
		t.Chdir(dir)
		code, out, _ := verifyArgs(t, "-scenarios", scenarios, "-run", "^setup$")
		assert.Equal(t, 1, code)
		assert.Contains(t, out, "record it with: "+tt.want+" -scenarios "+scenarios+" -cassettes cassettes -run '^setup$'")
		assert.NotContains(t, out, "make record")

		code, _, errOut := verifyArgs(t, "-scenarios", scenarios, "-cassettes", "nope")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "record into it with: "+tt.want+" -cassettes nope")
	}
}
