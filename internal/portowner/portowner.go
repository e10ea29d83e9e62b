// Package portowner says which process listens on a TCP port, when the
// system lets it tell: for an error such as "127.0.0.1:12180 is in use by
// pid 4242 (stripe-mock -http-addr 127.0.0.1:12180)".
package portowner

import "fmt"

// Process is a process that listens on a port.
type Process struct {
	// PID is its process id.
	PID int
	// Command is its command line, arguments separated by spaces; ""
	// when it cannot be read.
	Command string
}

// String is "pid 4242 (stripe-mock -http-addr 127.0.0.1:12180)".
func (p Process) String() string {
	if p.Command == "" {
		return fmt.Sprintf("pid %d", p.PID)
	}
	return fmt.Sprintf("pid %d (%s)", p.PID, p.Command)
}

// Find returns the process listening on TCP port port, and false when
// there is none or it cannot tell (another user's process, or a system
// without /proc).
func Find(port int) (Process, bool) { return find(port) }
