package client

import "io"

// readBody is io.ReadAll(io.LimitReader(r, limit)), with the same bytes
// and errors, but reads into a buffer of the announced size when there
// is one (0 < size < limit), so that a body of its Content-Length is read
// without the buffer growing from io.ReadAll's 512 bytes.
func readBody(r io.Reader, size, limit int64) ([]byte, error) {
	if size <= 0 || size >= limit {
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
