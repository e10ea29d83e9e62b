package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReportFileErrors: a report file that cannot be written is one line
// per flag, with the verify: prefix, naming its own flag once and saying
// what is wrong in words; the other report files are still written.
func TestReportFileErrors(t *testing.T) {
	folder := t.TempDir()
	good := filepath.Join(t.TempDir(), "r.xml")
	suite := []string{"-scenarios", "../../scenarios", "-cassettes", "../../cassettes"}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"-o a folder", []string{"-o", folder, "-format", "json"},
			"verify: -o: " + folder + " is a folder; name a file\n"},
		{"-o a folder, -junit fine", []string{"-o", folder, "-junit", good},
			"verify: -o: " + folder + " is a folder; name a file\n"},
		{"-json a folder", []string{"-json", folder},
			"verify: -json: " + folder + " is a folder; name a file\n"},
		{"-junit in a missing folder", []string{"-junit", "/proc/nope/x.xml"},
			"verify: -junit: cannot write /proc/nope/x.xml: folder /proc/nope does not exist\n"},
		{"-text under a file", []string{"-text", filepath.Join(good+".f", "x.txt")},
			"verify: -text: cannot write " + filepath.Join(good+".f", "x.txt") + ": " + good + ".f is not a folder\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(good+".f", nil, 0o644))
			os.Remove(good)
			code, _, errOut := verifyArgs(t, append(suite, c.args...)...)
			assert.Equal(t, 2, code)
			assert.Equal(t, c.want, errOut)
			if strings.Contains(c.name, "-junit fine") {
				data, err := os.ReadFile(good)
				require.NoError(t, err, "the other report files are written")
				assert.Contains(t, string(data), "is a folder; name a file")
			}
		})
	}
}

