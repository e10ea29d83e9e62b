package verify

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	vcrcassette "gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/localserver/control"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
	"github.com/checkoutvcr/checkoutvcr/internal/upgrade"
	"github.com/checkoutvcr/checkoutvcr/internal/yamlpos"
)

// CassetteOptions configure [Cassettes].
type CassetteOptions struct {
	// Contracts is a folder of generated contracts; "" means the ones
	// embedded in this build.
	Contracts string
	// StripeVersion is the Stripe API version the team declares it pins:
	// a cassette answered at any other gets one version_skew error; ""
	// accepts the version each cassette was recorded at (see
	// [Options].StripeVersion).
	StripeVersion string
	// UpgradeTo, if not "", is a Stripe API version to compare every
	// cassette with ([Options].UpgradeTo).
	UpgradeTo string
	// Hosts are more host names (without port) whose interactions are
	// calls to Stripe's API, e.g. a proxy in front of it. api.stripe.com,
	// files.stripe.com and loopback hosts (localhost, 127.0.0.1, ::1:
	// stripe-mock, the local server) always are; nil adds none.
	Hosts []string
}

// vcrFormat is the cassette format version that go-vcr v3 and v4 write
// (their cassette.CassetteFormatVersion).
const vcrFormat = 2

// stripeHosts are the hosts of Stripe's API.
var stripeHosts = []string{"api.stripe.com", "files.stripe.com"}

// Cassettes checks every interaction of the go-vcr cassettes at paths
// (files, or folders searched recursively for *.yaml and *.yml files),
// whatever recorded them: stripe-go through go-vcr, this module's
// recorder, any http.Client. No scenario is needed. Each cassette is a
// [report.Scenario] named after its path, each interaction a
// [report.Step] named after its operation, with:
//
//   - the request's parameters and the response checked against the
//     operation's contract, found by [contracts.Set.Lookup] among every
//     operation of the pinned spec (customers, prices, payment intents,
//     …, not only Checkout Sessions);
//   - a [report.KindSecret] error for each secret left in it: an
//     Authorization header, an sk_/rk_ key, a client_secret value or a
//     whsec_ webhook secret, wherever it is, with its line and the fix;
//   - the answering version ([contracts.AnsweringVersion]), whose
//     contracts check the interaction ([contracts.Library.Load]; an
//     operation only the newest contracts hold is checked against those,
//     its findings classified by the skew), and the cassette's one
//     version_skew headline when no contract covers that version or it is
//     not [CassetteOptions].StripeVersion;
//   - with [CassetteOptions].UpgradeTo, an upgrade_change note for each
//     change moving the cassette to that version brings;
//   - a [report.KindSkippedInteraction] note, and nothing else, for an
//     interaction with another host (see [CassetteOptions].Hosts; a
//     response stamped by this module's recorder counts as Stripe's) or a
//     path no operation has: listed, not checked, not failed.
//
// In a folder, every *.yaml and *.yml entry is read: a symlink is
// followed when it resolves to a regular file, and anything else so
// named (a FIFO, device or socket, a symlink to one or to a folder, a
// dangling symlink, a loop) is an error naming it, never skipped. YAML
// files there that are not cassettes (no top-level interactions) are
// left alone; named as an argument, such a file is an
// error. The error wraps [ErrConfig] for paths that cannot be read, a
// file that is not a cassette (a YAML error at its line, a second YAML
// document), or a format version other than go-vcr v3 and v4's (2);
// findings are in the report. When ctx is cancelled (SIGINT) the error
// wraps [ErrInterrupted] and names the cassettes verified before it,
// which the report returned with it holds.
func Cassettes(ctx context.Context, paths []string, opts CassetteOptions) (*report.Report, error) {
	vs, err := loadVersions(opts.Contracts, opts.StripeVersion, opts.UpgradeTo)
	if err != nil {
		return nil, configError{err}
	}
	set := vs.newest
	files, err := cassetteFiles(paths)
	if err != nil {
		return nil, configError{err}
	}
	rep := &report.Report{APIVersion: set.APIVersion()}
	for _, f := range files {
		sc, err := checkCassette(ctx, f.path, vs, opts, f.named)
		if ctx.Err() != nil {
			// Interrupted (SIGINT): the cassette cut short is not
			// reported; those verified before it are, and named.
			return rep, &interruptedError{verified: rep.Scenarios, total: len(files), noun: "cassette file"}
		}
		if errors.Is(err, errNotCassette) {
			continue
		}
		if err != nil {
			return nil, configError{err}
		}
		rep.Scenarios = append(rep.Scenarios, sc)
	}
	if len(rep.Scenarios) == 0 {
		return nil, configError{fmt.Errorf("no go-vcr cassettes in %s", strings.Join(paths, ", "))}
	}
	return rep, nil
}

