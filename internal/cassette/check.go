package cassette

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
	"github.com/checkoutvcr/checkoutvcr/internal/yamlpos"
)

// Limits on what [Check] accepts, so that a hostile or mangled cassette
// costs bounded memory and time.
const (
	// MaxFileSize bounds a cassette file; a larger one is refused before
	// it is read.
	MaxFileSize = 64 << 20
	// MaxBodySize bounds one recorded response body: the client reads at
	// most 8 MiB of a response, so a larger body could never replay.
	MaxBodySize = 8 << 20
)

// Check reads the cassette at path and reports the first problem that
// would stop it from replaying as recorded: a file too large, empty or not
// text; a merge-conflict marker; YAML that does not parse or does not
// decode; a format version other than go-vcr v3's; an interaction whose id
// is not its position, or without a request or a response; a response
// whose body is compressed or too large. It does not judge bodies: a body
// that is not JSON is a contract finding, not a load error.
//
// A cassette in the layout go-vcr writes is read by a fast reader that
// builds no YAML node tree (bodies cost their size once, not several
// times); anything else, and any cassette with a problem, is read by
// yaml.v3, so errors and their lines are yaml.v3's.
//
// Each error that re-recording fixes says so with [DefaultRerecord]; use
// [CheckWith] to name another command.
func Check(path string) error { return CheckWith(path, DefaultRerecord) }

// DefaultRerecord is what [Check] and [Replay] tell a user to re-record a
// broken cassette with when the caller names no command ([CheckWith],
// [ReplayWith]): no command of a particular repository, since this
// package cannot know which one the user has.
const DefaultRerecord = "the command that recorded it"

// CheckWith is [Check] with rerecord, the command that re-records this
// cassette, named in its errors ("re-record it with <rerecord>").
func CheckWith(path, rerecord string) error {
	_, _, _, err := load(path, rerecord)
	return err
}

// Read reads the cassette at path as replay does: a regular file within
// [MaxFileSize], through the fast reader for go-vcr's layout (yaml.v3 for
// the rest, in linear time), refused as [Check] refuses it.
func Read(path string) (*cassette.Cassette, error) {
	c, _, _, err := load(path, DefaultRerecord)
	return c, err
}

// load is [CheckWith], returning the decoded cassette and the line each
// interaction starts on, by id.
func load(path, hint string) (*cassette.Cassette, []int, []byte, error) {
	data, err := safefile.Read(path, MaxFileSize)
	var big *safefile.TooLargeError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, nil, fmt.Errorf("%s: %w", path, ErrNotFound)
	case errors.As(err, &big):
		return nil, nil, nil, fmt.Errorf("%s: cassette is %d bytes; cassettes are limited to %d (%d MiB); re-record it with %s", path, big.Size, MaxFileSize, MaxFileSize>>20, hint)
	case errors.Is(err, safefile.ErrNotRegular):
		return nil, nil, nil, fmt.Errorf("%w; a cassette must be a regular file", err)
	case err != nil:
		return nil, nil, nil, err
	}
	// data is ours and never written again: the decoded cassette's
	// strings may share its memory rather than copy a file of up to
	// 64 MiB (issue 17: memory at most 4× the cassette's size).
	c, lines, err := checkText(path, data, unsafe.String(unsafe.SliceData(data), len(data)), hint)
	return c, lines, data, err
}

func checkData(path string, data []byte) (*cassette.Cassette, error) {
	c, _, err := checkHinted(path, data, DefaultRerecord)
	return c, err
}

// checkHinted is checkData naming hint as the command that re-records;
// it also returns the line each interaction starts on, by id.
func checkHinted(path string, data []byte, hint string) (*cassette.Cassette, []int, error) {
	return checkText(path, data, string(data), hint)
}

// checkText is checkHinted with text, data as a string, for the fast
// reader to take its strings from.
func checkText(path string, data []byte, text, hint string) (*cassette.Cassette, []int, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, fmt.Errorf("%s: cassette is empty; re-record it with %s", path, hint)
	}
	long, longest, marker := scanLines(data)
	if longest > MaxBodySize+1024 {
		// Checked before anything else reads every byte: YAML costs
		// several times a value's size.
		return nil, nil, fmt.Errorf("%s:%d: line is %d bytes; a recorded body is limited to %d (%d MiB), all the client reads", path, long, longest, MaxBodySize, MaxBodySize>>20)
	}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return nil, nil, fmt.Errorf("%s: cassette is not UTF-8 text (a binary file?); re-record it with %s", path, hint)
	}
	if marker > 0 {
		lines := bytes.SplitN(data, []byte("\n"), marker+1)
		return nil, nil, fmt.Errorf("%s:%d: merge conflict marker %q left in the cassette; resolve the conflict, or re-record it with %s", path, marker, lines[marker-1][:7], hint)
	}
	if c, lines, ok := fastDecodeText(data, text); ok && replayable(c) {
		return c, lines, nil
	}
	return slowDecode(path, data, hint)
}

