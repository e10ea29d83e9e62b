package ownmodule

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeQuotesCompiledCode: every Go snippet of the README's "Use it
// on your own service" section is code that compiles and runs in a test:
// each, indentation aside, is a verbatim part of the team's shop (built
// and run by TestTeamModule) or of examples/stripego's tests.
func TestReadmeQuotesCompiledCode(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "\n## Use it on your own service\n")
	if start < 0 {
		t.Fatal(`README has no "## Use it on your own service" section`)
	}
	section := text[start+1:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	var sources []string
	for _, pattern := range []string{"testdata/shop/*.go", "../stripego/*.go"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sources = append(sources, flatten(string(data)))
		}
	}
	snippets := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(section, -1)
	if len(snippets) < 4 {
		t.Fatalf("found %d Go snippets in the section, want at least 4", len(snippets))
	}
	for _, m := range snippets {
		snippet := flatten(m[1])
		found := false
		for _, src := range sources {
			found = found || strings.Contains(src, snippet)
		}
		if !found {
			t.Errorf("README snippet is not in testdata/shop or examples/stripego (compiled code):\n%s", m[1])
		}
	}
}

// flatten drops each line's indentation and blank lines, so that a
// snippet matches the code it was taken from at any depth.
func flatten(s string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}