// cassetteFile is one file [Cassettes] reads; named is true for a file
// given as an argument rather than found in a folder.
type cassetteFile struct {
	path  string
	named bool
}

// cassetteFiles lists the files at paths, in order, each folder's sorted.
func cassetteFiles(paths []string) ([]cassetteFile, error) {
	var out []cassetteFile
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cassette %w", err)
		}
		if !fi.IsDir() {
			out = append(out, cassetteFile{p, true})
			continue
		}
		var found []cassetteFile
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ext := filepath.Ext(path); d.IsDir() || (ext != ".yaml" && ext != ".yml") {
				return nil
			}
			if err := folderEntry(path, d); err != nil {
				return err
			}
			found = append(found, cassetteFile{path, false})
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("no *.yaml or *.yml files in %s", p)
		}
		out = append(out, found...)
	}
	return out, nil
}

// folderEntry checks a *.yaml or *.yml entry of a cassette folder
// before it is read: a regular file, or a symlink that resolves to one,
// is checked (its size by [readCassette]); anything else (a FIFO, device
// or socket, a symlink to one or to a folder, a dangling symlink or a
// loop) is an error naming it, never skipped.
func folderEntry(path string, d fs.DirEntry) error {
	if d.Type().IsRegular() {
		return nil
	}
	what := "is " + safefile.Kind(d.Type())
	if d.Type()&fs.ModeSymlink != 0 {
		fi, err := os.Stat(path)
		switch {
		case err == nil && fi.Mode().IsRegular():
			return nil
		case err == nil:
			what = "is a symlink to " + safefile.Kind(fi.Mode())
		case errors.Is(err, fs.ErrNotExist):
			what = "is a symlink to nothing (dangling)"
		default: // a loop, or a path that cannot be resolved
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			what = "is a symlink that does not resolve (" + err.Error() + ")"
		}
	}
	return fmt.Errorf("%s: %s, not a cassette file: every *.yaml and *.yml file in a cassette folder must be a regular file (or a symlink to one); remove or rename it", path, what)
}

// errNotCassette is the error of [checkCassette] for a YAML file in a
// folder that is not a cassette.
var errNotCassette = errors.New("not a go-vcr cassette")

// vcrInteraction is the part of a go-vcr v3 or v4 interaction that the
// checks read; both versions write these fields with these names (v4
// leaves empty ones out).
type vcrInteraction struct {
	ID      int `yaml:"id"`
	Request struct {
		Body    string      `yaml:"body"`
		Form    url.Values  `yaml:"form"`
		Headers http.Header `yaml:"headers"`
		URL     string      `yaml:"url"`
		Method  string      `yaml:"method"`
	} `yaml:"request"`
	Response struct {
		Body    string      `yaml:"body"`
		Headers http.Header `yaml:"headers"`
		Code    int         `yaml:"code"`
	} `yaml:"response"`
}

// loaded is in as go-vcr's interaction, for [holdsSecret]: the fields it
// reads.
func (in *vcrInteraction) loaded() *vcrcassette.Interaction {
	var i vcrcassette.Interaction
	i.Request.URL, i.Request.Body, i.Request.Headers, i.Request.Form = in.Request.URL, in.Request.Body, in.Request.Headers, in.Request.Form
	i.Response.Body, i.Response.Headers = in.Response.Body, in.Response.Headers
	return &i
}

