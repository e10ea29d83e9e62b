package stripemock

import "syscall"

// sysProcAttr puts the server in a process group of its own, so that
// [Server.Close] also stops anything it started, and has the kernel kill
// it when the thread that started it dies: a killed record (SIGKILL, a
// second Ctrl-C) leaves no stripe-mock behind.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
