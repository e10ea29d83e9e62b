package client

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadBodyIsReadAll: readBody gives io.ReadAll(io.LimitReader(r,
// limit))'s bytes and error whatever the announced size, the limit and
// how the reader splits its data.
func TestReadBodyIsReadAll(t *testing.T) {
	boom := errors.New("boom")
	for _, body := range []string{"", "x", strings.Repeat("ab", 700), strings.Repeat("z", 4096)} {
		for _, limit := range []int64{1, 2, 100, 4097, 1 << 20} {
			for _, size := range []int64{-1, 0, 1, int64(len(body)) - 1, int64(len(body)), int64(len(body)) + 1, 1 << 30} {
				for name, mk := range map[string]func() io.Reader{
					"whole":   func() io.Reader { return strings.NewReader(body) },
					"onebyte": func() io.Reader { return iotest.OneByteReader(strings.NewReader(body)) },
					"dataerr": func() io.Reader { return iotest.DataErrReader(strings.NewReader(body)) },
					"failing": func() io.Reader { return io.MultiReader(strings.NewReader(body), iotest.ErrReader(boom)) },
				} {
					want, werr := io.ReadAll(io.LimitReader(mk(), limit))
					got, gerr := readBody(mk(), size, limit)
					if !bytes.Equal(got, want) || !errors.Is(gerr, werr) && gerr != werr {
						t.Errorf("%s body %d bytes, size %d, limit %d: got %d bytes, %v; io.ReadAll %d bytes, %v", name, len(body), size, limit, len(got), gerr, len(want), werr)
					}
				}
			}
		}
	}
}