// TestErrorReportOnStdout: with -format json or junit and no -o, a run
// that cannot start (exit 2) still writes a report on stdout, one failing
// test case saying why, so a CI step that redirects stdout gets a
// document; -format text keeps stdout empty (the message is on stderr).
func TestErrorReportOnStdout(t *testing.T) {
	code, out, errOut := verifyArgs(t, "-format", "json", "-scenarios", "/nonexistent")
	require.Equal(t, 2, code)
	assert.Contains(t, errOut, "verify: scenarios: open /nonexistent")
	var js struct {
		Summary struct {
			Errors int  `json:"errors"`
			Passed bool `json:"passed"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &js), out)
	assert.False(t, js.Summary.Passed)
	assert.Equal(t, 1, js.Summary.Errors)
	assert.Contains(t, out, "verify could not run: scenarios: open /nonexistent")

	code, out, _ = verifyArgs(t, "-format", "junit", "-scenarios", "/nonexistent")
	require.Equal(t, 2, code)
	var junit struct {
		Failures int `xml:"failures,attr"`
	}
	require.NoError(t, xml.Unmarshal([]byte(out), &junit), out)
	assert.Equal(t, 1, junit.Failures)

	code, out, _ = verifyArgs(t, "-scenarios", "/nonexistent")
	require.Equal(t, 2, code)
	assert.Empty(t, out)

	// A bad flag after -format json: the report says so too.
	code, out, _ = verifyArgs(t, "-format", "json", "-nope")
	require.Equal(t, 2, code)
	assert.True(t, json.Valid([]byte(out)), out)
	assert.Contains(t, out, "-nope")
}

// TestReportWriteFailureFails (issue 25 case 3): a report that cannot be
// written, because the write or the close fails (/dev/full answers every
// write with ENOSPC), is exit 2 naming the flag and the failure, never
// "wrote … report" and exit 0; a device is written in place, never
// replaced by a rename; and a failing stdout is an error too.
func TestReportWriteFailureFails(t *testing.T) {
	fi, err := os.Stat("/dev/full")
	require.NoError(t, err)
	require.NotZero(t, fi.Mode()&os.ModeCharDevice, "/dev/full must be a character device for this test")
	suite := []string{"-scenarios", "../../scenarios", "-cassettes", "../../cassettes", "-run", "^lifecycle$"}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"-o", []string{"-o", "/dev/full"}, "verify: -o: cannot write /dev/full: no space left on device\n"},
		{"-json", []string{"-json", "/dev/full"}, "verify: -json: cannot write /dev/full: no space left on device\n"},
		{"-o and -junit", []string{"-o", "/dev/full", "-format", "junit"}, "verify: -o: cannot write /dev/full: no space left on device\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := verifyArgs(t, append(suite, c.args...)...)
			assert.Equal(t, 2, code)
			assert.Equal(t, c.want, errOut)
			assert.NotContains(t, errOut, "wrote")
			fi, err := os.Stat("/dev/full")
			require.NoError(t, err)
			assert.NotZero(t, fi.Mode()&os.ModeCharDevice, "/dev/full was replaced")
		})
	}
	t.Run("stdout", func(t *testing.T) {
		var errOut strings.Builder
		err := run(t.Context(), suite, failingWriter{}, &errOut)
		require.Error(t, err)
		assert.Equal(t, 1, exitCode(err, &errOut))
		assert.Contains(t, errOut.String(), "verify: cannot write the report to stdout: disk full")
	})
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestReportThroughSymlink: a report path that is a symbolic link is
// written through the link, to the file it points to; the link stays a
// link (renaming over it would replace the link, as root even
// /dev/stdout's).
func TestReportThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "real.json"), filepath.Join(dir, "link.json")
	require.NoError(t, os.WriteFile(target, []byte("old, and longer than nothing at all"), 0o644))
	require.NoError(t, os.Symlink("real.json", link))
	suite := []string{"-scenarios", "../../scenarios", "-cassettes", "../../cassettes", "-run", "^lifecycle$"}
	for _, flags := range [][]string{{"-format", "json", "-o", link}, {"-json", link}} {
		code, _, errOut := verifyArgs(t, append(suite, flags...)...)
		require.Equal(t, 0, code, errOut)
		fi, err := os.Lstat(link)
		require.NoError(t, err)
		assert.NotZero(t, fi.Mode()&os.ModeSymlink, "%v: the link was replaced", flags)
		data, err := os.ReadFile(target)
		require.NoError(t, err)
		assert.True(t, json.Valid(data), "%v: the file the link points to holds the report: %q", flags, data)
	}
}

// TestReportPathClashes: two report flags naming one file, or a report
// naming a cassette given as an argument, are usage errors (exit 2)
// before anything is written: the cassette is left as it was.
func TestReportPathClashes(t *testing.T) {
	dir := t.TempDir()
	tape, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	victim := filepath.Join(dir, "victim.yaml")
	require.NoError(t, os.WriteFile(victim, tape, 0o644))
	require.NoError(t, os.Symlink("victim.yaml", filepath.Join(dir, "alias.xml")))
	require.NoError(t, os.Symlink(".", filepath.Join(dir, "lnk")))
	scenario, err := os.ReadFile("../../scenarios/lifecycle.yaml")
	require.NoError(t, err)
	scenFile := filepath.Join(t.TempDir(), "lifecycle.yaml")
	require.NoError(t, os.WriteFile(scenFile, scenario, 0o644))
	same := filepath.Join(dir, "same.xml")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"report over the cassette", []string{"-junit", victim, victim},
			"-junit " + victim + " is a cassette verify reads: write the report to another file"},
		{"report over the cassette through a link", []string{"-json", filepath.Join(dir, "alias.xml"), victim},
			"is a cassette verify reads"},
		{"-o and -junit one file", []string{"-o", same, "-junit", same, victim},
			"-junit and -o both name " + same + ": give each report its own file"},
		{"-json twice", []string{"-json", same, "-json", dir + "/./same.xml", victim}, "-json and -json both name"},
		{"one new file through a linked folder", []string{"-json", filepath.Join(dir, "lnk", "same.xml"), "-junit", same, victim}, "both name"},
		// Any YAML file is a cassette or a scenario, never a report: even
		// when verify stops at a bad flag, or finds the cassette in a folder.
		{"report over the cassette, then a bad flag", []string{victim, "-json", victim, "-bogus"},
			"verify: -json: cannot write " + victim + ": it is a YAML file (a cassette or a scenario?), not a report; name another file"},
		{"report over a cassette in a folder argument", []string{"-json", victim, dir}, "it is a YAML file"},
		{"report over a scenario file", []string{"-o", scenFile, "-run", "^lifecycle$"}, "it is a YAML file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := verifyArgs(t, c.args...)
			assert.Equal(t, 2, code)
			assert.Contains(t, errOut, c.want)
			data, err := os.ReadFile(victim)
			require.NoError(t, err)
			assert.Equal(t, tape, data, "the cassette is untouched")
			assert.NoFileExists(t, same)
			data, err = os.ReadFile(scenFile)
			require.NoError(t, err)
			assert.Equal(t, scenario, data, "the scenario is untouched")
		})
	}
}
