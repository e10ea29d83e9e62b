package redact

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/checkoutvcr/checkoutvcr/client/form"
	"github.com/checkoutvcr/checkoutvcr/internal/safefile"
)

// Rule names fields to scrub (or keep). Name is matched against the end of
// a field's path, segment by segment, list positions left out:
//
//   - "email" matches every field named email (customer_details.email),
//     but not customer_email;
//   - "customer_details.email" matches an email inside customer_details,
//     at any depth;
//   - a segment may be a glob (path.Match): "*email*" matches every field
//     whose name holds "email" (customer_email, customer_details.email),
//     "customer_details.*" every field of customer_details.
//
// A field that is an object or a list is scrubbed whole: every string under
// it becomes [Placeholder] (numbers, booleans and nulls keep their value,
// so the body keeps the types its contract expects).
type Rule struct {
	// Name is the pattern, e.g. "customer_details.email" or "*email*".
	Name string
	// Pos is where the rule was declared ("redact.yaml:4", "-redact",
	// "default"), for warnings.
	Pos string
}

// String is "name (pos)".
func (r Rule) String() string { return fmt.Sprintf("%s (%s)", r.Name, r.Pos) }

// rules is a compiled list of [Rule]s: each one's segments.
type rules [][]string

func compile(rs []Rule) rules {
	out := make(rules, len(rs))
	for i, r := range rs {
		out[i] = strings.Split(strings.TrimSpace(r.Name), ".")
	}
	return out
}

// match returns the index of the first rule that matches the end of p,
// or -1.
func (rs rules) match(p []string) int {
	for i := range rs {
		if rs.matches(i, p) {
			return i
		}
	}
	return -1
}

// matches reports whether rule i matches the end of p.
func (rs rules) matches(i int, p []string) bool {
	r := rs[i]
	if len(r) == 0 || len(r) > len(p) {
		return false
	}
	tail := p[len(p)-len(r):]
	for k, seg := range r {
		if m, err := path.Match(seg, tail[k]); err != nil || !m {
			return false
		}
	}
	return true
}

// FormPath turns "line_items[0][price_data][currency]" into
// ["line_items", "price_data", "currency"]: list positions are dropped. A
// key that is not well formed is split at every bracket, so that a
// parameter is matched however oddly it is written.
func FormPath(key string) []string {
	parts, err := form.SplitKey(key)
	if err != nil {
		parts = strings.FieldsFunc(key, func(r rune) bool { return r == '[' || r == ']' })
	}
	return slices.DeleteFunc(parts, func(p string) bool {
		return p == "" || strings.Trim(p, "0123456789") == ""
	})
}

// Policy is what to scrub besides secrets: the fields, the fields to
// keep although a rule matches them (a keep rule wins over Fields), and
// the fields scrubbed whatever Keep says.
type Policy struct {
	// Fields are scrubbed, unless a Keep rule matches; client_secret
	// always is.
	Fields []Rule
	// Keep are fields left as they are even though a rule in Fields
	// matches them.
	Keep []Rule
	// Force are fields scrubbed even where a Keep rule matches them: the
	// ones a user typed for this run (record's -redact), which win over
	// a file's keep: default.
	Force []Rule
}

// Defaults are the personal data a Checkout Session carries: the
// customer's email, phone, name, address and tax ids, as the customer
// entered them and as collected for shipping. [Default] scrubs them all;
// keep one with a keep: entry in redact.yaml.
var Defaults = []string{
	"customer_email",
	"customer_details.email",
	"customer_details.phone",
	"customer_details.name",
	"customer_details.individual_name",
	"customer_details.business_name",
	"customer_details.address",
	"customer_details.tax_ids.value",
	"shipping_details.name",
	"shipping_details.phone",
	"shipping_details.address",
	"collected_information.individual_name",
	"collected_information.business_name",
}

// Default is the policy with [Defaults] and nothing kept.
func Default() Policy {
	var p Policy
	for _, d := range Defaults {
		p.Fields = append(p.Fields, Rule{Name: d, Pos: "default"})
	}
	return p
}

// MaxFileSize bounds a redact.yaml file (1 MiB).
const MaxFileSize = 1 << 20

// File is the redact.yaml layout:
//
//	# fields to scrub in every recording, besides the defaults
//	fields:
//	  - metadata.customer_ref
//	  - "*email*"
//	# fields the defaults would scrub that the cassettes keep
//	keep:
//	  - customer_email
//	# false: do not scrub the defaults (the key and client_secret still are)
//	defaults: true
//
// Every key is optional.
type File struct {
	Fields   []string `yaml:"fields"`
	Keep     []string `yaml:"keep"`
	Defaults *bool    `yaml:"defaults"`
}

// Load reads the policy in the redact.yaml at name on top of [Default].
// Errors are one line with file:line.
func Load(name string) (Policy, error) {
	data, err := safefile.Read(name, MaxFileSize)
	if err != nil {
		return Policy{}, err
	}
	return Parse(name, data)
}

// Parse is [Load] for data read from file.
func Parse(file string, data []byte) (Policy, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Policy{}, fmt.Errorf("%s: %s", file, oneLine(err.Error()))
	}
	p := Default()
	if len(doc.Content) == 0 {
		return p, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return Policy{}, fmt.Errorf("%s:%d: want a mapping with fields:, keep: and defaults:", file, root.Line)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "fields", "keep":
			rs, err := list(file, v)
			if err != nil {
				return Policy{}, err
			}
			if k.Value == "fields" {
				p.Fields = append(p.Fields, rs...)
			} else {
				p.Keep = append(p.Keep, rs...)
			}
		case "defaults":
			var on bool
			if err := v.Decode(&on); err != nil {
				return Policy{}, fmt.Errorf("%s:%d: defaults: want true or false", file, v.Line)
			}
			if !on {
				p.Fields = slices.DeleteFunc(p.Fields, func(r Rule) bool { return r.Pos == "default" })
			}
		default:
			return Policy{}, fmt.Errorf("%s:%d: unknown key %q; want fields, keep or defaults", file, k.Line, k.Value)
		}
	}
	return p, nil
}

// list reads a list of rule names, each checked.
func list(file string, n *yaml.Node) ([]Rule, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: want a list of field names", file, n.Line)
	}
	var out []Rule
	for _, c := range n.Content {
		r := Rule{Name: c.Value, Pos: fmt.Sprintf("%s:%d", file, c.Line)}
		if c.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s: want a field name", r.Pos)
		}
		if err := Check(r.Name); err != nil {
			return nil, fmt.Errorf("%s: %v", r.Pos, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Check reports whether name is a valid rule: dot-separated non-empty
// segments, each a valid glob.
func Check(name string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("empty field name")
	}
	for _, seg := range strings.Split(strings.TrimSpace(name), ".") {
		if _, err := path.Match(seg, ""); seg == "" || err != nil {
			return fmt.Errorf("field name %q: want names or globs separated by dots, e.g. customer_details.email or *email*", Terminal(name))
		}
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
