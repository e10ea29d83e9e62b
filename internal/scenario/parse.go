package scenario

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
	"github.com/checkoutvcr/checkoutvcr/internal/yamlpos"
)

// MaxFileSize bounds a scenario file, in bytes (1 MiB); larger files are
// refused unread.
const MaxFileSize = 1 << 20

var (
	namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	idPattern   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// LoadDir parses every *.yaml and *.yml file in dir, sorted by name. All
// problems are returned together, joined, each as an [*Error].
func LoadDir(dir string) ([]*Scenario, error) {
	var out []*Scenario
	err := walk(dir, func(sc *Scenario) { out = append(out, sc) })
	return out, err
}

// Entry names a scenario file that parses cleanly.
type Entry struct {
	// Name and File are the scenario's name and the path it is read from,
	// as in [Scenario].
	Name, File string
}

// Index checks every scenario file in dir as [LoadDir] does but keeps
// only each scenario's name and file, so that a suite of thousands need
// not stay in memory while it runs; [ParseFile] reads one again.
func Index(dir string) ([]Entry, error) {
	var out []Entry
	err := walk(dir, func(sc *Scenario) { out = append(out, Entry{Name: sc.Name, File: sc.File}) })
	return out, err
}

// Select checks every scenario in dir as [Index] does and returns those
// whose names match run (all if nil). No match is an error.
func Select(dir string, run *regexp.Regexp) ([]Entry, error) {
	all, err := Index(dir)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, e := range all {
		if run == nil || run.MatchString(e.Name) {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, NoMatch(dir, run)
	}
	return out, nil
}

// NoMatch is the error of [Select] when no scenario in dir matches run.
func NoMatch(dir string, run *regexp.Regexp) error {
	return fmt.Errorf("no scenario in %s matches -run %q", dir, run)
}

// walk parses each scenario file in dir in name order and hands keep the
// ones that parse, once their names are known to be unique.
func walk(dir string, keep func(*Scenario)) error {
	files, err := Files(dir)
	if err != nil {
		return err
	}
	var t Tally
	for _, file := range files {
		sc, err := ParseFile(file)
		name := ""
		if sc != nil {
			name = sc.Name
		}
		if t.Add(name, file, err) {
			keep(sc)
		}
	}
	return t.Err(dir)
}

// Files lists the scenario files in dir (*.yaml and *.yml) in name order,
// without reading them. A caller that parses them itself, once each and
// in any order, checks the suite with a [Tally].
func Files(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	var out []string
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if ext != ".yaml" && ext != ".yml" {
			continue
		}
		// A folder named like a scenario is listed too: parsing it is an
		// error that says what it is, where skipping it would be silent.
		out = append(out, filepath.Join(dir, e.Name()))
	}
	return out, nil
}

// A Tally checks a folder of scenarios the way [Index] does, from the
// outcome of parsing each of its [Files], given to [Tally.Add] in name
// order: every file parses, and no two scenarios share a name. The zero
// value is ready to use.
type Tally struct {
	errs  []error
	kept  int
	names map[string]string
}

// Add records the outcome of parsing file: the scenario's name, or err.
// It reports whether the scenario is kept, as [Index] would keep it: it
// parsed and its name is not taken by an earlier file.
func (t *Tally) Add(name, file string, err error) bool {
	if err != nil {
		t.errs = append(t.errs, err)
		return false
	}
	if prev, ok := t.names[name]; ok {
		t.errs = append(t.errs, errorAt(Pos{File: file}, "scenario name %q is also used by %s; names must be unique (they name the cassettes)", name, prev))
		return false
	}
	if t.names == nil {
		t.names = map[string]string{}
	}
	t.names[name] = file
	t.kept++
	return true
}

// Err is the error [Index] would return for folder dir: every problem
// added, joined, or that dir holds no scenario file; nil if none.
func (t *Tally) Err(dir string) error {
	if t.kept == 0 && len(t.errs) == 0 {
		return fmt.Errorf("scenarios: no *.yaml files in %s", dir)
	}
	return errors.Join(t.errs...)
}

// ParseFile reads and parses one scenario file. Only a regular file of at
// most [MaxFileSize] bytes is read (see [safefile.Read]).
func ParseFile(path string) (*Scenario, error) {
	data, err := safefile.Read(path, MaxFileSize)
	if err != nil {
		var big *safefile.TooLargeError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, err
		case errors.As(err, &big):
			return nil, &Error{Pos{File: path}, fmt.Sprintf("file is %d bytes; scenario files are limited to %d", big.Size, MaxFileSize)}
		case errors.Is(err, safefile.ErrNotRegular):
			return nil, &Error{Pos{File: path}, strings.TrimPrefix(err.Error(), path+": ") + "; a scenario must be a regular file"}
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse parses a scenario from data; file names it in errors.
func Parse(file string, data []byte) (*Scenario, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{Pos{File: file}, "file is empty; a scenario needs name and steps"}
	}
	if bytes.IndexByte(data, 0) >= 0 || !isText(data) {
		return nil, &Error{Pos{File: file}, "file is not UTF-8 text"}
	}
	if line := yamlpos.SecondDocument(data); line > 0 {
		return nil, &Error{Pos{File: file, Line: line, Col: 1}, "a second YAML document starts here; a scenario file holds one scenario (remove the --- line, or move the second scenario to a file of its own)"}
	}
	var doc yaml.Node
	if !fastNode(data, &doc) { // the common layout, read without yaml.v3's parser (fastread.go)
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, yamlError(file, data, err)
		}
	}
	if doc.Kind == 0 || (doc.Kind == yaml.DocumentNode && len(doc.Content) == 0) {
		return nil, &Error{Pos{File: file}, "file holds only comments; a scenario needs name and steps"}
	}
	p := &parser{file: file}
	p.secrets(&doc)
	sc := p.scenario(&doc)
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return sc, nil
}

func isText(data []byte) bool {
	return utf8.Valid(data)
}

var unknownAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

// yamlError turns yaml.v3's "yaml: line N: msg" into a positioned error.
func yamlError(file string, data []byte, err error) error {
	msg := err.Error()
	if line, syntax, ok := yamlpos.SyntaxLine(err); ok {
		hint := ""
		if bytes.Contains(data, []byte("\t")) {
			hint = " (the file contains a tab; YAML indents with spaces only)"
		}
		line, col := yamlpos.Locate(data, line, syntax)
		return errorAt(Pos{File: file, Line: line, Col: col}, "YAML syntax: %s%s", syntax, hint)
	}
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		for i, l := range strings.Split(string(data), "\n") {
			if c := strings.Index(l, "*"+m[1]); c >= 0 {
				return &Error{Pos{File: file, Line: i + 1, Col: c + 1}, fmt.Sprintf("YAML: alias *%s refers to no anchor &%s above it", m[1], m[1])}
			}
		}
	}
	return errorAt(Pos{File: file}, "YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

type parser struct {
	file string
	errs []error
}

func (p *parser) pos(n *yaml.Node) Pos { return Pos{File: p.file, Line: n.Line, Col: n.Column} }

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, errorAt(p.pos(n), format, args...))
}

