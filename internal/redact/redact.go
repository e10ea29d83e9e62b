package redact

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Placeholder replaces every redacted value. It is the same every time, so
// a re-record that redacts the same fields produces the same bytes.
const Placeholder = "REDACTED"

// keyShape finds anything shaped like a secret or restricted key, test or
// live, even inside a longer word joined by an underscore or a digit
// (x_sk_live_…), but not after a letter (task_test_ is a word). Group 1
// is the character before the key, kept.
var keyShape = regexp.MustCompile(`(^|[^A-Za-z])(?:sk|rk)_(?:test|live)_[0-9A-Za-z]+`)

// secretShape finds client secrets of Stripe's form
// (cs_test_…_secret_…, pi_…_secret_…, seti_…_secret_…) and webhook
// signing secrets (whsec_…).
var secretShape = regexp.MustCompile(`\b(?:cs|pi|seti)_[0-9A-Za-z_]*_secret_[0-9A-Za-z]+|whsec_[0-9A-Za-z_]+`)

// DropHeaders are removed from requests and responses before they are
// saved: they carry credentials, or (Stripe-Signature) a webhook
// delivery's signature.
var DropHeaders = []string{"Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization", "Stripe-Signature"}

// Redactor removes secrets and declared fields. It is safe for
// concurrent use: the workers of a record run share one, and every
// client_secret it sees in a JSON body is added to the secrets it knows.
type Redactor struct {
	fields, keep rules

	mu       sync.Mutex
	secrets  []string        // every known secret in every encoding, longest first; replaced, never edited
	known    map[string]bool // the secrets as given
	raw      []string        // the same, as a list; replaced, never edited
	matched  map[int]bool    // indexes of fields that matched something
	declared []Rule          // fields as declared (Fields, then Force), for Unmatched
	forced   int             // fields[forced:] (Policy.Force) win over keep rules; so does fields[0]
}

// New returns a Redactor for policy p that also knows secrets (the key in
// use, credentials in a URL).
func New(p Policy, secrets ...string) *Redactor {
	declared := slices.Concat(p.Fields, p.Force)
	r := &Redactor{
		fields:   compile(append([]Rule{{Name: "client_secret"}}, declared...)),
		keep:     compile(p.Keep),
		known:    map[string]bool{},
		matched:  map[int]bool{},
		declared: declared,
		forced:   1 + len(p.Fields),
	}
	for _, s := range secrets {
		r.AddSecret(s)
	}
	return r
}

// MinSecretLen is the length, in bytes, of the shortest secret
// [Redactor.AddSecret] redacts: a shorter string would scrub ordinary
// words.
const MinSecretLen = 6

