package contracts

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"time"
)

// gzFS serves the files of a contracts folder whether they are stored
// as they are or gzipped: a file called name that is absent is read from
// name+".gz", decompressed (at most [MaxFileSize] bytes). cmd/contracts
// gzips the catalog's two files, and every file but manifest.json of an
// older version's folder.
type gzFS struct{ fsys fs.FS }

// Open implements [fs.FS].
func (g gzFS) Open(name string) (fs.File, error) {
	f, err := g.fsys.Open(name)
	if !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	data, gerr := g.gunzip(name)
	if gerr != nil {
		if errors.Is(gerr, fs.ErrNotExist) {
			return nil, err
		}
		return nil, gerr
	}
	return &memFile{Reader: bytes.NewReader(data), name: path.Base(name), size: int64(len(data))}, nil
}

// ReadFile implements [fs.ReadFileFS].
func (g gzFS) ReadFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(g.fsys, name)
	if !errors.Is(err, fs.ErrNotExist) {
		return data, err
	}
	data, gerr := g.gunzip(name)
	if errors.Is(gerr, fs.ErrNotExist) {
		return nil, err
	}
	return data, gerr
}

// gunzip reads name+".gz" decompressed.
func (g gzFS) gunzip(name string) ([]byte, error) {
	f, err := g.fsys.Open(name + ".gz")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s.gz: %w", name, err)
	}
	data, err := io.ReadAll(io.LimitReader(zr, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s.gz: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s.gz: larger than %d bytes decompressed", name, MaxFileSize)
	}
	return data, nil
}

// memFile is a decompressed file.
type memFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *memFile) Close() error               { return nil }
func (f *memFile) Name() string               { return f.name }
func (f *memFile) Size() int64                { return f.size }
func (f *memFile) Mode() fs.FileMode          { return 0o444 }
func (f *memFile) ModTime() time.Time         { return time.Time{} }
func (f *memFile) IsDir() bool                { return false }
func (f *memFile) Sys() any                   { return nil }
