package safefile

import (
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// specialFiles makes in dir the paths Read must refuse, and at once: a
// symlink to /dev/zero, a FIFO with no writer and a listening socket
// (closed when t ends), each named like a cassette.
func specialFiles(t *testing.T, dir string) (zero, fifo, sock string) {
	t.Helper()
	zero = filepath.Join(dir, "zero.yaml")
	require.NoError(t, os.Symlink("/dev/zero", zero))
	fifo = filepath.Join(dir, "fifo.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	sock = filepath.Join(dir, "sock.yaml")
	l, err := net.Listen("unix", sock)
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	return zero, fifo, sock
}