// fields walks a mapping node, reporting keys not in known (with a
// suggestion) and returning the value node of each known key.
func (p *parser) fields(n *yaml.Node, what string, known ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping, not %s", what, yamlpos.Kind(n))
		return nil
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(known, k.Value):
			p.errorf(k, "%s: unknown key %q%s (known keys: %s)", what, k.Value, suggestHint(k.Value, known), strings.Join(known, ", "))
		case out[k.Value] != nil:
			p.errorf(k, "%s: key %q appears twice", what, k.Value)
		default:
			out[k.Value] = v
		}
	}
	return out
}

func (p *parser) scenario(doc *yaml.Node) *Scenario {
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	f := p.fields(root, "scenario", "name", "description", "stripe_version", "steps")
	sc := &Scenario{File: p.file}
	if f == nil {
		return sc
	}
	sc.Name = p.str(f["name"], "name")
	if f["name"] == nil {
		p.errorf(root, "scenario: missing key \"name\"")
	} else if f["name"].Kind == yaml.ScalarNode && !namePattern.MatchString(sc.Name) {
		p.errorf(f["name"], "name %q: use lowercase letters, digits, '-' and '_' (it names the cassette file)", sc.Name)
	}
	sc.Description = p.str(f["description"], "description")
	if v := f["stripe_version"]; v != nil {
		sc.StripeVersion = p.str(v, "stripe_version")
		switch {
		case v.Kind != yaml.ScalarNode:
		case !contracts.ValidVersion(sc.StripeVersion):
			p.errorf(v, "stripe_version %q: want a Stripe API version, its release date and optionally its name, such as 2025-08-27.basil", sc.StripeVersion)
		default:
			// A version whose name disagrees with its date, or that no
			// contract covers, would be recorded (the local server
			// answers by date) and then fail verify on every step.
			if err := contracts.Embedded().CheckVersion(sc.StripeVersion); err != nil {
				p.errorf(v, "stripe_version %v", err)
			}
		}
	}
	steps := f["steps"]
	if steps == nil || steps.Kind != yaml.SequenceNode || len(steps.Content) == 0 {
		p.errorf(yamlpos.Or(steps, root), "scenario: \"steps\" must be a non-empty list of steps")
		return sc
	}
	for _, n := range steps.Content {
		sc.Steps = append(sc.Steps, p.step(n))
	}
	p.checkSteps(sc)
	return sc
}

