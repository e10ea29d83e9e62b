package verify

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	vcrcassette "gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
)

// credentialHeaders are the headers whose any value is a secret.
var credentialHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "cookie": true, "set-cookie": true,
}

var (
	// webhookSecret finds a webhook signing secret.
	webhookSecret = regexp.MustCompile(`\bwhsec_[0-9A-Za-z]+`)
	// clientSecret finds a client_secret value in JSON (raw or escaped)
	// or a form: "client_secret": "pi_1_secret_2", client_secret=….
	clientSecret = regexp.MustCompile(`client_secret(?:\\?"\s*:\s*\\?"|=)([^"\\&\s]+)`)
)

// secretFix is what a secret finding tells the user to do.
const secretFix = "remove it from the cassette and redact before saving " +
	"(record through checkoutvcr's recorder, or scrub it in a go-vcr BeforeSaveHook), then rotate it if it was real"

// secretFindings returns a [report.KindSecret] error for each secret in
// the interaction n (id is its id) of the cassette whose bytes are src: a
// credential header, a Stripe key, a whsec_ webhook secret or a
// client_secret value, each once per place, with the line it is on (see
// [secretMessage]). The secret itself is never repeated, only its prefix.
func secretFindings(n *yaml.Node, id int, src []byte) []report.Finding {
	var out []report.Finding
	walkScalars(n, nil, func(path []string, v *yaml.Node) {
		where := strings.Join(path, ".")
		if what, token := secretOf(path, v.Value); what != "" {
			msg, line := secretMessage(where, what, v, path[len(path)-1], token, src)
			out = append(out, report.Finding{Kind: report.KindSecret, Severity: severity(report.KindSecret), Interaction: id,
				Message: msg, Line: line})
		}
	})
	return out
}

// secretMessage is the message of a secret finding, and the line of the
// secret: what, at where (e.g. response.body) of the scalar v (whose key
// is key) in the cassette src, with the line of the secret itself and
// the fix. For a value that is the secret (a credential header) the line
// is the value's; for a token inside a longer value (a key in a body) it
// is the token's own line, and the message says which body holds it: "in the
// body on line N" when the body is on that line (a single-line quoted
// body), "in the body that starts on line M" when the body spans lines
// (a block scalar, a quoted body folded over lines). The token is found
// in the source from where the scalar starts: a token (a key, a whsec_
// secret, a client_secret value) holds no space, quote or backslash, so
// it is written verbatim in every scalar style.
func secretMessage(where, what string, v *yaml.Node, key, token string, src []byte) (string, int) {
	line, in := v.Line, ""
	if found, ok := tokenLine(v, token, src); ok {
		name := "the value"
		if key == "body" {
			name = "the body"
		}
		line, in = found, fmt.Sprintf("in %s on line %d; ", name, found)
		if found != v.Line {
			in = fmt.Sprintf("in %s that starts on line %d; ", name, v.Line)
		}
	}
	return fmt.Sprintf("%s (line %d) holds %s: %s%s", where, line, what, in, secretFix), line
}

// tokenLine is the line of src on which token is written, searching from
// where the scalar v starts; false when token is "" or the whole value
// (there is nothing more precise than v's line) or is not found.
func tokenLine(v *yaml.Node, token string, src []byte) (int, bool) {
	if token == "" || token == v.Value {
		return 0, false
	}
	rest := src
	for range v.Line - 1 { // skip to the scalar's first line
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			return 0, false
		}
		rest = rest[nl+1:]
	}
	if v.Column > 0 && v.Column-1 <= len(rest) {
		rest = rest[v.Column-1:]
	}
	at := bytes.Index(rest, []byte(token))
	if at < 0 {
		return 0, false
	}
	return v.Line + bytes.Count(rest[:at], []byte("\n")), true
}

// cassetteSecrets returns the [secretFindings] of every interaction of
// the cassette at path, recorded or replayed alike, for scenario mode:
// each message names the cassette. The decoded interactions are scanned
// first, so a clean cassette costs no second parse; only one holding a
// secret is read again as YAML, for the line of each.
func cassetteSecrets(path string, all []*vcrcassette.Interaction) ([]report.Finding, error) {
	if !slices.ContainsFunc(all, holdsSecret) {
		return nil, nil
	}
	items, src, err := readCassette(path, true)
	if err != nil {
		return nil, err
	}
	var out []report.Finding
	for id, n := range items {
		for _, f := range secretFindings(n, id, src) {
			f.Message = "cassette " + path + ": " + f.Message
			f.Line, f.CassetteLine = 0, f.Line // the step's file is the scenario
			out = append(out, f)
		}
	}
	return out, nil
}

// holdsSecret reports whether any value of the decoded interaction i
// holds a secret, by the rule of [secretIn]. It is called on every
// interaction of every replayed cassette, so it allocates nothing: each
// value is judged by the last two elements of its dotted path
// ("request.headers" + "." + key), the only ones the rule reads.
func holdsSecret(i *vcrcassette.Interaction) bool {
	in := func(prefix, key, v string) bool {
		parent, last := lastTwo(prefix, key)
		what, _ := secretAt(parent, last, v)
		return what != ""
	}
	values := func(prefix string, h map[string][]string) bool {
		for k, vs := range h {
			for _, v := range vs {
				if in(prefix, k, v) {
					return true
				}
			}
		}
		return false
	}
	return in("request", "url", i.Request.URL) || in("request", "body", i.Request.Body) ||
		values("request.headers", i.Request.Headers) || values("request.form", i.Request.Form) ||
		in("response", "body", i.Response.Body) || values("response.headers", i.Response.Headers)
}

