package record

import (
	"errors"
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
// A write into one holds the read lock (writeDryRun); creating or
// removing one, the write lock.
var dryRuns = struct {
	sync.RWMutex
	dirs   map[string]bool
	killed bool // RemoveDryRuns ran: no dry-run folder is made or written again
}{dirs: map[string]bool{}}

// errKilled is what a dry run's writes return once [RemoveDryRuns] ran.
var errKilled = errors.New("the run was killed; its dry-run folder is removed")

// makeDryRunDir creates a dry run's temp folder and locks it. release
// removes it.
func makeDryRunDir() (dir string, release func(), err error) {
	dryRuns.Lock()
	defer dryRuns.Unlock()
	if dryRuns.killed {
		return "", nil, errKilled
	}
	dir, err = os.MkdirTemp("", dryRunPrefix)
	if err != nil {
		return "", nil, err
	}
	lock, err := lockDir(filepath.Join(dir, dryRunLock))
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	dryRuns.dirs[dir] = true
	return dir, func() {
		// Under the lock: a RemoveDryRuns meanwhile (a second Ctrl-C as
		// the run ends) waits until the folder is gone before the
		// process exits, rather than find it no longer listed and exit
		// halfway through this RemoveAll.
		dryRuns.Lock()
		defer dryRuns.Unlock()
		delete(dryRuns.dirs, dir)
		os.RemoveAll(dir)
		lock.Close()
	}, nil
}

// writeDryRun runs write, which writes a cassette into a dry-run folder,
// unless [RemoveDryRuns] has run (then it returns errKilled), and holds
// RemoveDryRuns off until write returns. go-vcr creates a cassette's
// folder when it saves one, so a save that ran after the folder was
// removed would bring the folder back just before the process exits.
func writeDryRun(write func() error) error {
	dryRuns.RLock()
	defer dryRuns.RUnlock()
	if dryRuns.killed {
		return errKilled
	}
	return write()
}

// RemoveDryRuns removes the temp folders of this process's dry runs that
// are still going: what a command calls before it exits on a second
// interrupt, which does not wait for [Run] to return. It waits for the
// cassettes being saved into them; none is saved, and no dry-run folder
// made, after it.
func RemoveDryRuns() {
	dryRuns.Lock()
	defer dryRuns.Unlock()
	dryRuns.killed = true
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
