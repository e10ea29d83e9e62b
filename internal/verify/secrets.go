package verify

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	vcrcassette "gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/internal/cassette"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
)

// credentialHeaders are the headers whose any value is a secret.
var credentialHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "cookie": true, "set-cookie": true,
}

var (
	// stripeKey finds a Stripe key (its group 1) anywhere but after a
	// letter, as [stripekey.Contains] does: inside a word joined by an
	// underscore or a digit too (x_sk_live_…, 1sk_live_…), which
	// [stripekey.Pattern]'s \b misses; not inside a word (task_test_…).
	stripeKey = regexp.MustCompile(`(?:^|[^\pL])((?:sk|rk)_(?:test|live)_[0-9A-Za-z]+)`)
	// webhookSecret finds a webhook signing secret (its group 1), with
	// the same rule before it.
	webhookSecret = regexp.MustCompile(`(?:^|[^\pL])(whsec_[0-9A-Za-z]+)`)
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
		value := v.Value
		if v.Tag != "" && v.ShortTag() == binaryTag {
			// A !!binary value is base64 in the file and its bytes
			// once loaded (go-vcr replays them): judge those.
			var b string
			if v.Decode(&b) == nil {
				value = b
			}
		}
		if what, token := secretOf(path, value); what != "" {
			if value != v.Value {
				what, token = what+" (as !!binary base64)", ""
			}
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
// each message names the cassette, and src is the file's bytes the
// replay read. The decoded interactions are scanned first, so a clean
// cassette costs no parse; only one holding a secret is parsed as YAML,
// for the line of each. The text itself is scanned too ([rawSecrets]).
func cassetteSecrets(path string, all []*vcrcassette.Interaction, src []byte) ([]report.Finding, error) {
	inScenario := func(f report.Finding) report.Finding {
		f.Message = "cassette " + path + ": " + f.Message
		f.Line, f.CassetteLine = 0, f.Line // the step's file is the scenario
		return f
	}
	if !slices.ContainsFunc(all, holdsSecret) {
		return rawSecrets(src, nil, inScenario), nil
	}
	items, err := parseCassette(path, src, true)
	if err != nil {
		return nil, err
	}
	var out []report.Finding
	covered := map[int]bool{}
	for id, n := range items {
		found := secretFindings(n, id, src)
		if len(found) == 0 && id < len(all) && holdsSecret(all[id]) {
			found = []report.Finding{loadedSecret(id, n.Line)}
		}
		for _, f := range found {
			covered[f.Line] = true
			out = append(out, inScenario(f))
		}
	}
	return append(out, rawSecrets(src, covered, inScenario)...), nil
}

// loadedSecret is the finding for interaction id, at line, that holds a
// secret once loaded (a YAML merge key, <<, can put a credential header
// where the text scan does not see a header) though the scan of its YAML
// places none: still an error, at the interaction's line.
func loadedSecret(id, line int) report.Finding {
	return report.Finding{Kind: report.KindSecret, Severity: severity(report.KindSecret), Interaction: id, Line: line,
		Message: fmt.Sprintf("interaction %d (line %d) holds a secret once loaded: %s", id, line, secretFix)}
}

// rawSecrets returns a [report.KindSecret] error, made by each, for each
// line of the cassette text src that holds a Stripe key or a whsec_
// secret and is not in covered (a line a finding already names): one in
// a comment, a mapping key (a header's or a form field's name) or a key
// go-vcr ignores, which no decoded value holds but the committed file
// does. A file without a key's or a secret's prefix costs three
// substring searches.
func rawSecrets(src []byte, covered map[int]bool, each func(report.Finding) report.Finding) []report.Finding {
	if !bytes.Contains(src, []byte("k_test_")) && !bytes.Contains(src, []byte("k_live_")) && !bytes.Contains(src, []byte("whsec_")) {
		return nil
	}
	var out []report.Finding
	seen := map[int]bool{}
	for _, re := range []*regexp.Regexp{stripeKey, webhookSecret} {
		for _, m := range re.FindAllSubmatchIndex(src, -1) {
			line := 1 + bytes.Count(src[:m[2]], []byte("\n"))
			if covered[line] || seen[line] {
				continue
			}
			seen[line] = true
			what := "a webhook signing secret (whsec_…)"
			if re == stripeKey {
				what = "a Stripe key" + keyNote(string(src[m[2]:m[3]]))
			}
			out = append(out, each(report.Finding{Kind: report.KindSecret, Severity: severity(report.KindSecret), Interaction: -1, Line: line,
				Message: fmt.Sprintf("line %d holds %s outside any value verify checks (a comment, or the name of a key, header or form field): %s", line, what, secretFix)}))
		}
	}
	slices.SortFunc(out, func(a, b report.Finding) int { return cmp.Compare(a.Line+a.CassetteLine, b.Line+b.CassetteLine) })
	return out
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
	if what, token = tokenIn(value); what != "" {
		return what, token
	}
	// The same value as a client decodes it: percent-encoded (a URL, a
	// form body, sk%5Flive%5F…), JSON-escaped (\u0073k_live_…) or a
	// header's Basic credentials in base64. The token then is not
	// written as such in the file, so the finding names the value's line.
	for _, d := range decodings(value) {
		if what, _ := tokenIn(d); what != "" {
			return what + " (encoded)", ""
		}
	}
	return "", ""
}

// tokenIn is [secretAt] for the text of value as written: the Stripe
// key, whsec_ secret or client_secret value in it.
func tokenIn(value string) (what, token string) {
	// Each pattern is tried only on a value holding the literal text it
	// cannot match without: a regexp with no literal prefix (a key's
	// (?:^|[^A-Za-z])(?:sk|rk)_…) otherwise walks every byte of every body.
	if stripekey.MayHold(value) {
		if m := stripeKey.FindStringSubmatch(value); m != nil {
			return "a Stripe key" + keyNote(m[1]), m[1]
		}
	}
	if strings.Contains(value, "whsec_") {
		if m := webhookSecret.FindStringSubmatch(value); m != nil {
			return "a webhook signing secret (whsec_…)", m[1]
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

// decodings returns value decoded each way a secret could be hidden in
// it from a text search, for [secretAt]: its JSON and URL escapes undone
// at any level ([redact.Decoded], the recorder's own decoding), and each
// Basic credential in it decoded ([redact.BasicCredentials]). A value
// with no escape and no Basic scheme allocates nothing.
func decodings(value string) []string {
	out := redact.BasicCredentials(value)
	if d, ok := redact.Decoded(value); ok {
		out = append(out, d)
	}
	return out
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

// binaryTag is the YAML tag of base64-encoded bytes.
const binaryTag = "!!binary"

// walkScalars calls f for every scalar value under n with the mapping
// keys that lead to it; sequence items add no key. An alias is followed
// once for each pair of last two keys it is reached under that [secretAt]
// tells apart (see [aliasVisit]), not once per reference: a few hundred
// bytes of nested aliases ("billion laughs") would otherwise take
// exponential time. A secret reached again through an alias is the same
// text at the same line, found once.
func walkScalars(n *yaml.Node, path []string, f func(path []string, v *yaml.Node)) {
	walkScalarsOnce(n, path, f, map[aliasVisit]bool{})
}

// ruleKey is key as [secretAt] tells keys apart: "headers",
// "client_secret", any credential header (in any case) as one, every
// other key as "".
func ruleKey(key string) string {
	switch {
	case key == "headers" || key == "client_secret":
		return key
	case credentialHeader(key):
		return "authorization" // every credential header is judged alike
	}
	return ""
}

// aliasVisit is an anchored node reached through an alias, with the last
// two keys of the path it was reached under, as [ruleKey] tells them
// apart: so each anchored node is walked a few times at most.
type aliasVisit struct {
	n            *yaml.Node
	parent, last string
}

func walkScalarsOnce(n *yaml.Node, path []string, f func(path []string, v *yaml.Node), seen map[aliasVisit]bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		f(path, n)
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			walkScalarsOnce(n.Content[i+1], append(path[:len(path):len(path)], n.Content[i].Value), f, seen)
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			walkScalarsOnce(c, path, f, seen)
		}
	case yaml.AliasNode:
		if n.Alias == nil {
			return
		}
		v := aliasVisit{n: n.Alias}
		if len(path) >= 1 {
			v.last = ruleKey(path[len(path)-1])
		}
		if len(path) >= 2 {
			v.parent = ruleKey(path[len(path)-2])
		}
		if !seen[v] {
			seen[v] = true
			walkScalarsOnce(n.Alias, path, f, seen)
		}
	}
}
