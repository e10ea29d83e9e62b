package contracts

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
)

// Version is one Stripe API version that has contracts of its own: a
// spec of that version was generated into the folder.
type Version struct {
	// APIVersion is the spec's info.version, e.g. "2025-05-28.basil".
	APIVersion string
	// Module is the Go module, at its version, the spec came from, e.g.
	// "github.com/stripe/stripe-mock@v0.195.0"; "" when unknown (a
	// folder generated from a spec given by path).
	Module string
	// SpecSHA256 is the hex SHA-256 of the spec (spec3.json).
	SpecSHA256 string
}

// Library is the contracts of every version a contracts folder holds: the
// folder's own (the newest, with the catalog) and those under
// versions/ (the Checkout Sessions and events operations of each older
// spec), indexed by versions.json. Each version's [Set] is loaded on
// first use and then shared; a Library is safe for concurrent use.
type Library struct {
	fsys     fs.FS
	where    string
	versions []Version // oldest first
	dirs     []string  // each version's folder in fsys, "." for the folder's own

	mu   sync.Mutex
	sets map[string]*Set // by API version

	err error // the embedded index could not be read: every Load returns it

	majorsOnce sync.Once
	rank       map[string]int // each major name's place in release order; "" (before acacia) is 0
	names      []string       // the major names, in release order
}

// majors returns the major names of l's versions in release order, and
// each one's place in it ("" is 0): the same for the library's life, so
// worked out once ([Library.CheckVersion] runs on each request the local
// server answers).
func (l *Library) majors() (map[string]int, []string) {
	l.majorsOnce.Do(func() {
		l.rank = map[string]int{"": 0}
		for _, x := range l.versions {
			if m := major(x.APIVersion); m != "" {
				if _, ok := l.rank[m]; !ok {
					l.rank[m] = len(l.rank)
					l.names = append(l.names, m)
				}
			}
		}
	})
	return l.rank, l.names
}

// Embedded returns the library of the contracts embedded in this package;
// every call returns the same one, so its sets are loaded once per
// process.
func Embedded() *Library { return embeddedLibrary() }

var embeddedLibrary = sync.OnceValue(func() *Library {
	l, err := openLibrary(embedded, "contracts")
	if err != nil {
		// Never the case for a build of this module (the index is
		// generated and fresh-checked), but not a panic either.
		return &Library{err: err}
	}
	return l
})

// Versions returns the versions the embedded contracts cover, oldest
// first (the last is [Load]'s).
func Versions() []Version { return Embedded().Versions() }

// LoadVersion returns the embedded contracts for the Stripe API version v,
// with how v resolved to them ([Library.Resolve]). It is
// Embedded().Load(v).
func LoadVersion(v string) (*Set, Resolution, error) { return Embedded().Load(v) }

// OpenDir returns the library of the contracts folder dir (see [LoadDir]
// for its errors). A folder without versions.json (one generated from a
// spec given by path) holds its own version only.
func OpenDir(dir string) (*Library, error) {
	if err := checkFiles(dir); err != nil {
		return nil, err
	}
	l, err := openLibrary(safefile.FS(dir, MaxFileSize), "contracts folder "+dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, noManifestError{dir}
	}
	return l, err
}

// openLibrary reads the index of fsys, or else its manifest alone.
func openLibrary(fsys fs.FS, where string) (*Library, error) {
	l := &Library{fsys: fsys, where: where, sets: map[string]*Set{}}
	data, err := fs.ReadFile(fsys, manifest.IndexFile)
	if errors.Is(err, fs.ErrNotExist) {
		s, err := load(fsys, where)
		if err != nil {
			return nil, err
		}
		l.versions = []Version{{APIVersion: s.APIVersion(), Module: s.manifest.Module, SpecSHA256: s.SpecSHA256()}}
		l.dirs = []string{"."}
		l.sets[s.APIVersion()] = s
		return l, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	var idx manifest.Index
	if err := json.Unmarshal(data, &idx); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", where, manifest.IndexFile, err)
	}
	if len(idx.Versions) == 0 {
		return nil, fmt.Errorf("%s: %s: no versions", where, manifest.IndexFile)
	}
	for _, e := range idx.Versions {
		if !versionPattern.MatchString(e.APIVersion) || !fs.ValidPath(e.Dir) {
			return nil, fmt.Errorf("%s: %s: bad entry %q in %q", where, manifest.IndexFile, e.APIVersion, e.Dir)
		}
		l.versions = append(l.versions, Version{APIVersion: e.APIVersion, Module: e.Module, SpecSHA256: e.SpecSHA256})
		l.dirs = append(l.dirs, e.Dir)
	}
	if !slices.IsSortedFunc(l.versions, func(a, b Version) int { return compareVersion(a.APIVersion, b.APIVersion) }) {
		return nil, fmt.Errorf("%s: %s: versions not oldest first", where, manifest.IndexFile)
	}
	return l, nil
}

// compareVersion orders API versions by release date, then by name.
func compareVersion(a, b string) int {
	ad, _, _ := strings.Cut(a, ".")
	bd, _, _ := strings.Cut(b, ".")
	if c := strings.Compare(ad, bd); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// Versions returns the versions l covers, oldest first.
func (l *Library) Versions() []Version { return slices.Clone(l.versions) }

// Newest returns the contracts of l's newest version.
func (l *Library) Newest() (*Set, error) {
	if l.err != nil {
		return nil, l.err
	}
	return l.set(len(l.versions) - 1)
}

// Load returns the contracts for the Stripe API version v and how v
// resolved to them ([Library.Resolve]): v's own, those of a spec of its
// major, or, for a version no contract covers ([MatchNone]), the nearest
// ones, which a caller checks against with the [Resolution.Skew]. The
// error is for a v that is not a Stripe API version, or contracts that
// cannot be read.
func (l *Library) Load(v string) (*Set, Resolution, error) {
	r, err := l.Resolve(v)
	if err != nil {
		return nil, r, err
	}
	i := slices.IndexFunc(l.versions, func(x Version) bool { return x.APIVersion == r.Spec })
	s, err := l.set(i)
	return s, r, err
}

// set returns the i-th version's contracts, loading them on first use.
func (l *Library) set(i int) (*Set, error) {
	v := l.versions[i].APIVersion
	l.mu.Lock()
	defer l.mu.Unlock()
	if s, ok := l.sets[v]; ok {
		return s, nil
	}
	sub := l.fsys
	where := l.where
	if d := l.dirs[i]; d != "." {
		var err error
		if sub, err = fs.Sub(l.fsys, d); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		where += "/" + path.Clean(d)
	}
	s, err := load(sub, where)
	if err != nil {
		return nil, err
	}
	if s.APIVersion() != v {
		return nil, fmt.Errorf("%s: %s says %s, %s says %s", where, manifestFile, s.APIVersion(), manifest.IndexFile, v)
	}
	l.sets[v] = s
	return s, nil
}
