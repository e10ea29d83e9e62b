//go:build unix

package stripemock

import (
	"os"
	"syscall"
)

// terminate asks the server's process group to stop.
func terminate(p *os.Process) error { return syscall.Kill(-p.Pid, syscall.SIGTERM) }

// kill stops the server's process group at once.
func kill(p *os.Process) error { return syscall.Kill(-p.Pid, syscall.SIGKILL) }
