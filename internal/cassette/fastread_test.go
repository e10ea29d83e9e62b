package cassette

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/yaml.v3"
)

// yamlDecode is what the fast reader must agree with: yaml.v3 decoding
// data into go-vcr's types, and the line of each interaction's node.
func yamlDecode(data []byte) (*cassette.Cassette, []int, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil, fmt.Errorf("no document")
	}
	var c cassette.Cassette
	if err := doc.Content[0].Decode(&c); err != nil {
		return nil, nil, err
	}
	var lines []int
	if is := child(doc.Content[0], "interactions"); is != nil {
		for _, n := range is.Content {
			lines = append(lines, n.Line)
		}
	}
	return &c, lines, nil
}

// sameDecode fails t unless the fast reader's result for data is what
// yaml.v3 decodes.
func sameDecode(t *testing.T, data []byte, fast *cassette.Cassette, fastLines []int) {
	t.Helper()
	slow, lines, err := yamlDecode(data)
	if err != nil {
		t.Fatalf("fast reader accepted what yaml.v3 refuses (%v):\n%s", err, data)
	}
	if slow.Version != fast.Version || !reflect.DeepEqual(slow.Interactions, fast.Interactions) {
		t.Fatalf("fast reader and yaml.v3 disagree on\n%s\nfast: %#v\nyaml: %#v", data, fast.Interactions, slow.Interactions)
	}
	if !reflect.DeepEqual(lines, fastLines) {
		t.Fatalf("interaction lines: fast %v, yaml.v3 %v", fastLines, lines)
	}
}

// TestFastDecodeCommittedCassettes: every committed cassette, and one
// written by record's own saver, takes the fast path and decodes to
// exactly what yaml.v3 decodes.
func TestFastDecodeCommittedCassettes(t *testing.T) {
	files, err := filepath.Glob("../../cassettes/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		c, lines, ok := fastDecode(data)
		require.True(t, ok, "%s: the fast reader does not recognise a cassette go-vcr wrote", file)
		require.True(t, replayable(c), file)
		sameDecode(t, data, c, lines)
		// Only response bodies may share the file's memory: a header
		// value a report keeps must not keep the whole file alive.
		text := string(data)
		c, _, _ = fastDecodeText(data, text)
		inText := func(s string) bool {
			p, start := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(text)))
			return len(s) > 0 && p >= start && p < start+uintptr(len(text))
		}
		for _, i := range c.Interactions {
			for _, s := range []string{i.Request.URL, i.Request.Method, i.Request.Body, i.Request.Headers.Get("Stripe-Version"), i.Response.Status} {
				assert.False(t, inText(s), "%s: %.40q shares the file's memory", file, s)
			}
		}
	}
}

// TestFastDecodeFallsBack lists what the fast reader must leave to
// yaml.v3; each case still decodes (or fails) exactly as yaml.v3 says.
func TestFastDecodeFallsBack(t *testing.T) {
	const head = "version: 2\ninteractions:\n    - id: 0\n      request:\n        method: GET\n        url: http://h/v1/x\n      response:\n        code: 200\n"
	for _, tc := range []struct{ name, data string }{
		{"comment", "# a comment\n" + head},
		{"trailing comment", strings.Replace(head, "code: 200", "code: 200 # ok", 1)},
		{"anchor", strings.Replace(head, "method: GET", "method: &m GET", 1)},
		{"tag", strings.Replace(head, "method: GET", "method: !!str GET", 1)},
		{"folded scalar", head + "        body: >-\n            {}\n"},
		{"indentation indicator", head + "        body: |2\n              {}\n"},
		{"indented empty line in a block", head + "        body: |\n            {\n   \n            }\n"},
		{"block at the end without a line break", head + "        body: |\n            {}"},
		{"multi-line plain", head + "        body: abc\n          def\n"},
		{"null", head + "        body: null\n"},
		{"empty value", head + "        body:\n"},
		{"escape", head + "        body: \"a\\nb\"\n"},
		{"tab", strings.Replace(head, "code: 200", "code:\t200", 1)},
		{"CRLF", strings.ReplaceAll(head, "\n", "\r\n")},
		{"duplicate key", head + "        code: 201\n"},
		{"unknown key", head + "        extra: 1\n"},
		{"octal-looking int", strings.Replace(head, "code: 200", "code: 0200", 1)},
		{"flow mapping", head + "        headers: {A: [b]}\n"},
		{"unterminated quote", head + "        body: 'abc\n"},
		{"version 1", strings.Replace(head, "version: 2", "version: 1", 1)},
		{"version quoted", strings.Replace(head, "version: 2", "version: \"2\"", 1)},
		{"second document", head + "---\nversion: 2\n"},
		{"NEL", head + "        body: a\u0085b\n"},
		{"key over 128 bytes", strings.Replace(head, "code: 200", "code: 200\n        headers:\n            X-"+strings.Repeat("a", 127)+":\n                - v", 1)},
		{"key over 1024 characters", strings.Replace(head, "code: 200", "code: 200\n        headers:\n            X-"+strings.Repeat("^", 1023)+":\n                - v", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, ok := fastDecode([]byte(tc.data))
			assert.False(t, ok, "the fast reader must leave this to yaml.v3:\n%s", tc.data)
		})
	}
	// And what it does take, it takes exactly.
	for _, data := range []string{
		head,
		head + "        body: |-\n            {}\n",
		head + "        body: |\n\n            {\n\n              \"a\": 1  \n            }\n\n\n        status: 200 OK\n",
		head + "        body: |+\n            x\n\n\n    - id: 1\n      request:\n        method: GET\n        url: http://h/v1/y\n      response:\n        code: 200\n",
		strings.Replace(head, "code: 200", "code: 200\n        headers:\n            X-"+strings.Repeat("a", 126)+":\n                - v", 1),
		"---\n" + head + "        body: 'it''s {\"a\": 1}'\n        headers:\n            \"true\":\n                - \"1\"\n            X-A: []\n        trailer: {}\n        transfer_encoding: []\n        duration: 1.5ms\n        uncompressed: true\n        status: 200 OK\n",
	} {
		c, lines, ok := fastDecode([]byte(data))
		require.True(t, ok, data)
		sameDecode(t, []byte(data), c, lines)
	}
}

// FuzzFastDecode is the differential check: whatever the fast reader
// accepts, yaml.v3 decodes to the same cassette and lines.
func FuzzFastDecode(f *testing.F) {
	for _, glob := range []string{"../../cassettes/*.yaml", "testdata/broken/*.yaml"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil && len(data) < 64<<10 {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("version: 2\ninteractions:\n    - id: 0\n      request:\n        body: 'a''b'\n        form:\n            \"k\":\n                - \"v\"\n      response:\n        code: -1\n        duration: 2s\n        headers: {}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, lines, ok := fastDecode(data)
		if !ok {
			return
		}
		sameDecode(t, data, c, lines)
	})
}
