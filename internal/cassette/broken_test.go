package cassette

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the .want files in testdata/broken")

// TestReplayBrokenCassettes loads every cassette in testdata/broken and
// compares the error with the file's .want sibling (refresh with -update,
// then read the diff). Each is one line naming the file, and the line
// where there is one.
func TestReplayBrokenCassettes(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.yaml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 15)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			_, err := Replay(file)
			require.Error(t, err, "a broken cassette must not load")
			got := err.Error() + "\n"
			wantFile := strings.TrimSuffix(file, ".yaml") + ".want"
			if *update {
				require.NoError(t, os.WriteFile(wantFile, []byte(got), 0o644))
			}
			want, err := os.ReadFile(wantFile)
			require.NoError(t, err, "run go test -run TestReplayBrokenCassettes -update to create it")
			assert.Equal(t, string(want), got)
			assert.True(t, strings.HasPrefix(got, file+":"), "error must start with the file name: %q", got)
			assert.Equal(t, 1, strings.Count(got, "\n"), "one line: %q", got)
		})
	}
}

// TestReplayHugeCassettes generates cassettes too big to commit: a file
// over the size cap is refused before it is read, a 50 MB body before it is
// parsed, and a 9 MiB body spread over lines after it.
func TestReplayHugeCassettes(t *testing.T) {
	dir := t.TempDir()
	t.Run("file over the cap", func(t *testing.T) {
		path := filepath.Join(dir, "huge.yaml")
		f, err := os.Create(path)
		require.NoError(t, err)
		require.NoError(t, f.Truncate(MaxFileSize+1)) // sparse: costs no disk
		require.NoError(t, f.Close())
		_, err = Replay(path)
		require.Error(t, err)
		assert.Equal(t, fmt.Sprintf("%s: cassette is %d bytes; cassettes are limited to %d (64 MiB); re-record it with the command that recorded it", path, MaxFileSize+1, MaxFileSize), err.Error())
	})
	// withBody writes the invalid_param cassette with its response body
	// replaced by head, n copies of chunk, and tail, without building it
	// in memory.
	withBody := func(t *testing.T, name, head, chunk string, n int, tail string) string {
		base, err := os.ReadFile("../../cassettes/invalid_param.yaml")
		require.NoError(t, err)
		// The recorded error body is quoted JSON or a block (the local
		// server indents it); either way the old body stays, as x_was.
		marker := "'{\"error\""
		before, after, ok := strings.Cut(string(base), "        body: "+marker)
		if !ok {
			marker = "|\n"
			before, after, ok = strings.Cut(string(base), "        body: "+marker)
		}
		require.True(t, ok)
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		require.NoError(t, err)
		defer f.Close()
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString(before + "        body: " + head)
		for range n {
			w.WriteString(chunk)
		}
		w.WriteString(tail + "        x_was: " + marker + after)
		require.NoError(t, w.Flush())
		return path
	}
	t.Run("50 MB body", func(t *testing.T) {
		path := withBody(t, "big_body.yaml", `'{"error":{"message":"`, strings.Repeat("x", 1<<20), 50, `"}}'`+"\n")
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Replay(path)
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		require.Error(t, err)
		assert.Regexp(t, `^`+path+`:50: line is 524288\d\d bytes; a recorded body is limited to 8388608 \(8 MiB\), all the client reads$`, err.Error())
		assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(3*50<<20), "bounded memory: the file is read once, not parsed")
	})
	t.Run("9 MiB body over many lines", func(t *testing.T) {
		path := withBody(t, "long_body.yaml", "|\n", "            "+strings.Repeat("x", 1023)+"\n", 9<<10, "")
		_, err := Replay(path)
		require.Error(t, err)
		assert.Equal(t, path+":50: interaction 0: response body is 9437184 bytes; the client reads at most 8388608 (8 MiB)", err.Error())
	})
}
