// Package atomicfile replaces files so that a reader, or a process killed
// half way, sees the old file or the new one, never a mix, and so that
// the new one survives a crash once the call returns.
//
// The new content goes to a temp file in the destination's folder, which
// is synced, renamed over the destination, and then the folder is synced
// so that the rename itself is durable. [Write] does all of this for bytes
// in memory; [Commit] does the last steps for a temp file written by
// someone else (go-vcr writes a cassette itself).
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces path with data, with permissions perm. On error path is
// as it was and no temp file is left behind.
func Write(path string, data []byte, perm fs.FileMode) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return Commit(tmp.Name(), path)
}

// Commit makes the finished file temp the new path: it syncs temp, renames
// it over path and syncs their folder. temp must be in path's folder. On
// error before the rename, temp is removed and path is as it was.
func Commit(temp, path string) error {
	err := syncFile(temp)
	if err == nil {
		err = os.Rename(temp, path)
	}
	if err != nil {
		os.Remove(temp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable. Systems that cannot sync a
// folder say so with fs.ErrInvalid, which is not an error here.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
