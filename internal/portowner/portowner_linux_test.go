package portowner

import (
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFindNamesTheListener: a port this process listens on is found, with
// this process's pid and program; a port nobody listens on is not.
func TestFindNamesTheListener(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	p, ok := Find(port)
	require.True(t, ok)
	assert.Equal(t, os.Getpid(), p.PID)
	assert.Contains(t, p.Command, filepath.Base(os.Args[0]))
	l.Close()
	_, ok = Find(port)
	assert.False(t, ok, "nothing listens there any more")
}

func TestString(t *testing.T) {
	assert.Equal(t, "pid 7 (stripe-mock -http-addr 127.0.0.1:12111)", Process{PID: 7, Command: "stripe-mock -http-addr 127.0.0.1:12111"}.String())
	assert.Equal(t, "pid 7", Process{PID: 7}.String())
}
