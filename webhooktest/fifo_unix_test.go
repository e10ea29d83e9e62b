//go:build unix

package webhooktest

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
)

// TestFromCassetteFIFO (issue 25 case 18): FromCassette on a FIFO fails at
// once, naming it, and never blocks waiting for a writer.
func TestFromCassetteFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "c.yaml")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	done := make(chan error, 1)
	go func() { _, err := FromCassette(fifo); done <- err }()
	select {
	case err := <-done:
		require.ErrorIs(t, err, safefile.ErrNotRegular)
		assert.Contains(t, err.Error(), fifo)
	case <-time.After(time.Minute): // a watchdog: a blocking open never returns
		t.Fatal("FromCassette blocked on a FIFO")
	}
}
