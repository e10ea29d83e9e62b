package client

import (
	"errors"
	"io"
)

// readBody is io.ReadAll(io.LimitReader(r, limit)), with the same bytes
// and errors, but reads into a buffer of the announced size when there
// is one (0 < size < limit), so that a body of its Content-Length is read
// without the buffer growing from io.ReadAll's 512 bytes; a body of
// unknown size that is an [io.WriterTo] is written into one buffer.
func readBody(r io.Reader, size, limit int64) ([]byte, error) {
	if size <= 0 || size >= limit {
		if wt, ok := r.(io.WriterTo); ok && limit > 0 {
			// A body of unknown size that can write itself out (a
			// replayed one, from a string) arrives in one Write, read
			// into one buffer rather than one grown from 512 bytes.
			w := &limitedBuffer{b: []byte{}, limit: limit}
			_, err := wt.WriteTo(w)
			if errors.Is(err, errLimitReached) {
				err = nil
			}
			return w.b, err
		}
		return io.ReadAll(io.LimitReader(r, limit))
	}
	lr := io.LimitReader(r, limit)
	b := make([]byte, 0, size+1) // +1: room for the read that sees EOF
	for {
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // more than announced: grow as io.ReadAll does
		}
	}
}

// limitedBuffer collects at most limit bytes; a Write that reaches the
// limit keeps what fits and returns errLimitReached, where io.LimitReader
// would have reported the end of the body without reading on.
type limitedBuffer struct {
	b     []byte
	limit int64
}

var errLimitReached = errors.New("limit reached")

func (w *limitedBuffer) Write(p []byte) (int, error) { return appendLimited(w, p) }

// WriteString is Write for a string body (a strings.Reader writes itself
// out with it), without copying it to bytes first.
func (w *limitedBuffer) WriteString(p string) (int, error) { return appendLimited(w, p) }

func appendLimited[T string | []byte](w *limitedBuffer, p T) (int, error) {
	room := max(w.limit-int64(len(w.b)), 0)
	if int64(len(p)) > room {
		w.b = append(w.b, p[:room]...)
		return int(room), errLimitReached
	}
	w.b = append(w.b, p...)
	if int64(len(w.b)) == w.limit {
		return len(p), errLimitReached // read no further, as io.LimitReader does
	}
	return len(p), nil
}
