// Package ownmodule proves that checkoutvcr works from a team's own
// module, fetched like any Go module: its test serves this working tree
// from a file-based module proxy (GOPROXY=file://…) at a pseudo-version,
// creates a fresh module outside the repository whose stripe-go v82
// service is tested through checkoutvcrtest and vcr, installs
// checkoutvcr's commands with go get -tool, and runs the team workflow
// of examples/github-actions in it.
package ownmodule

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// modulePath is the module the proxy serves.
const modulePath = "github.com/checkoutvcr/checkoutvcr"

// buildProxy writes a module proxy folder, in the layout the go command
// reads from a file:// GOPROXY, that serves the working tree at repo
// (tracked and untracked files git does not ignore, nested modules left
// out) as modulePath at a pseudo-version derived from its content: the
// same tree is the same version, which the module cache then reuses, and
// a changed tree a new one. It returns the folder and the version.
func buildProxy(t *testing.T, repo string) (dir, version string) {
	t.Helper()
	out, err := exec.Command("git", "-C", repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	var names []string
	nested := map[string]bool{} // folders holding a go.mod of their own
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if info, err := os.Lstat(filepath.Join(repo, name)); err != nil || !info.Mode().IsRegular() {
			continue // deleted in the working tree, or not a file
		}
		if path.Base(name) == "go.mod" && name != "go.mod" {
			nested[path.Dir(name)] = true
		}
		names = append(names, name)
	}
	names = slices.DeleteFunc(names, func(name string) bool {
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if nested[d] {
				return true
			}
		}
		return false
	})
	sort.Strings(names)
	h := sha256.New()
	var files []modzip.File
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(repo, name))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		files = append(files, file{name: name, full: filepath.Join(repo, name)})
	}
	version = "v0.0.0-20260101000000-" + hex.EncodeToString(h.Sum(nil))[:12]

	dir = t.TempDir()
	vdir := filepath.Join(dir, filepath.FromSlash(modulePath), "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	if err := modzip.Create(&zipped, module.Version{Path: modulePath, Version: version}, files); err != nil {
		t.Fatalf("module zip: %v", err)
	}
	gomod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	info, _ := json.Marshal(map[string]string{"Version": version, "Time": "2026-01-01T00:00:00Z"})
	for name, data := range map[string][]byte{
		"list": []byte(version + "\n"), version + ".info": info, version + ".mod": gomod, version + ".zip": zipped.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(vdir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, version
}

// file is one file of the module zip: its path in the module and on disk.
type file struct{ name, full string }

func (f file) Path() string                 { return f.name }
func (f file) Lstat() (os.FileInfo, error)  { return os.Lstat(f.full) }
func (f file) Open() (io.ReadCloser, error) { return os.Open(f.full) }
