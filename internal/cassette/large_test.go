package cassette

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// largeSize is the size of the large cassette: legal, just under
// [MaxFileSize].
const largeSize = 63 << 20

// writeLarge writes a legal cassette of about size bytes into dir: the
// interactions of the committed lifecycle cassette, repeated with their
// ids renumbered. It returns the path and the interactions' requests.
func writeLarge(tb testing.TB, dir string, size int) (string, []*cassette.Interaction) {
	tb.Helper()
	data, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(tb, err)
	var c *cassette.Cassette
	head, body, ok := strings.Cut(string(data), "interactions:\n")
	require.True(tb, ok)
	items := strings.SplitAfter(body, "\n    - id: ")
	// items[0] is "    - id: "; each later one starts with the id.
	path := filepath.Join(dir, "large.yaml")
	f, err := os.Create(path)
	require.NoError(tb, err)
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(head + "interactions:\n")
	written, id := len(head)+14, 0
	for written < size-8<<10 {
		for _, it := range items[1:] {
			_, rest, _ := strings.Cut(it, "\n")
			rest = strings.TrimSuffix(rest, "    - id: ")
			s := fmt.Sprintf("    - id: %d\n%s", id, rest)
			if !strings.HasSuffix(s, "\n") {
				s += "\n"
			}
			w.WriteString(s)
			written += len(s)
			id++
		}
	}
	require.NoError(tb, w.Flush())
	data, err = os.ReadFile(path)
	require.NoError(tb, err)
	c, _, ok = fastDecode(data)
	require.True(tb, ok)
	return path, c.Interactions
}

// replayAll loads the cassette at path and replays every interaction in
// it through the transport, reading each body, as verify does.
func replayAll(tb testing.TB, path string, is []*cassette.Interaction) {
	rp, err := Replay(path)
	require.NoError(tb, err)
	tr := rp.Transport()
	for _, i := range is {
		req, err := http.NewRequest(i.Request.Method, i.Request.URL, strings.NewReader(i.Request.Body))
		require.NoError(tb, err)
		resp, err := tr.RoundTrip(req)
		require.NoError(tb, err)
		_, err = io.Copy(io.Discard, resp.Body)
		require.NoError(tb, err)
		resp.Body.Close()
	}
	require.Empty(tb, rp.Finish())
}

// TestLargeCassetteMemory: replaying a legal 63 MiB cassette allocates at
// most 4× its size in all (issue 17; yaml.v3's node tree cost 13×). The
// total allocated bounds the peak heap from above, and does not depend on
// when the GC runs or on RSS.
func TestLargeCassetteMemory(t *testing.T) {
	path, is := writeLarge(t, t.TempDir(), largeSize)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.LessOrEqual(t, fi.Size(), int64(MaxFileSize))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	replayAll(t, path, is)
	runtime.ReadMemStats(&after)
	total := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d interactions, %d MiB: %d MiB allocated (%.2f× its size)", len(is), fi.Size()>>20, total>>20, float64(total)/float64(fi.Size()))
	require.LessOrEqual(t, total, uint64(4*fi.Size()), "replaying a cassette allocates at most 4× its size")
}

// BenchmarkReplayLarge replays a legal 63 MiB cassette, every interaction;
// with -benchmem, B/op is the memory it costs, and x-size that over the
// file's size.
func BenchmarkReplayLarge(b *testing.B) {
	path, is := writeLarge(b, b.TempDir(), largeSize)
	fi, err := os.Stat(path)
	require.NoError(b, err)
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for range b.N {
		replayAll(b, path, is)
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(fi.Size()), "x-size")
}
