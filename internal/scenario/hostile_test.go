package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseGeneratedHostileInput covers broken scenarios too big to commit
// to testdata/bad: each is generated, must fail with its message, quickly.
func TestParseGeneratedHostileInput(t *testing.T) {
	big := append([]byte("name: t\nsteps:\n  - id: create\n    op: create\n    params: {description: \""), append([]byte(strings.Repeat("x", 10<<20)), "\"}\n"...)...)
	deep := "name: t\nsteps:\n  - id: create\n    op: create\n    params: {a: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "}\n"
	tests := []struct {
		name string
		data []byte
		want string // a substring of the error; the whole error is one line
	}{
		{
			name: "10 MB file is refused unread",
			data: big,
			want: fmt.Sprintf(": file is %d bytes; scenario files are limited to %d", len(big), MaxFileSize),
		},
		{
			name: "nesting 20000 deep",
			data: []byte(deep),
			want: "exceeded max depth",
		},
		{
			name: "a million aliases",
			data: []byte("name: t\nsteps:\n  - id: create\n    op: create\n    params:\n      a: &a [x, x, x, x, x, x, x, x, x, x]\n      b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n      d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n      e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n      f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"),
			want: "params: document contains excessive aliasing",
		},
		{
			name: "UTF-16 with a byte order mark",
			data: []byte("\xff\xfen\x00a\x00m\x00e\x00"),
			want: "file is not UTF-8 text",
		},
		{
			name: "only a comment",
			data: []byte("# nothing here\n"),
			want: "file holds only comments; a scenario needs name and steps",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "hostile.yaml")
			require.NoError(t, os.WriteFile(path, tt.data, 0o644))
			done := make(chan error, 1)
			go func() {
				_, err := ParseFile(path)
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(60 * time.Second): // a watchdog for a parse that never ends, not a speed goal
				t.Fatal("ParseFile did not return: the hostile input is not bounded")
			}
			require.Error(t, err)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, path), "names the file: %q", msg)
			assert.Contains(t, msg, tt.want)
			assert.NotContains(t, msg, "\n", "one line")
		})
	}
}

// TestParamsWithNonStringKeys is a regression test: yaml.v3 decodes a
// mapping with a number key into map[any]any, and such params used to be
// dropped silently.
func TestParamsWithNonStringKeys(t *testing.T) {
	sc, err := Parse("t.yaml", []byte("name: t\nsteps:\n  - id: create\n    op: create\n    params:\n      metadata: {1: one, true: yes}\n      mode: payment\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"metadata": map[string]any{"1": "one", "true": "yes"}, "mode": "payment"}, sc.Steps[0].Params)
}

func TestKeyInScenarioRefused(t *testing.T) {
	for _, value := range []string{"sk_test_4eC39HqLyjWDarjtT1zdp7dc", "rk_test_abc123", "sk_live_abc123", "Bearer rk_live_abc123"} {
		_, err := Parse("t.yaml", []byte("name: t\nsteps:\n  - id: create\n    op: create\n    params: {metadata: {k: \""+value+"\"}}\n"))
		require.Error(t, err, value)
		assert.Contains(t, err.Error(), "t.yaml:5:")
		assert.Contains(t, err.Error(), "use ${env.NAME}")
		assert.NotContains(t, err.Error(), value, "the error must not repeat the key")
	}
	_, err := Parse("t.yaml", []byte("name: t\nsteps:\n  - id: create\n    op: create\n    params: {metadata: {k: \"${env.STRIPE_TEST_VALUE}\", sku: task_test_1}}\n"))
	assert.NoError(t, err, "an env template and look-alikes are fine")
}
