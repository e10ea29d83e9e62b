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

// teamModule makes the current folder, for this test, a team's module
// that declares verify and record as tools and has no scenarios folder.
func teamModule(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/go.mod", []byte("module example.com/shop\n\ngo 1.26.0\n\ntool (\n\tgithub.com/checkoutvcr/checkoutvcr/cmd/record\n\tgithub.com/checkoutvcr/checkoutvcr/cmd/verify\n)\n"), 0o644))
	t.Chdir(dir)
}

// TestFromATeamModule: in another module, the help names the command as
// typed there (go tool verify), and verify with no arguments, where
// there is no scenarios folder, says how to check cassettes (exit 2)
// rather than fail to open "scenarios".
func TestFromATeamModule(t *testing.T) {
	teamModule(t)
	var help bytes.Buffer
	run(context.Background(), []string{"-h"}, io.Discard, &help)
	assert.True(t, strings.HasPrefix(help.String(), "Usage: go tool verify [flags]\n       go tool verify [flags] cassette.yaml|folder ...\n"), help.String())
	assert.NotContains(t, help.String(), "go run ./cmd/verify")

	err := run(context.Background(), nil, io.Discard, io.Discard)
	var stderr bytes.Buffer
	assert.Equal(t, 2, exitCode(err, &stderr))
	assert.Equal(t, "verify: no scenarios folder here: name cassette files or folders to check them (go tool verify testdata/cassettes), or give -scenarios DIR -cassettes DIR for a scenario suite\n", stderr.String())
}