// checkCassette reads and checks the cassette at path; it stops, with
// ctx's error, when ctx is cancelled.
func checkCassette(ctx context.Context, path string, vs *versions, opts CassetteOptions, named bool) (report.Scenario, error) {
	out := report.Scenario{Name: strings.TrimSuffix(filepath.ToSlash(path), filepath.Ext(path)), File: path, Cassette: path}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	items, src, err := readCassette(path, named)
	if err != nil {
		return out, err
	}
	start := time.Now()
	ups := vs.newUpgrades()
	for _, n := range items {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		checking := time.Now()
		in, err := decodeInteraction(n)
		if err != nil {
			if line, msg, ok := yamlpos.DecodeLine(err.Error()); ok {
				return out, fmt.Errorf("%s:%d: %s", path, line, msg)
			}
			return out, fmt.Errorf("%s:%d: %w", path, n.Line, err)
		}
		st := checkInteraction(&in, path, n.Line, vs, opts, ups)
		fieldLines(n, &st)
		secrets := secretFindings(n, in.ID, src)
		if len(secrets) == 0 && holdsSecret(in.loaded()) {
			secrets = []report.Finding{loadedSecret(in.ID, n.Line)}
		}
		st.Findings = append(secrets, st.Findings...)
		st.Duration = time.Since(checking)
		out.Steps = append(out.Steps, st)
		if st.Status != 0 && out.Server == "" {
			out.Server = cassette.ServerOf(in.Response.Headers).Kind
		}
	}
	out.Interactions = len(items)
	covered := map[int]bool{}
	for _, st := range out.Steps {
		for _, f := range st.Findings {
			if f.Kind == report.KindSecret {
				covered[f.Line] = true
			}
		}
	}
	out.Findings = append(out.Findings, rawSecrets(src, covered, func(f report.Finding) report.Finding { return f })...)
	out.StripeVersion = vs.recordingVersion(out.Steps)
	if vs.skewed(out.StripeVersion) {
		out.Findings = append(out.Findings, vs.headline(out.StripeVersion, out.Steps, ""))
	}
	changes, err := ups.findings()
	if err != nil {
		return out, err
	}
	out.Findings = append(out.Findings, changes...)
	out.Duration = time.Since(start)
	return out, nil
}

// readCassette reads the file at path and returns its interactions'
// nodes and the file's bytes, after checking it is a go-vcr cassette of a format it reads.
func readCassette(path string, named bool) ([]*yaml.Node, []byte, error) {
	data, err := safefile.Read(path, cassette.MaxFileSize)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (a cassette is a regular file of at most %d MiB)", err, cassette.MaxFileSize>>20)
	}
	items, err := parseCassette(path, data, named)
	if err != nil {
		return nil, nil, err
	}
	return items, data, nil
}

