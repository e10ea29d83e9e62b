package stripemock

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStartReportsWhyTheServerExited runs a "server" that prints a reason
// and exits: the error quotes it. Every time: the output must be read to
// the end before the error is made.
func TestStartReportsWhyTheServerExited(t *testing.T) {
	for range 20 {
		_, err := Start(context.Background(), Options{Command: []string{"sh", "-c", "echo boom; exit 3"}})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "exited before listening: boom")
	}
}

func TestToolPathIsTheBuiltBinary(t *testing.T) {
	path, err := ToolPath(context.Background(), "")
	require.NoError(t, err)
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&0o111, "%s is executable", path)
}

// TestToolPathIsAskedOncePerFolder: a second start in the same process
// and folder does not run the go command again (it costs a third of a
// CPU-second); another folder, or a cached binary that is gone, asks
// again.
func TestToolPathIsAskedOncePerFolder(t *testing.T) {
	path, err := ToolPath(context.Background(), "")
	require.NoError(t, err)
	wd, err := os.Getwd()
	require.NoError(t, err)

	// From now on "go" is a fake that says where it ran and names a binary.
	fake := t.TempDir()
	asked := filepath.Join(fake, "asked")
	script := "#!/bin/sh\npwd >> " + asked + "\necho " + os.Args[0] + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(fake, "go"), []byte(script), 0o755))
	t.Setenv("PATH", fake)

	for _, dir := range []string{"", ".", wd} {
		got, err := ToolPath(context.Background(), dir)
		require.NoError(t, err)
		assert.Equal(t, path, got, "dir %q", dir)
	}
	assert.NoFileExists(t, asked, "the go command was run again for the same folder")

	other := t.TempDir()
	got, err := ToolPath(context.Background(), other)
	require.NoError(t, err)
	assert.Equal(t, os.Args[0], got, "another folder asks the go command")
	assert.Equal(t, other+"\n", string(must(os.ReadFile(asked))))

	tools.Lock()
	tools.path[other] = filepath.Join(other, "gone")
	tools.Unlock()
	got, err = ToolPath(context.Background(), other)
	require.NoError(t, err)
	assert.Equal(t, os.Args[0], got, "a cached binary that is gone is asked for again")
	assert.Equal(t, other+"\n"+other+"\n", string(must(os.ReadFile(asked))))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestMissingToolNamesTheGoGetLine: in a module that has not pinned
// stripe-mock (a user's module), the error is the exact line that pins it.
func TestMissingToolNamesTheGoGetLine(t *testing.T) {
	t.Setenv(BinaryEnv, "") // as in a user's module: the go command is asked
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/go.mod", []byte("module example.com/shop\n\ngo 1.26.0\n"), 0o644))
	_, err := Start(context.Background(), Options{Dir: dir})
	require.Error(t, err)
	assert.Equal(t, "stripe-mock is not a tool of the module in "+dir+"; add it with: go get -tool github.com/stripe/stripe-mock@v0.203.0", err.Error())
	assert.ErrorIs(t, err, ErrNoTool, "a setup error callers can tell apart")
	assert.ErrorIs(t, err, ErrSetup)
}

// TestOutsideAModuleNamesTheEnv: outside any Go module there is no
// pinned tool to add, so the error says where to run from, or which
// variable names a binary, not a go get that would fail there too.
func TestOutsideAModuleNamesTheEnv(t *testing.T) {
	t.Setenv(BinaryEnv, "")
	dir := t.TempDir()
	_, err := Start(context.Background(), Options{Dir: dir})
	require.Error(t, err)
	assert.Equal(t, "stripe-mock: not in a Go module here, so no pinned stripe-mock tool; run from your module's folder, or set "+BinaryEnv+" to a stripe-mock binary", err.Error())
	assert.ErrorIs(t, err, ErrNoTool)
}

// TestStartRetriesABinaryStillBeingWritten: on a cold build cache another
// go command may still be writing the binary when Start execs it
// ("text file busy"); Start waits for it rather than failing.
func TestStartRetriesABinaryStillBeingWritten(t *testing.T) {
	bin := t.TempDir() + "/fake-stripe-mock"
	f, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	require.NoError(t, err)
	_, err = f.WriteString("#!/bin/sh\necho 'boom'; exit 3\n")
	require.NoError(t, err)
	time.AfterFunc(300*time.Millisecond, func() { f.Close() }) // the writer finishes
	_, err = Start(context.Background(), Options{Command: []string{bin}, StartTimeout: 20 * time.Second})
	require.Error(t, err, "the fake server exits at once")
	assert.Contains(t, err.Error(), "exited before listening: boom", "it ran once the file was written: %v", err)
}