func (p *parser) step(n *yaml.Node) *Step {
	st := &Step{Pos: p.pos(n)}
	what := "step"
	if id := mappingValue(n, "id"); id != "" {
		what = fmt.Sprintf("step %q", id)
	}
	f := p.fields(n, what, "id", "op", "session", "params", "expand", "idempotency_key", "expect", "expect_stateful", "expect_events", "method", "path")
	if f == nil {
		return st
	}
	for _, key := range []string{"session", "params", "idempotency_key", "expect", "expect_stateful", "expect_events", "path"} {
		st.templates = collectRefs(p, f[key], st.templates)
	}
	st.ID = p.str(f["id"], "id")
	st.Op = p.str(f["op"], "op")
	st.Session = p.str(f["session"], "session")
	st.IdempotencyKey = p.str(f["idempotency_key"], "idempotency_key")
	if strings.ContainsFunc(st.IdempotencyKey, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) {
		// It is sent as a header, which cannot hold a line break or
		// another control character: net/http would refuse the request.
		p.errorf(f["idempotency_key"], "step %q: idempotency_key holds a line break or another control character; it is sent as the Idempotency-Key header", st.ID)
	}
	if v := f["params"]; v != nil {
		st.Params, _ = p.value(v, "params").(map[string]any)
		if v.Kind != yaml.MappingNode {
			p.errorf(v, "step %q: params must be a mapping, not %s", st.ID, yamlpos.Kind(v))
		}
	}
	if v := f["expand"]; v != nil {
		st.Expand = p.strings(v, "expand")
	}
	st.Expect = p.expect(f["expect"], "expect")
	st.ExpectStateful = p.expect(f["expect_stateful"], "expect_stateful")
	st.ExpectEvents = p.expectEvents(f["expect_events"])
	for key, e := range map[string]*Expect{"expect": st.Expect, "expect_stateful": st.ExpectStateful} {
		if k := keyNode(n, key); e != nil && k != nil {
			e.Pos = p.pos(k) // where "expect:" is written, not its first field
		}
	}
	switch {
	case f["id"] == nil:
		p.errorf(n, "step: missing key \"id\"")
	case f["id"].Kind == yaml.ScalarNode && !idPattern.MatchString(st.ID):
		p.errorf(f["id"], "step id %q: use letters, digits and '_' (it is used in ${%s.…})", st.ID, st.ID)
	case st.ID == "env":
		p.errorf(f["id"], "step id \"env\" is reserved: ${env.NAME} reads the environment variable NAME; give the step another id")
	}
	p.checkOp(n, f, st)
	return st
}

func (p *parser) checkOp(n *yaml.Node, f map[string]*yaml.Node, st *Step) {
	if f["op"] == nil {
		p.errorf(n, "step %q: missing key \"op\" (one of %s)", st.ID, strings.Join(OpNames(), ", "))
		return
	}
	op, ok := ops[st.Op]
	if !ok && f["op"].Kind != yaml.ScalarNode {
		return // already reported: op must be a string
	}
	if !ok {
		p.errorf(f["op"], "step %q: unknown op %q%s (known ops: %s)", st.ID, st.Op, suggestHint(st.Op, OpNames()), strings.Join(OpNames(), ", "))
		return
	}
	if st.Op == OpCall {
		p.parseCall(n, f, st)
	} else {
		p.notCall(f, st)
	}
	switch {
	case op.needsSession && st.Session == "" && (f["session"] == nil || f["session"].Kind == yaml.ScalarNode):
		p.errorf(n, "step %q: op %s needs a session, e.g. session: ${create.id}", st.ID, st.Op)
	case !op.needsSession && f["session"] != nil:
		p.errorf(f["session"], "step %q: op %s does not act on one session; remove \"session\"", st.ID, st.Op)
	}
}

func (p *parser) expect(n *yaml.Node, what string) *Expect {
	if n == nil {
		return nil
	}
	e := &Expect{Pos: p.pos(n)}
	f := p.fields(n, what, "status", "body", "error")
	if f == nil {
		return e
	}
	if s := f["status"]; s != nil {
		if err := s.Decode(&e.Status); err != nil || e.Status < 100 || e.Status > 599 {
			p.errorf(s, "%s.status must be an HTTP status code like 200, not %q", what, s.Value)
		}
	}
	if b := f["body"]; b != nil {
		e.Body = p.value(b, what+".body")
	}
	if en := f["error"]; en != nil {
		ef := p.fields(en, what+".error", "type", "code", "param", "message")
		e.Error = &ErrorExpect{
			Type: p.str(ef["type"], "type"), Code: p.str(ef["code"], "code"),
			Param: p.str(ef["param"], "param"), Message: p.str(ef["message"], "message"),
		}
	}
	return e
}

