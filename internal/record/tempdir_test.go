//go:build unix

package record

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
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
	removeDryRuns(t)
	assert.NoDirExists(t, dir)
}

// removeDryRuns is RemoveDryRuns for a test: this test process goes on,
// so its dry runs may make folders again once the test ends.
func removeDryRuns(t *testing.T) {
	t.Helper()
	RemoveDryRuns()
	t.Cleanup(func() {
		dryRuns.Lock()
		dryRuns.killed = false
		dryRuns.Unlock()
	})
}

// TestNoDryRunFolderAfterRemoveDryRuns: a scenario that finishes while
// the second Ctrl-C removes the folders saves nothing, where go-vcr
// would create the cassette's folder again as it saves (the folder then
// outlived the killed run, 1 run in 12 of cmd/record's
// TestKilledDryRunFolderCleaned); and no dry run starts after it.
func TestNoDryRunFolderAfterRemoveDryRuns(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir, release, err := makeDryRunDir()
	require.NoError(t, err)
	defer release()
	var saved, tries atomic.Int64
	stop := writeLoop(func(i int) {
		// What go-vcr's Save does: create the folder, then the file.
		err := writeDryRun(func() error {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, fmt.Sprintf("s%d.yaml", i)), []byte("x"), 0o644)
		})
		if err == nil {
			saved.Add(1)
		}
		tries.Add(1)
	})
	for saved.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	removeDryRuns(t)
	after, was := tries.Load(), saved.Load()
	for tries.Load() < after+100 { // the scenario goes on saving a while
		time.Sleep(time.Millisecond)
	}
	stop()
	assert.NoDirExists(t, dir, "a save after RemoveDryRuns brought the folder back")
	assert.LessOrEqual(t, saved.Load(), was+1, "saves after RemoveDryRuns (one may have been under way)")
	_, _, err = makeDryRunDir()
	assert.ErrorIs(t, err, errKilled, "a dry run starting after RemoveDryRuns")
	left, err := filepath.Glob(filepath.Join(os.TempDir(), dryRunPrefix+"*"))
	require.NoError(t, err)
	assert.Empty(t, left)
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
		stop := writeLoop(func(i int) {
			_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("s%d.yaml", i)), []byte("x"), 0o644)
		})
		time.Sleep(time.Millisecond) // let it write some
		RemoveDryRuns()
		dryRuns.Lock()
		dryRuns.killed = false // the next round makes a dry run again
		dryRuns.Unlock()
		stop()
		left, err := filepath.Glob(filepath.Join(os.TempDir(), dryRunPrefix+"*"))
		require.NoError(t, err)
		require.Empty(t, left, "RemoveDryRuns leaves no dry-run folder behind")
		release()
	}
}

// TestRemoveDryRunsWaitsForRelease: a second Ctrl-C just as the dry run
// ends finds its folder being removed by the run itself; RemoveDryRuns
// returns (and the process exits) only once it is gone. It returned at
// once, the folder no longer listed, and the exit cut that removal short
// (the rest of cmd/record's TestKilledDryRunFolderCleaned failures).
func TestRemoveDryRunsWaitsForRelease(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir, release, err := makeDryRunDir()
	require.NoError(t, err)
	for i := range 3000 { // enough that removing them takes a while
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("s%d.yaml", i)), []byte("x"), 0o644))
	}
	released := make(chan struct{})
	go func() { defer close(released); release() }()
	for listed := true; listed; {
		dryRuns.RLock()
		listed = dryRuns.dirs[dir]
		dryRuns.RUnlock()
	}
	removeDryRuns(t)
	assert.NoDirExists(t, dir, "RemoveDryRuns returned while the run was still removing its folder")
	<-released
}

// writeLoop calls write(0), write(1), … in a goroutine, as a scenario in
// progress writes, until stop is called; stop returns once it ended.
func writeLoop(write func(i int)) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-quit:
				return
			default:
			}
			write(i)
		}
	}()
	return func() { close(quit); <-done }
}