// parseCassette returns the interactions' nodes of data, the cassette
// file at path, as [readCassette] does.
func parseCassette(path string, data []byte, named bool) ([]*yaml.Node, error) {
	if line := yamlpos.SecondDocument(data); line > 0 {
		return nil, fmt.Errorf("%s:%d: a second YAML document starts here; a cassette holds one (go-vcr reads only the first): re-record it", path, line)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		if line, msg, ok := yamlpos.SyntaxLine(err); ok {
			// yaml.v3 names the token before a tab or a bad indent.
			line, _ = yamlpos.Locate(data, line, msg)
			if strings.Contains(msg, "end of stream") {
				msg += "; the file ends inside a value, so it may be truncated: re-record it"
			}
			return nil, fmt.Errorf("%s:%d: %s", path, line, msg)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == 0 { // nothing but blanks and comments
		if !named {
			return nil, errNotCassette
		}
		return nil, fmt.Errorf("%s: the file is empty, not a go-vcr cassette: re-record it", path)
	}
	version, interactions := mappingValue(root, "version"), mappingValue(root, "interactions")
	if interactions == nil || interactions.Kind != yaml.SequenceNode {
		if !named {
			return nil, errNotCassette
		}
		return nil, fmt.Errorf("%s:%d: not a go-vcr cassette: no interactions list", path, root.Line)
	}
	if k, first := duplicateKey(root); k != nil {
		// go-vcr refuses the file ("mapping key already defined"); which
		// of the two a check read would be a guess.
		return nil, fmt.Errorf("%s:%d: key %q appears twice (first on line %d); go-vcr cannot load this cassette: re-record it", path, k.Line, k.Value, first)
	}
	if version != nil && version.ShortTag() != "!!int" {
		return nil, fmt.Errorf("%s:%d: cassette format %q is not a number; go-vcr cannot load this cassette: re-record it", path, version.Line, version.Value)
	}
	if version == nil || version.Value != fmt.Sprint(vcrFormat) {
		at, v := root.Line, "no version"
		if version != nil {
			at, v = version.Line, "version "+version.Value
		}
		return nil, fmt.Errorf("%s:%d: cassette format %s: verify reads go-vcr format version %d, what go-vcr v3 and v4 write; re-record it with either",
			path, at, v, vcrFormat)
	}
	if n := len(interactions.Content); n > 0 {
		if err := cutShort(interactions.Content[n-1], n-1); err != nil {
			return nil, fmt.Errorf("%s:%w", path, err)
		}
	}
	return interactions.Content, nil
}

// cutShort returns an error for the last interaction n (number id) of a
// cassette when the file ends inside it: it has no request or response,
// or its response has neither a status code nor the duration go-vcr
// writes after it.
func cutShort(n *yaml.Node, id int) error {
	n = unalias(n)
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("%d: interaction %d is not a mapping of request and response: re-record it", n.Line, id)
	}
	req, resp := mappingValue(n, "request"), mappingValue(n, "response")
	what := ""
	switch {
	case req == nil:
		what = "has no request"
	case resp == nil:
		what = "has no response"
	case mappingValue(resp, "code") == nil && mappingValue(resp, "duration") == nil:
		what = "response has no status code"
	default:
		return nil
	}
	return fmt.Errorf("%d: interaction %d: %s; the file ends inside this interaction, so it may be truncated: re-record it", n.Line, id, what)
}

// mappingValue returns the value of key in the mapping n, or nil; an
// alias (of n, or the value) is the node it names, as go-vcr reads it.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	n = unalias(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return unalias(n.Content[i+1])
		}
	}
	return nil
}

// unalias returns the node the alias n names (through aliases of
// aliases), or n.
func unalias(n *yaml.Node) *yaml.Node {
	for range 100 { // yaml.v3 allows no alias cycle; a bound all the same
		if n == nil || n.Kind != yaml.AliasNode || n.Alias == nil {
			return n
		}
		n = n.Alias
	}
	return n
}

// duplicateKey returns the second of two equal keys of the mapping n,
// and the line of the first; nil when every key is distinct.
func duplicateKey(n *yaml.Node) (*yaml.Node, int) {
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if first, ok := seen[k.Value]; ok {
			return k, first
		}
		seen[k.Value] = k.Line
	}
	return nil, 0
}

// decodeInteraction decodes the interaction node n. Its headers and form
// are decoded by [cassette.DecodeMap], in linear time; yaml.v3 compares
// every key of a map with every other (200,000 headers took minutes).
func decodeInteraction(n *yaml.Node) (vcrInteraction, error) {
	var in vcrInteraction
	type taken struct {
		node    *yaml.Node
		content []*yaml.Node
		m       map[string][]string
		set     func(map[string][]string)
	}
	var maps []taken
	for _, f := range []struct {
		side, key string
		set       func(map[string][]string)
	}{
		{"request", "headers", func(m map[string][]string) { in.Request.Headers = m }},
		{"request", "form", func(m map[string][]string) { in.Request.Form = m }},
		{"response", "headers", func(m map[string][]string) { in.Response.Headers = m }},
	} {
		node := mappingValue(mappingValue(n, f.side), f.key)
		m, ok, err := cassette.DecodeMap(node)
		if err != nil {
			return in, err
		}
		if ok {
			maps = append(maps, taken{node, node.Content, m, f.set})
			node.Content = nil
		}
	}
	err := n.Decode(&in)
	for _, t := range maps {
		t.node.Content = t.content
		t.set(t.m)
	}
	return in, err
}

