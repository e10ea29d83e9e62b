//go:build unix

package record

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStaleDryRunFolders (issue 25 case 19): a dry-run folder whose lock
// no process holds (its run was killed) is removed by the next run; one
// whose run is alive is kept, and so is a young folder without a lock
// (a run starting), until it is an hour old.
func TestStaleDryRunFolders(t *testing.T) {
	parent := t.TempDir()
	mk := func(name string, lock bool) string {
		dir := filepath.Join(parent, dryRunPrefix+name)
		require.NoError(t, os.Mkdir(dir, 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), []byte("x"), 0o644))
		if lock {
			require.NoError(t, os.WriteFile(filepath.Join(dir, dryRunLock), nil, 0o600))
		}
		return dir
	}
	killed := mk("killed", true) // its lock file exists; nobody holds it
	live := mk("live", false)
	f, err := lockDir(filepath.Join(live, dryRunLock))
	require.NoError(t, err)
	defer f.Close()
	young := mk("young", false)
	old := mk("old", false)
	require.NoError(t, os.Chtimes(old, time.Now().Add(-2*time.Hour), time.Now().Add(-2*time.Hour)))
	file := filepath.Join(parent, dryRunPrefix+"file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))

	var log bytes.Buffer
	removeStaleDryRuns(&log, parent, time.Now())
	assert.NoDirExists(t, killed)
	assert.NoDirExists(t, old)
	assert.DirExists(t, live)
	assert.DirExists(t, young)
	assert.FileExists(t, file)
	assert.Contains(t, log.String(), "removed 2 temp folders left in "+parent+" by an earlier, killed dry run")
}

// TestDryRunFolderRemoved: a dry run's folder is locked while it lives,
// removed by release, and by RemoveDryRuns (a second interrupt).
func TestDryRunFolderRemoved(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir, release, err := makeDryRunDir()
	require.NoError(t, err)
	free, err := unlocked(filepath.Join(dir, dryRunLock))
	require.NoError(t, err)
	assert.False(t, free, "held while the run lives")
	release()
	assert.NoDirExists(t, dir)

	dir, release, err = makeDryRunDir()
	require.NoError(t, err)
	defer release()
	RemoveDryRuns()
	assert.NoDirExists(t, dir)
}

// TestRemoveDryRunsWhileScenariosWrite: a second Ctrl-C removes the
// dry-run folders while scenarios still in progress write into them (a
// file created between RemoveAll's listing and its rmdir made it fail,
// "directory not empty", and the folder outlived the killed run).
func TestRemoveDryRunsWhileScenariosWrite(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	for range 20 {
		dir, release, err := makeDryRunDir()
		require.NoError(t, err)
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("s%d.yaml", i)), []byte("x"), 0o644)
			}
		}()
		time.Sleep(time.Millisecond) // let it write some
		RemoveDryRuns()
		close(stop)
		<-done
		left, err := filepath.Glob(filepath.Join(os.TempDir(), dryRunPrefix+"*"))
		require.NoError(t, err)
		require.Empty(t, left, "RemoveDryRuns leaves no dry-run folder behind")
		release()
	}
}
