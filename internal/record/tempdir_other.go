//go:build !unix

package record

import (
	"errors"
	"io/fs"
	"os"
)

// lockDir creates the lock file at path. Without flock, nothing holds
// it: a later run removes the folder once it is old ([staleTempAge]).
func lockDir(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
}

// unlocked cannot tell here: a folder is judged by its age.
func unlocked(string) (bool, error) { return false, errors.ErrUnsupported }

func ownedByUs(fs.FileInfo) bool { return true }
