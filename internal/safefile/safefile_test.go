package safefile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
)

// TestRead covers each kind of path a pull request can commit: a symlink
// to /dev/zero, a FIFO, a socket, a folder, a file over the limit. Each is
// refused at once, with a one-line message naming the path.
func TestRead(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "ok.yaml")
	require.NoError(t, os.WriteFile(regular, []byte("name: x\n"), 0o644))
	zero, fifo, sock := safefile.SpecialFiles(t, dir)

	data, err := safefile.Read(regular, 100)
	require.NoError(t, err)
	assert.Equal(t, "name: x\n", string(data))

	tests := []struct {
		name, path string
		limit      int64
		want       error
		msg        string
	}{
		{"symlink to /dev/zero", zero, 1 << 20, safefile.ErrNotRegular, zero + ": not a regular file (a character device)"},
		{"FIFO with no writer", fifo, 1 << 20, safefile.ErrNotRegular, fifo + ": not a regular file (a FIFO)"},
		{"socket", sock, 1 << 20, nil, sock + ":"},
		{"folder", dir, 1 << 20, safefile.ErrNotRegular, dir + ": not a regular file (a folder)"},
		{"over the limit", regular, 4, safefile.ErrTooLarge, regular + ": is 8 bytes, over the limit of 4"},
		{"missing", filepath.Join(dir, "nope"), 10, fs.ErrNotExist, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { _, err := safefile.Read(tt.path, tt.limit); done <- err }()
			select {
			case err := <-done:
				require.Error(t, err)
				if tt.want != nil {
					assert.True(t, errors.Is(err, tt.want), "%v wraps %v", err, tt.want)
				}
				assert.Contains(t, err.Error(), tt.msg)
				assert.NotContains(t, err.Error(), "\n")
			case <-time.After(5 * time.Second):
				t.Fatal("Read blocked")
			}
		})
	}
}

func TestFS(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.json"), []byte("{}"), 0o644))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "z.json")))
	fsys := safefile.FS(dir, 10)
	data, err := fs.ReadFile(fsys, "a.json")
	require.NoError(t, err)
	assert.Equal(t, "{}", string(data))
	_, err = fs.ReadFile(fsys, "z.json")
	assert.ErrorIs(t, err, safefile.ErrNotRegular)
	entries, err := fs.ReadDir(fsys, ".")
	require.NoError(t, err)
	assert.Len(t, entries, 2)
}

// TestReadAllocatesTheFileOnce: a file costs its size in memory once, not
// the doublings of a growing buffer.
func TestReadAllocatesTheFileOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	const size = 20 << 20
	require.NoError(t, os.WriteFile(path, make([]byte, size), 0o644))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	data, err := safefile.Read(path, 64<<20)
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	assert.Len(t, data, size)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(size+size/4))
}
