//go:build unix && !linux

package stripemock

import "syscall"

// sysProcAttr puts the server in a process group of its own, so that
// [Server.Close] also stops anything it started. These systems have no
// parent-death signal: a record killed with SIGKILL leaves the server
// running.
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
