package cassette

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withHeaders is the committed setup cassette with n more response
// headers in its first interaction; badID also gives that interaction id
// 5, a defect that sends the cassette to the yaml.v3 reader, whose error
// names its line.
func withHeaders(tb testing.TB, n int, badID bool) []byte {
	tb.Helper()
	data, err := os.ReadFile("../../cassettes/setup.yaml")
	require.NoError(tb, err)
	text := string(data)
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "            X-Pad-%d:\n                - v\n", i)
	}
	at := strings.Index(text, "      response:\n")
	require.Positive(tb, at)
	h := strings.Index(text[at:], "        headers:\n")
	require.Positive(tb, h)
	cut := at + h + len("        headers:\n")
	text = text[:cut] + b.String() + text[cut:]
	if badID {
		text = strings.Replace(text, "    - id: 0\n", "    - id: 5\n", 1)
	}
	return []byte(text)
}

// TestManyHeadersAreLinear (issue 25 case 12): the yaml.v3 reader, which
// reads every cassette with a defect, costs time linear in the number of
// headers. yaml.v3's own mapping decoder compares every key with every
// other (200,000 headers took 178 s); a quadratic reader does not finish
// 200,000 headers within the watchdog's minute, a linear one takes
// seconds. The defect is still found, at its line.
func TestManyHeadersAreLinear(t *testing.T) {
	data := withHeaders(t, 200_000, true)
	done := make(chan error, 1)
	go func() { _, err := checkData("c.yaml", data); done <- err }()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute): // a watchdog, not a speed goal: linear is seconds, quadratic minutes
		t.Fatal("reading 200,000 headers did not finish in a minute: the yaml.v3 reader is quadratic again")
	}
	require.Error(t, err)
	assert.Regexp(t, `^c\.yaml:4: interaction 0: has id 5; ids must run 0, 1, 2`, err.Error())

	c, err := checkData("c.yaml", withHeaders(t, 1000, false))
	require.NoError(t, err)
	assert.Equal(t, []string{"v"}, c.Interactions[0].Response.Headers["X-Pad-999"])
	c2, _, err := slowDecode("c.yaml", withHeaders(t, 1000, false), "hint")
	require.NoError(t, err)
	assert.Equal(t, c.Interactions[0].Response.Headers, c2.Interactions[0].Response.Headers, "the yaml.v3 reader reads what the fast one does")

	dup := strings.Replace(string(withHeaders(t, 1000, true)), "            X-Pad-999:\n", "            X-Pad-3:\n", 1)
	_, err = checkData("c.yaml", []byte(dup))
	require.Error(t, err)
	assert.Regexp(t, `^c\.yaml:\d+: cassette has a value of the wrong type: mapping key "X-Pad-3" already defined at line \d+$`, err.Error(), "a duplicate key is still refused, in yaml.v3's words")
}

// BenchmarkManyHeaders reads a cassette with a defect, which the yaml.v3
// reader reads, at 2,000 and 20,000 and 200,000 extra headers (1×, 10×,
// 100×): time per header must stay flat.
func BenchmarkManyHeaders(b *testing.B) {
	for _, n := range sizes([]int{2_000, 20_000, 200_000}) {
		data := withHeaders(b, n, true)
		b.Run(fmt.Sprintf("headers=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := checkData("c.yaml", data); err == nil {
					b.Fatal("want the id error")
				}
			}
		})
	}
}
