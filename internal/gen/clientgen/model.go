package clientgen

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// goType is one generated declaration: a struct or an enum.
type goType struct {
	name   string
	doc    string
	fields []field  // struct fields, in spec property order (sorted)
	enum   []string // enum values, for an enum type
	extra  []string // extra raw lines appended inside the struct
	embeds []string // embedded types, first in the struct
	isEnum bool
}

// field is one struct field.
type field struct {
	name string // Go name
	wire string // JSON or form name
	typ  string // Go type
	doc  string
	tag  string // full tag text
}

// initialisms are written in capitals inside Go names.
var initialisms = map[string]string{
	"id": "ID", "url": "URL", "ui": "UI", "api": "API", "ip": "IP", "uri": "URI",
	"http": "HTTP", "https": "HTTPS", "iban": "IBAN", "vat": "VAT", "ach": "ACH",
	"sepa": "SEPA", "upi": "UPI", "bsb": "BSB", "cvc": "CVC", "eu": "EU", "gb": "GB",
	"us": "US", "ids": "IDs", "urls": "URLs", "sku": "SKU", "json": "JSON",
	"gt": "GT", "gte": "GTE", "lt": "LT", "lte": "LTE",
}

// camel turns a snake_case, dotted or dashed name into an exported Go name:
// "client_reference_id" → "ClientReferenceID", "en-GB" → "EnGB".
func camel(s string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if up, ok := initialisms[strings.ToLower(part)]; ok && part == strings.ToLower(part) {
			b.WriteString(up)
			continue
		}
		r := []rune(part)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	out := b.String()
	if out == "" {
		return "Empty"
	}
	if unicode.IsDigit(rune(out[0])) {
		out = "N" + out
	}
	return out
}

var (
	htmlTag    = regexp.MustCompile(`<[^>]+>`)
	mdLink     = regexp.MustCompile(`\[([^\]]+)\]\(([^)]+)\)`)
	whitespace = regexp.MustCompile(`\s+`)
)

// docText turns a spec description into plain text for a Go comment:
// HTML tags dropped, Markdown links reduced to their text and URL.
func docText(desc string) string {
	s := htmlTag.ReplaceAllString(desc, " ")
	s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
		sub := mdLink.FindStringSubmatch(m)
		link := sub[2]
		if strings.HasPrefix(link, "/") {
			link = "https://docs.stripe.com" + link
		}
		return sub[1] + " (" + link + ")"
	})
	s = strings.ReplaceAll(s, "`", "")
	s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'").Replace(s)
	return strings.TrimSpace(whitespace.ReplaceAllString(s, " "))
}

// comment writes text as a Go comment with the given indent, wrapped at
// about 76 columns.
func comment(b *strings.Builder, indent, text string) {
	if text == "" {
		return
	}
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > 76 {
			fmt.Fprintf(b, "%s// %s\n", indent, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		fmt.Fprintf(b, "%s// %s\n", indent, line)
	}
}

// sentence starts a doc comment with the declared name, as Go docs do.
func sentence(name, desc, fallback string) string {
	d := docText(desc)
	if d == "" {
		d = fallback
	}
	return name + ": " + d
}

// render writes the declarations of types, sorted by name.
// used holds every identifier taken in the package, types first; enum
// constants that would clash get a "Value" suffix.
func render(b *strings.Builder, types map[string]*goType, used map[string]bool) {
	for _, name := range sortedKeys(types) {
		t := types[name]
		comment(b, "", t.doc)
		if t.isEnum {
			fmt.Fprintf(b, "type %s string\n\n", t.name)
			fmt.Fprintf(b, "// Values of [%s].\nconst (\n", t.name)
			for _, v := range t.enum {
				c := t.name + camel(v)
				if used[c] {
					c += "Value"
				}
				for i := 2; used[c]; i++ {
					c = fmt.Sprintf("%s%sValue%d", t.name, camel(v), i)
				}
				used[c] = true
				fmt.Fprintf(b, "\t// %s is %q.\n\t%s %s = %q\n", c, v, c, t.name, v)
			}
			b.WriteString(")\n\n")
			continue
		}
		fmt.Fprintf(b, "type %s struct {\n", t.name)
		for _, e := range t.embeds {
			b.WriteString(e + "\n")
		}
		for _, f := range t.fields {
			comment(b, "\t", f.doc)
			fmt.Fprintf(b, "\t%s %s `%s`\n", f.name, f.typ, f.tag)
		}
		for _, e := range t.extra {
			b.WriteString(e + "\n")
		}
		b.WriteString("}\n\n")
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// sameShape reports whether two struct declarations have the same fields.
func sameShape(a, b *goType) bool {
	if len(a.fields) != len(b.fields) {
		return false
	}
	for i := range a.fields {
		if a.fields[i].name != b.fields[i].name || a.fields[i].typ != b.fields[i].typ {
			return false
		}
	}
	return true
}
