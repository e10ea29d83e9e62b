//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openNonblock opens name with O_NONBLOCK, so that opening a FIFO with no
// writer returns at once instead of waiting; the flag does nothing to a
// regular file's reads.
func openNonblock(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
