package safefile

import (
	"io"
	"io/fs"
	"syscall"
)

// readDirect is Read for a regular file within limit in system calls
// alone: open, fstat, reads to the end of the file, close. An *os.File
// costs one call more per file (it offers the descriptor to the runtime's
// poller, which refuses a regular file), and verify reads two files per
// scenario. ok is false, with nothing read, when the open or the check
// fails: Read's general path then makes the error.
func readDirect(name string, limit int64) (data []byte, ok bool, err error) {
	var fd int
	for {
		// O_NONBLOCK, as openNonblock: a FIFO with no writer must not
		// block the open.
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, false, nil
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || limit > 0 && st.Size > limit {
		return nil, false, nil
	}
	data, err = readAll(name, fdReader{fd, name}, st.Size, limit)
	return data, true, err
}

// fdReader reads a file descriptor as an *os.File would: a read that
// returns nothing is the end of the file, and an error names the path.
type fdReader struct {
	fd   int
	name string
}

func (r fdReader) Read(p []byte) (int, error) {
	for {
		n, err := syscall.Read(r.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: r.name, Err: err}
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}