// replayable reports whether every check [checkInteraction] makes holds
// for c, decoded by the fast reader; when one does not, the cassette is
// decoded again with yaml.v3, whose nodes give the error its line.
func replayable(c *cassette.Cassette) bool {
	for k, i := range c.Interactions {
		if i.ID != k || !methodPattern.MatchString(i.Request.Method) || i.Request.URL == "" ||
			i.Response.Code < 100 || i.Response.Code > 599 || len(i.Response.Body) > MaxBodySize {
			return false
		}
		if enc := i.Response.Headers.Get("Content-Encoding"); enc != "" && !strings.EqualFold(enc, "identity") {
			return false
		}
		if _, err := recordedRequest(i.Request); err != nil {
			return false
		}
	}
	return true
}

// slowDecode decodes data with yaml.v3 and checks it, naming the line of
// any problem.
func slowDecode(path string, data []byte, hint string) (*cassette.Cassette, []int, error) {
	if line := yamlpos.SecondDocument(data); line > 0 {
		return nil, nil, fmt.Errorf("%s:%d: a second YAML document starts here; a cassette holds one (go-vcr reads only the first); re-record it with %s", path, line, hint)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, loadError(path, data, err, hint)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil, fmt.Errorf("%s: cassette holds only comments; re-record it with %s", path, hint)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("%s:%d: cassette must be a mapping with version and interactions, not %s", path, root.Line, yamlpos.Kind(root))
	}
	v := child(root, "version")
	if v == nil {
		return nil, nil, fmt.Errorf("%s: no \"version\"; not a go-vcr v3 cassette (want \"version: 2\"); re-record it with %s", path, hint)
	}
	if v.Value != strconv.Itoa(cassette.CassetteFormatV2) {
		return nil, nil, fmt.Errorf("%s:%d: version %s: not a go-vcr v3 cassette (want \"version: 2\"); re-record it with %s", path, v.Line, yamlpos.Kind(v), hint)
	}
	var c cassette.Cassette
	maps, err := takeMaps(path, root)
	if err == nil {
		err = root.Decode(&c)
	}
	if err == nil {
		err = maps.fill(&c)
	}
	maps.restore()
	if err != nil {
		return nil, nil, decodeError(path, err, hint)
	}
	is := child(root, "interactions")
	if is == nil {
		return nil, nil, fmt.Errorf("%s: no \"interactions\" list; re-record it with %s", path, hint)
	}
	if is.Kind != yaml.SequenceNode {
		return nil, nil, fmt.Errorf("%s:%d: interactions must be a list, not %s", path, is.Line, yamlpos.Kind(is))
	}
	lines := make([]int, len(is.Content))
	for k, n := range is.Content {
		lines[k] = n.Line
		var i *cassette.Interaction
		if k < len(c.Interactions) {
			i = c.Interactions[k]
		}
		if err := checkInteraction(path, k, n, i, hint); err != nil {
			if k == len(is.Content)-1 && endsInside(n) && !strings.Contains(err.Error(), "may be truncated") {
				err = fmt.Errorf("%w; the file ends inside this interaction, so it may be truncated: re-record it with %s", err, hint)
			}
			return nil, nil, err
		}
	}
	return &c, lines, nil
}

// scanLines returns the number and length of the longest line in data,
// and the number of the first line that is a merge-conflict marker git
// writes into a file it could not merge (0 if none). Markers start at
// column 0, where go-vcr never writes a body line.
func scanLines(data []byte) (long, longest, marker int) {
	for i := 1; len(data) > 0; i++ {
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			end = len(data)
		}
		if end > longest {
			long, longest = i, end
		}
		if marker == 0 && isConflictMarker(data[:end]) {
			marker = i
		}
		data = data[min(end+1, len(data)):]
	}
	return long, longest, marker
}

func isConflictMarker(line []byte) bool {
	if len(line) < 7 || !strings.ContainsRune("<=>|", rune(line[0])) {
		return false // cannot start with any of the markers
	}
	line = bytes.TrimSuffix(line, []byte("\r"))
	for _, m := range []string{"<<<<<<<", "=======", ">>>>>>>", "|||||||"} {
		if bytes.HasPrefix(line, []byte(m)) && (len(line) == 7 || line[7] == ' ') {
			return true
		}
	}
	return false
}

