package cmdref

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCommand(t *testing.T) {
	tests := []struct {
		name  string
		gomod string
		want  string
	}{
		{"this module", "module github.com/checkoutvcr/checkoutvcr\n\ngo 1.26.0\n", "go run ./cmd/record"},
		{"another module", "module example.com/shop\n\ngo 1.26.0\n\nrequire github.com/checkoutvcr/checkoutvcr v0.0.0\n\nreplace github.com/checkoutvcr/checkoutvcr => ../checkoutvcr\n",
			"go run github.com/checkoutvcr/checkoutvcr/cmd/record"},
		{"a tool line", "module example.com/shop\n\ntool github.com/checkoutvcr/checkoutvcr/cmd/record\n", "go tool record"},
		{"a tool block", "module example.com/shop\n\ntool (\n\tgithub.com/stripe/stripe-mock\n\tgithub.com/checkoutvcr/checkoutvcr/cmd/record // recorder\n)\n", "go tool record"},
		{"another tool only", "module example.com/shop\n\ntool github.com/checkoutvcr/checkoutvcr/cmd/verify\n", "go run github.com/checkoutvcr/checkoutvcr/cmd/record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte(tt.gomod), 0o644))
			sub := filepath.Join(root, "internal", "shop")
			require.NoError(t, os.MkdirAll(sub, 0o755))
			assert.Equal(t, tt.want, Command(sub, "record"), "from a package folder, the go.mod above it governs")
		})
	}
}

// TestStripeMockMatchesGoMod: the go get line names the version this
// module pins.
func TestStripeMockMatchesGoMod(t *testing.T) {
	data, err := os.ReadFile("../../go.mod")
	require.NoError(t, err)
	version := strings.TrimPrefix(StripeMock, "go get -tool github.com/stripe/stripe-mock@")
	assert.Contains(t, string(data), "github.com/stripe/stripe-mock "+version)
}

// TestCommandOutsideAnyModule: a built verify run in a folder no go.mod
// governs is taken to be in a copy of this repository.
func TestCommandOutsideAnyModule(t *testing.T) {
	assert.Equal(t, "go run ./cmd/record", Command(string(filepath.Separator), "record"))
}
