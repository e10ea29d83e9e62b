package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/internal/cli"
	"github.com/checkoutvcr/checkoutvcr/internal/gen/contractgen"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pinned is the path of the pinned spec, located once.
var pinned = sync.OnceValues(func() (string, error) { return openapi.PinnedSpecPath(context.Background()) })

func pinnedPath(t *testing.T) string {
	t.Helper()
	p, err := pinned()
	require.NoError(t, err)
	return p
}

// generateInto runs the command into a fresh folder and returns its files.
func generateInto(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	clientDir := filepath.Join(t.TempDir(), "client")
	require.NoError(t, os.Mkdir(clientDir, 0o755))
	err := run(context.Background(), []string{"-spec", pinnedPath(t), "-out", dir, "-client", clientDir}, &stdout, &stderr)
	require.NoError(t, err, stderr.String())
	assert.Regexp(t, `^wrote 11 files \(\d+ bytes\) to .*: API version 2026-08-26\.dahlia, 6 operations and 586 more in the catalog, 1454 component schemas, 2458 always-present properties from spec3\.beta\.sdk\.json\n`+
		`wrote 2 files \(\d+ bytes\) to .*client: \d+ client types\n$`, stdout.String())
	for _, name := range []string{"zz_generated_params.go", "zz_generated_objects.go"} {
		assert.FileExists(t, filepath.Join(clientDir, name))
	}
	return readJSONFiles(t, dir)
}

// readJSONFiles returns the contract files of dir and its versions/
// subfolders by path relative to dir, gzipped ones decompressed (and
// named without .gz): what a fresh generation must equal is the
// documents, not the compressor's bytes.
func readJSONFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel != filepath.Base(rel) && !strings.HasPrefix(rel, "versions"+string(filepath.Separator)) {
			return nil // testdata/ and the like
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case strings.HasSuffix(rel, ".json.gz"):
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
			files[strings.TrimSuffix(rel, ".gz")] = data
		case strings.HasSuffix(rel, ".json"):
			files[rel] = data
		}
		return nil
	})
	require.NoError(t, err)
	return files
}

// TestGenerateIsDeterministic: two runs give the same bytes (and
// TestCommittedContractsAreFresh a third, equal to the committed files).
func TestGenerateIsDeterministic(t *testing.T) {
	first := generateInto(t, t.TempDir())
	again := generateInto(t, t.TempDir())
	require.Equal(t, len(first), len(again))
	for name, data := range first {
		assert.True(t, bytes.Equal(data, again[name]), "%s differs between two runs", name)
	}
}

// generateAll runs the command as make contracts does, every pinned
// version, into a fresh folder and returns its files.
func generateAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"-out", dir, "-client", ""}, &stdout, &stderr)
	require.NoError(t, err, stderr.String())
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	require.Len(t, lines, len(contractgen.Sources)+1, stdout.String())
	assert.Regexp(t, `^wrote 11 files \(\d+ bytes\) to .*/versions/2025-05-28\.basil: API version 2025-05-28\.basil, 8 operations, \d+ component schemas, \d+ always-present properties from spec3\.beta\.sdk\.json \(github\.com/stripe/stripe-mock@v0\.195\.0\)$`, lines[5])
	assert.Regexp(t, `^wrote versions\.json to .*: 10 versions$`, lines[len(lines)-1])
	return readJSONFiles(t, dir)
}

func TestCommittedContractsAreFresh(t *testing.T) {
	fresh := generateAll(t, t.TempDir())
	committed := readJSONFiles(t, filepath.Join("..", "..", "contracts"))
	assert.ElementsMatch(t, keys(fresh), keys(committed), "files in contracts/")
	for name, data := range fresh {
		assert.True(t, bytes.Equal(data, committed[name]),
			"contracts/%s differs from a fresh generation: run `go run ./cmd/contracts`, never edit it by hand", name)
	}
}

// previousManifest is the manifest.json of an earlier run that generated
// an operation since dropped.
const previousManifest = `{"generated_by": "go run ./cmd/contracts", "components": "components.json",
	"requests": "requests.json", "operations": {"create": {"file": "create.json"},
	"old_operation": {"file": "old_operation.json"}}}`

func TestRunRemovesStaleFilesOnly(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"manifest.json":      previousManifest,
		"old_operation.json": "{}",
		"foo.json":           `{"not": "ours"}`, // -out . must not destroy it
		"contracts.go":       "package contracts\n",
	}
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644))
	}
	generateInto(t, dir)
	assert.NoFileExists(t, filepath.Join(dir, "old_operation.json"), "listed by the previous manifest")
	assert.FileExists(t, filepath.Join(dir, "foo.json"), "an unrelated *.json")
	assert.FileExists(t, filepath.Join(dir, "contracts.go"))
	foo, err := os.ReadFile(filepath.Join(dir, "foo.json"))
	require.NoError(t, err)
	assert.Equal(t, files["foo.json"], string(foo))
	leftovers, err := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	require.NoError(t, err)
	assert.Empty(t, leftovers, "temporary files left behind")
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		usage   bool   // a cli.UsageError (exit 2), else flag.ErrHelp
		message string // in the error, or for -h in stderr
	}{
		{"help documents every flag", []string{"-h"}, false, "-out dir"},
		{"unknown flag", []string{"-bogus"}, true, "flag provided but not defined: -bogus (see -h for the flags)"},
		{"stray argument", []string{"extra"}, true, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			require.Error(t, err)
			if tt.usage {
				var usage cli.UsageError
				assert.ErrorAs(t, err, &usage)
				assert.Contains(t, err.Error(), tt.message)
				assert.Empty(t, stderr.String(), "a bad flag is one line, printed by main, not the whole usage")
			} else {
				assert.ErrorIs(t, err, flag.ErrHelp)
				assert.Contains(t, stderr.String(), tt.message)
				assert.Contains(t, stderr.String(), "Exit status")
			}
			assert.Empty(t, stdout.String())
		})
	}
	var stderr bytes.Buffer
	_ = run(context.Background(), []string{"-h"}, &bytes.Buffer{}, &stderr)
	assert.Contains(t, stderr.String(), "-spec file")
}

func TestRunFailsOnBadSpec(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "spec.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"info": {"version": "x"}, "paths": {}}`), 0o644))
	err := run(context.Background(), []string{"-spec", bad, "-out", filepath.Join(dir, "out")}, &bytes.Buffer{}, &bytes.Buffer{})
	require.Error(t, err)
	assert.NotErrorAs(t, err, new(cli.UsageError))
	assert.Contains(t, err.Error(), "spec has no POST /v1/checkout/sessions")
	assert.NoDirExists(t, filepath.Join(dir, "out"), "nothing written on failure")
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
