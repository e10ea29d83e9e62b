package safefile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadDirectAgreesWithOpen: for every kind of path, readDirect either
// reads what Open and readAll read, or declines (ok false) exactly where
// they refuse, so that Read's general path gives the error. It declines
// nothing Open accepts.
func TestReadDirectAgreesWithOpen(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		return p
	}
	regular := write("ok.yaml", []byte("name: x\n"))
	big := make([]byte, 1<<20+3)
	for i := range big {
		big[i] = byte(i)
	}
	link := filepath.Join(dir, "link.yaml")
	require.NoError(t, os.Symlink(regular, link))
	zero, fifo, sock := specialFiles(t, dir)
	unreadable := write("secret.yaml", []byte("x"))
	require.NoError(t, os.Chmod(unreadable, 0))

	for _, tt := range []struct {
		name, path string
		limit      int64
	}{
		{"regular", regular, 100},
		{"regular, no limit", regular, 0},
		{"at the limit", regular, 8},
		{"over the limit", regular, 7},
		{"empty", write("empty.yaml", nil), 10},
		{"large", write("big.yaml", big), 2 << 20},
		{"symlink to a regular file", link, 100},
		{"symlink to /dev/zero", zero, 100},
		{"FIFO with no writer", fifo, 100},
		{"socket", sock, 100},
		{"folder", dir, 100},
		{"missing", filepath.Join(dir, "nope"), 100},
		{"unreadable", unreadable, 100},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var want []byte
			f, info, openErr := open(tt.path, tt.limit)
			if openErr == nil {
				want, openErr = readAll(tt.path, f, info.Size(), tt.limit)
				f.Close()
			}
			got, ok, err := readDirect(tt.path, tt.limit)
			if !ok {
				assert.Error(t, openErr, "readDirect declined what Open reads")
				assert.Nil(t, got)
				assert.NoError(t, err)
				return
			}
			require.NoError(t, openErr, "readDirect read what Open refuses")
			require.NoError(t, err)
			assert.Equal(t, want, got)
			assert.Equal(t, len(got)+1, cap(got), "one buffer, sized from fstat")
		})
	}
}
