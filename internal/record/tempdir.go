package record

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// dryRunPrefix names the temp folders a dry run (-dry-run, -diff) records
// into, under the system's temp folder.
const dryRunPrefix = "checkoutvcr-dry-run-"

// dryRunLock is the file inside a dry-run folder that the run holds a
// lock on while it lives: the kernel drops the lock when the process
// ends, however it ends (SIGKILL included), so a later run can tell a
// folder left by a killed run from one still in use.
const dryRunLock = ".lock"

// dryRuns are this process's live dry-run folders, for [RemoveDryRuns].
var dryRuns = struct {
	sync.Mutex
	dirs map[string]bool
}{dirs: map[string]bool{}}

// makeDryRunDir creates a dry run's temp folder and locks it. release
// removes it.
func makeDryRunDir() (dir string, release func(), err error) {
	dir, err = os.MkdirTemp("", dryRunPrefix)
	if err != nil {
		return "", nil, err
	}
	lock, err := lockDir(filepath.Join(dir, dryRunLock))
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	dryRuns.Lock()
	dryRuns.dirs[dir] = true
	dryRuns.Unlock()
	return dir, func() {
		dryRuns.Lock()
		delete(dryRuns.dirs, dir)
		dryRuns.Unlock()
		os.RemoveAll(dir)
		lock.Close()
	}, nil
}

// RemoveDryRuns removes the temp folders of this process's dry runs that
// are still going: what a command calls before it exits on a second
// interrupt, which does not wait for [Run] to return.
func RemoveDryRuns() {
	dryRuns.Lock()
	defer dryRuns.Unlock()
	for dir := range dryRuns.dirs {
		// Scenarios still in progress may be writing into dir, and a file
		// created while RemoveAll works makes it fail ("directory not
		// empty"). Moved aside first (a name a later run still cleans up),
		// the folder gets no new file: writes to its old path fail.
		gone := dir + "-removed"
		if os.Rename(dir, gone) != nil {
			gone = dir
		}
		os.RemoveAll(gone)
		delete(dryRuns.dirs, dir)
	}
}

// removeStaleDryRuns removes the dry-run folders in parent that a killed
// run left: those whose lock no process holds; a folder without its lock
// file only once it is staleTempAge old (it may be a run just starting).
// Folders of other users, and anything not a folder, are left alone.
func removeStaleDryRuns(log io.Writer, parent string, now time.Time) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	var removed []string
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), dryRunPrefix) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		info, err := os.Lstat(dir)
		if err != nil || !info.IsDir() || !ownedByUs(info) {
			continue
		}
		switch abandoned, err := unlocked(filepath.Join(dir, dryRunLock)); {
		case err == nil && !abandoned:
			continue
		case err != nil && now.Sub(info.ModTime()) < staleTempAge:
			continue
		}
		if os.RemoveAll(dir) == nil {
			removed = append(removed, e.Name())
		}
	}
	if len(removed) > 0 {
		fmt.Fprintf(log, "removed %s left in %s by an earlier, killed dry run: %s\n", plural(len(removed), "temp folder"), parent, strings.Join(removed, ", "))
	}
}
