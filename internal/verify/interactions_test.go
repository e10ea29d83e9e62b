package verify

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// sameNodes fails t unless a and b are the same YAML tree, lines and
// columns included.
func sameNodes(t *testing.T, a, b *yaml.Node, where string) {
	t.Helper()
	require.NotNil(t, a, where)
	require.NotNil(t, b, where)
	require.Equal(t, [5]any{a.Kind, a.Style, a.Value, a.Line, a.Column}, [5]any{b.Kind, b.Style, b.Value, b.Line, b.Column}, where)
	require.Len(t, b.Content, len(a.Content), where)
	for i := range a.Content {
		sameNodes(t, a.Content[i], b.Content[i], where)
	}
}

// starts maps each id of items (a cassette's interaction nodes) that keep
// says to keep to the line it starts on.
func starts(items []*yaml.Node, keep func(id int) bool) map[int]int {
	m := map[int]int{}
	for id, n := range items {
		if keep(id) {
			m[id] = n.Line
		}
	}
	return m
}

// interactions collects what eachInteraction gives, failing on an
// interaction given twice.
func interactions(path string, starts map[int]int) (map[int]*yaml.Node, error) {
	got := map[int]*yaml.Node{}
	var twice error
	err := eachInteraction(path, starts, func(id int, n *yaml.Node) {
		if got[id] != nil {
			twice = fmt.Errorf("interaction %d given twice", id)
		}
		got[id] = n
	})
	return got, errors.Join(err, twice)
}

// TestEachInteractionMatchesWholeFile: each interaction read on its own
// is the node the whole file's parse gives, with the file's lines, for
// every committed cassette: every interaction, the last alone (which ends
// the file), and every other one.
func TestEachInteractionMatchesWholeFile(t *testing.T) {
	paths, err := filepath.Glob("../../cassettes/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, path := range paths {
		items, _, err := readCassette(path, true)
		require.NoError(t, err, path)
		for _, keep := range []func(int) bool{
			func(int) bool { return true },
			func(id int) bool { return id == len(items)-1 },
			func(id int) bool { return id%2 == 1 },
		} {
			want := starts(items, keep)
			got, err := interactions(path, want)
			require.NoError(t, err, path)
			require.Len(t, got, len(want), path)
			for id := range want {
				sameNodes(t, items[id], got[id], path)
			}
		}
	}
}

// TestInteractionAtEnds: an interaction ends at the first line that is
// not blank and is indented no deeper than its "-": not at a blank or
// whitespace-only line inside its body, nor at the end of a file without
// a final newline; a line that is not an item's start is refused.
func TestInteractionAtEnds(t *testing.T) {
	text := "    - id: 0\n" +
		"      response:\n" +
		"        body: |\n" +
		"          {\n" +
		"\n" + // blank lines in a block scalar are its own
		"  \n" +
		"            \"status\": \"open\"\n" +
		"          }\n" +
		"        code: 200\n" +
		"    - id: 1\n" +
		"      response:\n" +
		"        code: 404\n" +
		"# a comment at the top level\n" +
		"    - id: 2\n" +
		"      response:\n" +
		"        code: 500"
	var whole yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte("interactions:\n"+text), &whole))
	items := whole.Content[0].Content[1].Content
	require.Len(t, items, 3)
	lines := strings.SplitAfter(text, "\n")
	for id, line := range []int{1, 10, 14} {
		n, ok := interactionAt([]byte(strings.Join(lines[line-1:], "")), line+1)
		require.True(t, ok, "id %d", id)
		sameNodes(t, items[id], n, fmt.Sprint("id ", id))
	}
	assert.Equal(t, "{\n\n\n  \"status\": \"open\"\n}\n", mappingValue(mappingValue(items[0], "response"), "body").Value, "the blank lines are the body's")
	for _, from := range []int{2, 3, 13} {
		_, ok := interactionAt([]byte(strings.Join(lines[from-1:], "")), from)
		assert.False(t, ok, "line %d starts no item", from)
	}
}

// TestEachInteractionFallsBack: from a start line that is not where an
// interaction starts (a file changed since its replay) on, the
// interactions come from the whole file's parse, as readCassette gives
// them; each still once.
func TestEachInteractionFallsBack(t *testing.T) {
	path := "../../cassettes/lifecycle.yaml"
	items, _, err := readCassette(path, true)
	require.NoError(t, err)
	last := len(items) - 1
	got, err := interactions(path, map[int]int{0: items[0].Line, 1: items[1].Line + 1, last: items[last].Line})
	require.NoError(t, err)
	require.Len(t, got, 3, "each once")
	for _, id := range []int{0, 1, last} {
		sameNodes(t, items[id], got[id], path)
	}

	_, err = interactions(filepath.Join(t.TempDir(), "gone.yaml"), map[int]int{0: 4})
	assert.ErrorIs(t, err, os.ErrNotExist)
}