// AddSecret makes r replace s, in every encoding it knows ([Variants]),
// wherever it occurs from now on. Strings shorter than [MinSecretLen]
// bytes are ignored: they would scrub ordinary words.
func (r *Redactor) AddSecret(s string) {
	if len(s) < MinSecretLen {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.known[s] {
		return
	}
	r.known[s] = true
	r.raw = append(slices.Clone(r.raw), s)
	// Copy on write: String reads the old slice without the lock.
	secrets := slices.Clone(r.secrets)
	for _, v := range Variants(s) {
		if !slices.Contains(secrets, v) {
			secrets = append(secrets, v)
		}
	}
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	r.secrets = secrets
}

// Variants are the spellings of s that a server, a proxy or an encoder may
// produce: raw, JSON-escaped (Go's HTML-safe \u003c form and the plain
// one, and every byte as \u00XX), and URL-encoded (query and path
// escaping, upper- and lower-case hex, and every byte as %XX), and each
// escaped form escaped once more.
func Variants(s string) []string {
	var out []string
	add := func(v string) {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	add(s)
	b, _ := json.Marshal(s)
	add(strings.Trim(string(b), `"`))
	var plain strings.Builder
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	add(strings.Trim(strings.TrimSpace(plain.String()), `"`))
	for _, v := range []string{url.QueryEscape(s), url.PathEscape(s)} {
		add(v)
		add(lowerHex(v))
	}
	var u, uUpper, pct, pctLower strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			u.WriteString(`\u00` + hex2(c, "0123456789abcdef"))
			uUpper.WriteString(`\u00` + hex2(c, "0123456789ABCDEF"))
		} else {
			u.WriteByte(c)
			uUpper.WriteByte(c)
		}
		pct.WriteString("%" + hex2(c, "0123456789ABCDEF"))
		pctLower.WriteString("%" + hex2(c, "0123456789abcdef"))
	}
	add(u.String())
	add(uUpper.String())
	add(pct.String())
	add(pctLower.String())
	// Base64, as a Basic credential carries it (key:, or the key alone),
	// padded or not: a server may quote the Authorization header back
	// (stripe-mock's 401 does).
	for _, v := range []string{s + ":", s} {
		add(base64.StdEncoding.EncodeToString([]byte(v)))
		add(base64.RawStdEncoding.EncodeToString([]byte(v)))
	}
	// Escaped twice: a JSON string holding JSON (\\u0073…), a URL in a
	// URL (%2573…). [Redactor.String] also undoes deeper and mixed levels.
	for _, v := range slices.Clone(out[1:]) {
		if strings.Contains(v, `\`) {
			add(strings.ReplaceAll(v, `\`, `\\`))
		}
		if strings.Contains(v, "%") {
			add(strings.ReplaceAll(v, "%", "%25"))
		}
	}
	return out
}

func hex2(c byte, digits string) string { return string([]byte{digits[c>>4], digits[c&15]}) }

// lowerHex lower-cases the hex digits of %XX escapes.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lower(b[i+1]), lower(b[i+2])
		}
	}
	return string(b)
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// String replaces in s every known secret, in every encoding, and
// anything shaped like a key or a client secret, by [Placeholder]. It is
// what logs, reports and diffs call before they print.
func (r *Redactor) String(s string) string {
	var known []string
	if r != nil {
		r.mu.Lock()
		secrets := r.secrets
		known = r.raw
		r.mu.Unlock()
		for _, v := range secrets {
			if strings.Contains(s, v) {
				s = strings.ReplaceAll(s, v, Placeholder)
			}
		}
	}
	s = basicSecrets(s)
	s = keyShape.ReplaceAllString(s, "${1}"+Placeholder)
	s = secretShape.ReplaceAllString(s, Placeholder)
	// Escaped at any level, or partly: \\u0073\\u006b\\u005ftest_…, %2573k_…
	return decodedSecrets(s, known)
}

// basicCredential finds a Basic credential anywhere in a text (a header
// value, or a server quoting one back): group 1 is its base64.
var basicCredential = regexp.MustCompile(`(?i)\bbasic\s+([A-Za-z0-9+/]{8,}={0,2})`)

// mayHoldBasic reports whether s may hold a Basic credential: "Basic",
// "basic" or "BASIC" (a cheap test before the pattern).
func mayHoldBasic(s string) bool { return strings.Contains(s, "asic") || strings.Contains(s, "ASIC") }

// decodeBasic decodes a Basic credential's base64, padded or not.
func decodeBasic(b64 string) ([]byte, bool) {
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(b64, "="))
	}
	return b, err == nil
}

// BasicCredentials returns the decoded text (user:password) of each
// Basic credential in s: a header's value, or a server quoting one back
// in a body ("Authorization was 'Basic c2tf…'").
func BasicCredentials(s string) []string {
	if !mayHoldBasic(s) {
		return nil
	}
	var out []string
	for _, m := range basicCredential.FindAllStringSubmatch(s, -1) {
		if b, ok := decodeBasic(m[1]); ok {
			out = append(out, string(b))
		}
	}
	return out
}

// basicSecrets replaces by [Placeholder] the base64 of each Basic
// credential in s whose decoded text holds a key's or a secret's shape.
func basicSecrets(s string) string {
	if !mayHoldBasic(s) {
		return s
	}
	return basicCredential.ReplaceAllStringFunc(s, func(m string) string {
		sub := basicCredential.FindStringSubmatchIndex(m)
		b, ok := decodeBasic(m[sub[2]:sub[3]])
		if !ok || !keyShape.Match(b) && !secretShape.Match(b) {
			return m
		}
		return m[:sub[2]] + Placeholder
	})
}

// Contains reports whether s holds a secret [Redactor.String] would
// replace.
func (r *Redactor) Contains(s string) bool { return r.String(s) != s }

// Header returns a copy of h without [DropHeaders] and with secrets
// replaced in names and values.
func (r *Redactor) Header(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		if slices.ContainsFunc(DropHeaders, func(d string) bool { return strings.EqualFold(k, d) }) {
			continue
		}
		name := r.String(k)
		for _, v := range vs {
			out[name] = append(out[name], r.String(v))
		}
	}
	return out
}

// URL returns u without its userinfo (user:password@), with matching
// query parameters scrubbed and secrets replaced.
func (r *Redactor) URL(u string) string {
	u = StripUserinfo(u)
	base, query, ok := strings.Cut(u, "?")
	if !ok {
		return r.String(u)
	}
	return r.String(base) + "?" + r.Form(query)
}

// Display is a URL as it may be printed when it is not known whose it is
// (a webhook endpoint, a base URL refused): without its userinfo
// ([StripUserinfo]), with every query value and any fragment replaced by
// [Placeholder].
func Display(raw string) string {
	raw = StripUserinfo(raw)
	base, frag, hasFrag := strings.Cut(raw, "#")
	base, query, hasQuery := strings.Cut(base, "?")
	if hasQuery {
		parts := strings.Split(query, "&")
		for i, p := range parts {
			if k, _, ok := strings.Cut(p, "="); ok || p != "" {
				parts[i] = k + "=" + Placeholder
			}
		}
		base += "?" + strings.Join(parts, "&")
	}
	if hasFrag && frag != "" {
		base += "#" + Placeholder
	}
	return base
}

// StripUserinfo removes "user:password@" from a URL (with or without a
// scheme), for a URL that is printed or saved.
func StripUserinfo(raw string) string {
	prefix, rest := "", raw
	if scheme, r, ok := strings.Cut(raw, "://"); ok {
		prefix, rest = scheme+"://", r
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		return prefix + rest[at+1:]
	}
	return raw
}

// Form scrubs form text (a body or a raw query): the values of matching
// parameters become [Placeholder], and a value that holds a secret once
// decoded is re-encoded with the secret replaced. Other bytes are kept.
func (r *Redactor) Form(s string) string {
	if s == "" {
		return s
	}
	parts := strings.Split(s, "&")
	for i, part := range parts {
		k, v, ok := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if ok && r.scrubs(FormPath(name)) {
			parts[i] = r.String(k) + "=" + Placeholder
			continue
		}
		if dec, err := url.QueryUnescape(v); err == nil && dec != v && r.Contains(dec) {
			v = url.QueryEscape(r.String(dec))
		}
		if dk := name; dk != k && r.Contains(dk) {
			k = url.QueryEscape(r.String(dk))
		}
		parts[i] = r.String(k)
		if ok {
			parts[i] += "=" + r.String(v)
		}
	}
	return strings.Join(parts, "&")
}

// Values scrubs parsed form values as [Redactor.Form] does.
func (r *Redactor) Values(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		name := r.String(k)
		if r.scrubs(FormPath(k)) {
			out[name] = []string{Placeholder}
			continue
		}
		for _, s := range vs {
			out[name] = append(out[name], r.String(s))
		}
	}
	return out
}

// scrubs reports whether the field at path is scrubbed: a field rule
// matches and no keep rule does, or a rule that wins over keep rules
// (client_secret, [Policy].Force) matches. It records every rule that
// matched, so that a rule matching a field an earlier rule also matches
// is not reported as [Redactor.Unmatched].
func (r *Redactor) scrubs(path []string) bool {
	if len(path) == 0 {
		return false
	}
	_, ok := r.rule(path, true)
	return ok
}

// rule returns the index of the rule that scrubs the field at path and
// whether one does (see [Redactor.scrubs]); record marks every matching
// rule as matched.
func (r *Redactor) rule(path []string, record bool) (int, bool) {
	first, forced := -1, -1
	for i := range r.fields {
		if !r.fields.matches(i, path) {
			continue
		}
		if record {
			r.mu.Lock()
			r.matched[i] = true
			r.mu.Unlock()
		}
		if first < 0 {
			first = i
		}
		if forced < 0 && (i == 0 || i >= r.forced) {
			forced = i
		}
	}
	switch {
	case forced >= 0:
		return forced, true
	case first >= 0 && r.keep.match(path) < 0:
		return first, true
	}
	return -1, false
}

// Scrubs reports whether the field at path (names, list positions left
// out, e.g. ["customer_details", "email"]) is scrubbed, itself or as part
// of an object a rule scrubs whole.
func (r *Redactor) Scrubs(path []string) bool {
	_, ok := r.ScrubbedBy(path)
	return ok
}

// ScrubbedBy is [Redactor.Scrubs] that also says which rule scrubs the
// field. It is how record tells that an expectation checks a field the
// cassette will not hold.
func (r *Redactor) ScrubbedBy(path []string) (Rule, bool) {
	for n := len(path); n > 0; n-- {
		if i, ok := r.rule(path[:n], false); ok {
			if i == 0 {
				return Rule{Name: "client_secret", Pos: "always"}, true
			}
			return r.declared[i-1], true
		}
	}
	return Rule{}, false
}

// Unmatched returns the declared fields (not client_secret) that matched
// no field in anything r has scrubbed so far: each is a warning, as a
// misspelt name would otherwise scrub nothing silently.
func (r *Redactor) Unmatched() []Rule {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Rule
	for i, f := range r.declared {
		if !r.matched[i+1] { // 0 is client_secret
			out = append(out, f)
		}
	}
	return out
}
