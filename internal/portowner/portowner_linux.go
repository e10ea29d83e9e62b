package portowner

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// find reads the listening sockets of /proc/net/tcp and tcp6 for port's
// inode, then looks for the process that holds it among /proc/*/fd.
func find(port int) (Process, bool) {
	inodes := map[string]bool{}
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		listening(f, port, inodes)
	}
	if len(inodes) == 0 {
		return Process{}, false
	}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		fds, err := os.ReadDir(d + "/fd")
		if err != nil {
			continue
		}
		for _, fd := range fds {
			link, err := os.Readlink(d + "/fd/" + fd.Name())
			if err != nil || !strings.HasPrefix(link, "socket:[") {
				continue
			}
			if inodes[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] {
				pid, _ := strconv.Atoi(filepath.Base(d))
				return Process{PID: pid, Command: command(d)}, true
			}
		}
	}
	return Process{}, false
}

// listening adds to inodes those of the sockets in file (the format of
// /proc/net/tcp) that listen on port.
func listening(file string, port int, inodes map[string]bool) {
	f, err := os.Open(file)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // the header
	for sc.Scan() {
		// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
		fields := strings.Fields(sc.Text())
		if len(fields) < 10 || fields[3] != "0A" { // 0A: LISTEN
			continue
		}
		_, hexPort, ok := strings.Cut(fields[1], ":")
		if p, err := strconv.ParseUint(hexPort, 16, 16); ok && err == nil && int(p) == port {
			inodes[fields[9]] = true
		}
	}
}

// command is the command line of the process in /proc folder d.
func command(d string) string {
	data, err := os.ReadFile(d + "/cmdline")
	if err != nil {
		return ""
	}
	args := bytes.Split(bytes.TrimRight(data, "\x00"), []byte{0})
	if len(args) > 0 {
		args[0] = []byte(filepath.Base(string(args[0])))
	}
	s := string(bytes.Join(args, []byte(" ")))
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}
