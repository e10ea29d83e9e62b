package stripemock

import (
	"context"
	"os"
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
	path, err := toolPath(context.Background(), "")
	require.NoError(t, err)
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&0o111, "%s is executable", path)
}

// TestMissingToolNamesTheGoGetLine: in a module that has not pinned
// stripe-mock (a user's module), the error is the exact line that pins it.
func TestMissingToolNamesTheGoGetLine(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/go.mod", []byte("module example.com/shop\n\ngo 1.26.0\n"), 0o644))
	_, err := Start(context.Background(), Options{Dir: dir})
	require.Error(t, err)
	assert.Equal(t, "stripe-mock is not a tool of the module in "+dir+"; add it with: go get -tool github.com/stripe/stripe-mock@v0.203.0", err.Error())
	assert.ErrorIs(t, err, ErrNoTool, "a setup error callers can tell apart")
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