// checkInteraction checks one interaction recorded at path:line.
// ups, if not nil, compares it with the -upgrade-to target.
func checkInteraction(in *vcrInteraction, path string, line int, vs *versions, opts CassetteOptions, ups *upgrades) report.Step {
	set := vs.newest // for the lookup: it has every operation
	st := report.Step{ID: "skipped", Line: line, Request: strings.ToUpper(in.Request.Method) + " " + in.Request.URL}
	u, err := url.Parse(in.Request.URL)
	if err != nil {
		return skipped(st, in.ID, fmt.Sprintf("request URL %q does not parse: not checked", in.Request.URL))
	}
	// A response stamped by checkoutvcr's recorder is Stripe's or a stand-in's,
	// whatever host name the recording rewrote the URL to.
	stamped := in.Response.Headers.Get(cassette.ServerHeader) != ""
	if !stamped && !isStripeHost(u.Hostname(), opts.Hosts) {
		return skipped(st, in.ID, fmt.Sprintf("not a call to Stripe's API (host %s): listed, not checked; add it with -host if it is a proxy for Stripe", u.Host))
	}
	method := strings.ToUpper(in.Request.Method)
	st.Request = method + " " + u.Path
	if control.IsControl(u.Path) {
		return skipped(st, in.ID, "a control of checkoutvcr's local server (e.g. pay), not a call to Stripe's API: listed, not checked")
	}
	op, ok := set.Lookup(method, u.Path)
	if !ok {
		return skipped(st, in.ID, fmt.Sprintf("no operation of Stripe's API (contracts for %s) answers %s %s: listed, not checked", set.APIVersion(), method, u.Path))
	}
	st.ID, st.Status = op.Name, in.Response.Code
	st.StripeVersion = contracts.AnsweringVersion(in.Response.Headers, in.Request.Headers)
	ex := contracts.Exchange{Method: method, Path: u.Path, Query: u.Query(), Status: in.Response.Code,
		Header: in.Response.Headers, Body: []byte(in.Response.Body), File: path, Line: line, Interaction: in.ID}
	if method != http.MethodGet {
		ex.Form = requestForm(in)
	}
	fs, err := vs.checkExchange(st.StripeVersion, ex, contracts.ExchangeOptions{Op: op.Name, SkipRequest: in.Response.Code >= 400})
	if err != nil {
		st.Findings = append(st.Findings, report.Finding{Kind: report.KindStepFailed, Severity: severity(report.KindStepFailed), Interaction: in.ID, Message: err.Error()})
		return st
	}
	for _, f := range fs {
		st.Findings = append(st.Findings, report.FromContracts(f))
	}
	if ups != nil {
		params := ex.Form
		if method == http.MethodGet {
			params = ex.Query
		}
		body, _ := contracts.DecodeJSON(ex.Body) // a body that is not JSON has its finding; nothing to compare
		ups.add(upgrade.Exchange{Version: st.StripeVersion, Op: op.Name, Params: params, Status: st.Status, Body: body}, in.ID)
	}
	return st
}

// skipped is st with one skipped_interaction note saying why.
func skipped(st report.Step, id int, why string) report.Step {
	st.Findings = append(st.Findings, report.Finding{Kind: report.KindSkippedInteraction,
		Severity: severity(report.KindSkippedInteraction), Interaction: id, Message: why})
	return st
}

// requestForm is the form the interaction's request sent: go-vcr's
// recorded form, else its body parsed as one.
func requestForm(in *vcrInteraction) url.Values {
	if len(in.Request.Form) > 0 {
		return in.Request.Form
	}
	f, err := url.ParseQuery(in.Request.Body)
	if err != nil {
		return url.Values{}
	}
	return f
}

// isStripeHost reports whether host serves Stripe's API: one of
// [stripeHosts], a loopback host, or one of extra.
func isStripeHost(host string, extra []string) bool {
	host = strings.ToLower(host)
	if slices.Contains(stripeHosts, host) || slices.Contains(extra, host) || host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