// lastTwo returns the last two elements of strings.Split(prefix+"."+key,
// "."), without building either: prefix holds no empty element, key may
// hold dots of its own (a header or form key "a.b").
func lastTwo(prefix, key string) (parent, last string) {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		rest := key[:i]
		return rest[strings.LastIndexByte(rest, '.')+1:], key[i+1:]
	}
	return prefix[strings.LastIndexByte(prefix, '.')+1:], key
}

// secretIn says what secret value holds at path, "" for none.
func secretIn(path []string, value string) string {
	what, _ := secretOf(path, value)
	return what
}

// secretOf says what secret value holds at path ("" for none) and the
// secret text in it, for [secretMessage]: the key, whsec_ secret or
// client_secret value found in it; "" when the secret is the whole value
// (a credential header, a client_secret field).
func secretOf(path []string, value string) (what, token string) {
	var parent, last string
	if len(path) >= 2 {
		parent = path[len(path)-2]
	}
	if len(path) >= 1 {
		last = path[len(path)-1]
	}
	return secretAt(parent, last, value)
}

// secretAt is [secretOf] for a path whose last two elements are parent
// and last ("" for one the path does not have).
func secretAt(parent, last, value string) (what, token string) {
	if value == "" || value == cassette.Placeholder {
		return "", ""
	}
	if parent == "headers" && credentialHeader(last) {
		return "a credential header" + keyNote(value), ""
	}
	if last == "client_secret" {
		return "a client_secret value", ""
	}
	// Each pattern is tried only on a value holding the literal text it
	// cannot match without: a regexp with no literal prefix (a key's
	// \b(?:sk|rk)_…) otherwise walks every byte of every body.
	if stripekey.MayHold(value) {
		if k := stripekey.Pattern.FindString(value); k != "" {
			return "a Stripe key" + keyNote(k), k
		}
	}
	if strings.Contains(value, "whsec_") {
		if k := webhookSecret.FindString(value); k != "" {
			return "a webhook signing secret (whsec_…)", k
		}
	}
	if !clientSecretMayMatch(value) {
		return "", ""
	}
	for _, m := range clientSecret.FindAllStringSubmatch(value, -1) {
		if m[1] != cassette.Placeholder && m[1] != "null" {
			return "a client_secret value", m[1]
		}
	}
	return "", ""
}

// clientSecretMayMatch reports whether some "client_secret" in value is
// followed by what [clientSecret] needs next: `=`, or a quote (escaped
// or not), spaces, a colon, spaces and another quote. Only then can the
// pattern match; a session's "client_secret": null (every recorded
// session has one) is not run through the regexp, which would otherwise
// walk the whole body.
func clientSecretMayMatch(value string) bool {
	const name = "client_secret"
	for i := strings.Index(value, name); i >= 0; {
		rest := value[i+len(name):]
		if strings.HasPrefix(rest, "=") || quoteColonQuote(rest) {
			return true
		}
		j := strings.Index(rest, name)
		if j < 0 {
			break
		}
		i += len(name) + j
	}
	return false
}

// quoteColonQuote reports whether s starts with \\?"\s*:\s*\\?" (\s being
// RE2's [\t\n\f\r ]).
func quoteColonQuote(s string) bool {
	quote := func(s string) (string, bool) {
		s = strings.TrimPrefix(s, `\`)
		return strings.CutPrefix(s, `"`)
	}
	space := func(s string) string { return strings.TrimLeft(s, "\t\n\f\r ") }
	s, ok := quote(s)
	if !ok {
		return false
	}
	s, ok = strings.CutPrefix(space(s), ":")
	if !ok {
		return false
	}
	_, ok = quote(space(s))
	return ok
}

// credentialHeader reports whether the header called name is one of
// [credentialHeaders], as credentialHeaders[strings.ToLower(name)] does,
// without lowercasing (an allocation) an ASCII name.
func credentialHeader(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return credentialHeaders[strings.ToLower(name)]
		}
	}
	for _, h := range credentialNames {
		if len(h) == len(name) && strings.EqualFold(h, name) { // ASCII: the same as ToLower
			return true
		}
	}
	return false
}

// credentialNames are the keys of credentialHeaders, to range over
// without a map's iteration.
var credentialNames = slices.Sorted(maps.Keys(credentialHeaders))

// keyNote names the kind of Stripe key in s by its prefix, "" for none.
func keyNote(s string) string {
	k := stripekey.Pattern.FindString(s)
	if k == "" {
		return ""
	}
	for _, p := range stripekey.Prefixes {
		if strings.HasPrefix(k, p) {
			return " (" + p + "…)"
		}
	}
	return ""
}

// walkScalars calls f for every scalar value under n with the mapping
// keys that lead to it; sequence items add no key.
func walkScalars(n *yaml.Node, path []string, f func(path []string, v *yaml.Node)) {
	switch n.Kind {
	case yaml.ScalarNode:
		f(path, n)
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			walkScalars(n.Content[i+1], append(path[:len(path):len(path)], n.Content[i].Value), f)
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			walkScalars(c, path, f)
		}
	case yaml.AliasNode:
		if n.Alias != nil {
			walkScalars(n.Alias, path, f)
		}
	}
}
