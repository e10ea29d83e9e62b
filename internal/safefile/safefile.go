// Package safefile reads the files checkoutvcr is given (scenarios,
// cassettes, contracts, redact.yaml) with two guarantees: only a regular
// file is read (a device such as /dev/zero, a FIFO or a socket, directly
// or through a symlink, is refused without blocking), and never more than
// a stated number of bytes.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
)

// ErrNotRegular is wrapped by the error for a path that is not a regular
// file (after symlinks): a folder, device, FIFO or socket.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped by the error for a file larger than its limit.
var ErrTooLarge = errors.New("file too large")

// Open opens the regular file at name for reading. It opens without
// blocking (a FIFO with no writer would otherwise hang) and checks the
// opened file, so a symlink swapped in between cannot fool it. A file
// larger than limit bytes is refused; limit <= 0 means no limit.
func Open(name string, limit int64) (*os.File, error) {
	f, _, err := open(name, limit)
	return f, err
}

// open is Open, also returning what the opened file's fstat said.
func open(name string, limit int64) (*os.File, fs.FileInfo, error) {
	f, err := openNonblock(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil {
		err = check(name, info, limit)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// Read returns the contents of the regular file at name, refusing
// anything else (see [Open]) and files of more than limit bytes. A file
// that grows past limit while it is read is refused too.
func Read(name string, limit int64) ([]byte, error) {
	if data, ok, err := readDirect(name, limit); ok {
		return data, err
	}
	f, info, err := open(name, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(name, f, info.Size(), limit)
}

// readAll reads r to its end into one buffer sized from size (as
// os.ReadFile does, so a file costs its size once), refusing more than
// limit bytes when limit > 0.
func readAll(name string, r io.Reader, size, limit int64) ([]byte, error) {
	if limit > 0 {
		size = min(size, limit)
	}
	buf := make([]byte, 0, size+1) // +1: a file that grew is seen at once
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if limit > 0 && int64(len(buf)) > limit {
			return nil, &TooLargeError{Name: name, Size: int64(len(buf)), Limit: limit}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// TooLargeError is the error for a file over its limit; it wraps
// [ErrTooLarge].
type TooLargeError struct {
	// Name is the path; Size its size in bytes (at least Limit+1 for a
	// file that grew while read); Limit the limit it is over.
	Name        string
	Size, Limit int64
}

// Error says "name: is N bytes, over the limit of L".
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: is %d bytes, over the limit of %d", e.Name, e.Size, e.Limit)
}

// Unwrap returns [ErrTooLarge].
func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// check refuses what is not a regular file, or is larger than limit.
func check(name string, info fs.FileInfo, limit int64) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s: %w (%s)", name, ErrNotRegular, Kind(info.Mode()))
	}
	if limit > 0 && info.Size() > limit {
		return &TooLargeError{Name: name, Size: info.Size(), Limit: limit}
	}
	return nil
}

// Kind names a file mode for an error message: "a folder", "a FIFO", …
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "mode " + m.String()
}

// FS is an [fs.FS] of the folder dir whose ReadFile is [Read] with limit,
// for code that reads through an fs.FS (contracts.LoadDir).
func FS(dir string, limit int64) fs.FS { return safeFS{os.DirFS(dir), dir, limit} }

type safeFS struct {
	fs.FS
	dir   string
	limit int64
}

// Open opens name like [Open]; a directory may be opened too (for
// fs.ReadDir and fs.Glob).
func (s safeFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	full := path.Join(s.dir, name)
	if info, err := os.Stat(full); err == nil && info.IsDir() {
		return s.FS.Open(name)
	}
	return Open(full, s.limit)
}

// ReadFile reads name like [Read].
func (s safeFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	return Read(path.Join(s.dir, name), s.limit)
}