// str decodes a scalar string; nil nodes give "".
func (p *parser) str(n *yaml.Node, what string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%s must be a string, not %s", what, yamlpos.Kind(n))
		return ""
	}
	return n.Value
}

func (p *parser) strings(n *yaml.Node, what string) []string {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list of strings, not %s", what, yamlpos.Kind(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		out = append(out, p.str(c, what+" item"))
	}
	return out
}

// value decodes any YAML subtree (params, expected bodies). yaml.v3 bounds
// alias expansion, so an alias bomb is an error, not an explosion.
func (p *parser) value(n *yaml.Node, what string) any {
	if k := complexKey(n); k != nil {
		p.errorf(k, "%s: a key must be a plain value, not %s", what, yamlpos.Kind(k))
		return nil
	}
	if v, ok := fastValue(n); ok { // the common case, without reflection (fastread.go)
		return v
	}
	var v any
	if err := n.Decode(&v); err != nil {
		p.decodeError(n, what, err)
		return nil
	}
	v, err := stringKeys(v)
	if err != nil {
		p.errorf(n, "%s: %v", what, err)
		return nil
	}
	return v
}

// decodeError reports a yaml.v3 decoding error on one line per problem,
// at the line yaml.v3 names.
func (p *parser) decodeError(n *yaml.Node, what string, err error) {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		p.errorf(n, "%s: %s", what, strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	for _, e := range te.Errors {
		pos := p.pos(n)
		if line, msg, ok := yamlpos.DecodeLine(e); ok {
			pos.Line, pos.Col, e = line, 1, msg
		}
		p.errs = append(p.errs, errorAt(pos, "%s: %s", what, e))
	}
}

// complexKey returns the first mapping key under n that is a list or a
// mapping, which params and bodies cannot have, or nil.
func complexKey(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Kind == yaml.MappingNode || k.Kind == yaml.SequenceNode {
				return k
			}
		}
	}
	for _, c := range n.Content {
		if k := complexKey(c); k != nil {
			return k
		}
	}
	return nil
}

// stringKeys turns the map[any]any that yaml.v3 makes for a mapping with a
// non-string key (metadata: {1: x}) into map[string]any, so such params are
// sent (as "1") rather than silently dropped. A key that is itself a list
// or mapping has no form encoding and is an error.
func stringKeys(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			e, err := stringKeys(e)
			if err != nil {
				return nil, err
			}
			v[k] = e
		}
		return v, nil
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			switch k.(type) {
			case map[string]any, map[any]any, []any:
				return nil, fmt.Errorf("a key must be a plain value, not a list or mapping")
			}
			e, err := stringKeys(e)
			if err != nil {
				return nil, err
			}
			ks := formatScalar(k)
			if _, dup := out[ks]; dup {
				return nil, fmt.Errorf("key %q appears twice", ks)
			}
			out[ks] = e
		}
		return out, nil
	case []any:
		for i, e := range v {
			e, err := stringKeys(e)
			if err != nil {
				return nil, err
			}
			v[i] = e
		}
		return v, nil
	}
	return v, nil
}

// keyNode returns the key node for key in mapping n, or nil.
func keyNode(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return nil
}

// mappingValue returns the scalar value of key in mapping n, or "".
func mappingValue(n *yaml.Node, key string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// secrets refuses API keys written into the file: a scenario is committed,
// and its values can end up in cassettes and reports. It looks at every
// scalar and key, for a key's prefix anywhere (x_sk_live_…, and
// sk_test_${env.SUF}, a template that would assemble one), and inside
// !!binary values once decoded.
func (p *parser) secrets(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		v := n.Value
		if n.Tag == "!!binary" {
			if data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(v), "")); err == nil {
				v = string(data)
			}
		}
		if m := stripekey.PrefixIn(v); m != "" {
			p.errorf(n, "this looks like a Stripe API key (%s…); never put keys in scenario files: use ${env.NAME} and set the variable, or let record read STRIPE_SECRET_KEY", m)
		}
		return
	}
	for _, c := range n.Content {
		p.secrets(c)
	}
}

// collectRefs appends the ${…} references in the scalars under n, each
// with its position.
func collectRefs(p *parser, n *yaml.Node, out []template) []template {
	if n == nil {
		return out
	}
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "${") {
		for _, m := range refPattern.FindAllStringSubmatch(n.Value, -1) {
			out = append(out, template{expr: m[1], pos: p.pos(n)})
		}
		if strings.Contains(refPattern.ReplaceAllString(n.Value, ""), "${") {
			// Unclosed (${a.id) or nested (${${a.id}}): it would be
			// sent as written, a literal "${…" in a parameter or URL.
			p.errorf(n, "a \"${\" that starts no reference: close each ${step.path} or ${env.NAME} with \"}\", with no braces inside")
		}
	}
	for _, c := range n.Content {
		out = collectRefs(p, c, out)
	}
	return out
}
