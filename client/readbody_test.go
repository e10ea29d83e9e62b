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
		for _, limit := range []int64{0, 1, 2, 100, 4097, 1 << 20} {
			for _, size := range []int64{-1, 0, 1, int64(len(body)) - 1, int64(len(body)), int64(len(body)) + 1, 1 << 30} {
				for name, mk := range map[string]func() io.Reader{
					"whole":   func() io.Reader { return strings.NewReader(body) },
					"onebyte": func() io.Reader { return iotest.OneByteReader(strings.NewReader(body)) },
					"dataerr": func() io.Reader { return iotest.DataErrReader(strings.NewReader(body)) },
					"failing": func() io.Reader { return io.MultiReader(strings.NewReader(body), iotest.ErrReader(boom)) },
					// Bodies that write themselves out (io.WriterTo), as a replayed one does.
					"nopcloser": func() io.Reader { return io.NopCloser(strings.NewReader(body)) },
					"buffer":    func() io.Reader { return bytes.NewBufferString(body) },
					"halves": func() io.Reader {
						return io.MultiReader(strings.NewReader(body[:len(body)/2]), strings.NewReader(body[len(body)/2:]))
					},
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

// BenchmarkReadBody reads a 4 KB body of unknown length (a replayed
// response recorded chunked, Content-Length -1), as the client does.
func BenchmarkReadBody(b *testing.B) {
	body := strings.Repeat(`{"a":"b"},`, 410)
	b.ReportAllocs()
	for b.Loop() {
		got, err := readBody(io.NopCloser(strings.NewReader(body)), -1, 1<<20)
		if err != nil || len(got) != len(body) {
			b.Fatal(len(got), err)
		}
	}
}