// checkInteraction checks interaction number k, decoded as i from node n.
func checkInteraction(path string, k int, n *yaml.Node, i *cassette.Interaction, hint string) error {
	at := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d: interaction %d: %s", path, n.Line, k, fmt.Sprintf(format, args...))
	}
	if n.Kind != yaml.MappingNode || i == nil {
		return at(n, "must be a mapping with id, request and response, not %s", yamlpos.Kind(n))
	}
	switch id := child(n, "id"); {
	case id == nil:
		return at(n, "has no id; ids must run 0, 1, 2… in file order")
	case i.ID != k:
		return at(id, "has id %s; ids must run 0, 1, 2… in file order (was the file merged or edited by hand?); re-record it with %s", id.Value, hint)
	}
	req, resp := child(n, "request"), child(n, "response")
	switch {
	case req == nil || req.Kind != yaml.MappingNode:
		return at(n, "has no request; the file may be truncated: re-record it with %s", hint)
	case resp == nil || resp.Kind != yaml.MappingNode:
		return at(n, "has no response; the file may be truncated: re-record it with %s", hint)
	case i.Request.Method == "":
		return at(req, "request has no method")
	case !methodPattern.MatchString(i.Request.Method):
		return at(yamlpos.Or(child(req, "method"), req), "request method %q is not an HTTP method", i.Request.Method)
	case i.Request.URL == "":
		return at(req, "request has no url")
	case i.Response.Code < 100 || i.Response.Code > 599:
		return at(yamlpos.Or(child(resp, "code"), resp), "response has no valid status code (got %d)", i.Response.Code)
	}
	if _, err := recordedRequest(i.Request); err != nil {
		return at(req, "request cannot be matched: %v", err)
	}
	if enc := i.Response.Headers.Get("Content-Encoding"); enc != "" && !strings.EqualFold(enc, "identity") {
		return at(yamlpos.Or(child(resp, "headers"), resp), "response body is Content-Encoding %s; verify replays decoded JSON bodies only: re-record it with %s", enc, hint)
	}
	if len(i.Response.Body) > MaxBodySize {
		return at(yamlpos.Or(child(resp, "body"), resp), "response body is %d bytes; the client reads at most %d (%d MiB)", len(i.Response.Body), MaxBodySize, MaxBodySize>>20)
	}
	return nil
}

// endsInside reports whether the interaction n stops before its end:
// its response lacks duration, the field go-vcr writes last (after the
// body, headers and code). For the last interaction of a file that means
// the file ends inside it: it was cut short.
func endsInside(n *yaml.Node) bool {
	resp := child(n, "response")
	return resp == nil || child(resp, "duration") == nil
}

// decodeError turns yaml.v3's multi-line "unmarshal errors" into one line
// naming the first problem.
func decodeError(path string, err error, hint string) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) || len(te.Errors) == 0 {
		return loadError(path, nil, err, hint)
	}
	// A quoted value may span lines; the error stays on one.
	msg, more := strings.ReplaceAll(te.Errors[0], "\n", `\n`), ""
	if len(te.Errors) > 1 {
		more = fmt.Sprintf(" (and %d more)", len(te.Errors)-1)
	}
	if line, text, ok := yamlpos.DecodeLine(msg); ok {
		return fmt.Errorf("%s:%d: cassette has a value of the wrong type: %s%s", path, line, text, more)
	}
	return fmt.Errorf("%s: cassette has a value of the wrong type: %s%s", path, msg, more)
}

var methodPattern = regexp.MustCompile(`^[A-Z]+$`)

// child returns the value of key in mapping n, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// loadError words a YAML error at its line; data, if not nil, is the
// file, for [yamlpos.Locate] to find the exact line of a tab or
// indentation error.
func loadError(path string, data []byte, err error, hint string) error {
	if errors.Is(err, cassette.ErrUnsupportedCassetteFormat) {
		return fmt.Errorf("%s: not a go-vcr v3 cassette (want \"version: 2\"); re-record it with %s", path, hint)
	}
	if line, msg, ok := yamlpos.SyntaxLine(err); ok {
		if data != nil {
			line, _ = yamlpos.Locate(data, line, msg)
		}
		if strings.Contains(msg, "end of stream") {
			return fmt.Errorf("%s:%d: cassette is not valid YAML: %s; the file ends inside a value, so it may be truncated: re-record it with %s", path, line, msg, hint)
		}
		return fmt.Errorf("%s:%d: cassette is not valid YAML: %s", path, line, msg)
	}
	return fmt.Errorf("%s: %v", path, strings.TrimPrefix(err.Error(), "yaml: "))
}
