package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/atomicfile"
)

func TestWriteReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o600))
	require.NoError(t, atomicfile.Write(path, []byte("new"), 0o644))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temp file is left")
}

func TestWriteFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	require.NoError(t, os.Mkdir(path, 0o755)) // a folder cannot be renamed over
	require.Error(t, atomicfile.Write(path, []byte("new"), 0o644))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.True(t, info.IsDir(), "the old entry is untouched")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "the temp file is removed")
}

func TestCommit(t *testing.T) {
	dir := t.TempDir()
	temp, path := filepath.Join(dir, ".x.tmp"), filepath.Join(dir, "x")
	require.NoError(t, os.WriteFile(temp, []byte("done"), 0o644))
	require.NoError(t, atomicfile.Commit(temp, path))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "done", string(got))
	assert.NoFileExists(t, temp)

	assert.Error(t, atomicfile.Commit(filepath.Join(dir, "missing"), path))
	got, _ = os.ReadFile(path)
	assert.Equal(t, "done", string(got), "a failed commit leaves path as it was")
}
