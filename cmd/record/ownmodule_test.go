package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFromATeamModule: in another module, the help names the commands as
// typed there (go tool record), and record, where there is no scenarios
// folder, says what it needs (exit 2) rather than fail to open
// "scenarios".
func TestFromATeamModule(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/go.mod", []byte("module example.com/shop\n\ngo 1.26.0\n\ntool github.com/checkoutvcr/checkoutvcr/cmd/record\n"), 0o644))
	t.Chdir(dir)
	getenv := func(string) string { return "" }
	var help bytes.Buffer
	run(context.Background(), []string{"-h"}, getenv, io.Discard, &help)
	assert.True(t, strings.HasPrefix(help.String(), "Usage: go tool record [flags]\n"), help.String())
	assert.Contains(t, help.String(), "go run github.com/checkoutvcr/checkoutvcr/cmd/checkoutserver")
	assert.NotContains(t, help.String(), "./cmd/")

	err := run(context.Background(), nil, getenv, io.Discard, io.Discard)
	var stderr bytes.Buffer
	assert.Equal(t, 2, exitCode(err, &stderr))
	assert.Equal(t, "record: no scenarios folder here: record runs scenario files (-scenarios DIR); a Go test records its own calls through the vcr package instead (go doc github.com/checkoutvcr/checkoutvcr/checkoutvcrtest)\n", stderr.String())
}
