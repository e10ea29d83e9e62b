//go:build !unix

package stripemock

import (
	"os"
	"syscall"
)

// sysProcAttr has nothing to add on these systems.
func sysProcAttr() *syscall.SysProcAttr { return nil }

// terminate stops the server; there is no SIGTERM here.
func terminate(p *os.Process) error { return p.Kill() }

// kill stops the server.
func kill(p *os.Process) error { return p.Kill() }
