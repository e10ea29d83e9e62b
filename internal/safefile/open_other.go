//go:build !unix

package safefile

import "os"

// openNonblock is [os.Open] where O_NONBLOCK does not exist.
func openNonblock(name string) (*os.File, error) { return os.Open(name) }
