package report

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIsTerminalNotDevNull: /dev/null is a character device but not a
// terminal, so output sent there gets no colour and no progress lines.
func TestIsTerminalNotDevNull(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { null.Close() })
	assert.False(t, IsTerminal(null), os.DevNull)
	assert.False(t, IsTerminal(&bytes.Buffer{}), "not a file")
	r, w, err := os.Pipe()
	require.NoError(t, err)
	t.Cleanup(func() { r.Close(); w.Close() })
	assert.False(t, IsTerminal(w), "a pipe")
}
