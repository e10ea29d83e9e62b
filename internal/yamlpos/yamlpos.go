// Package yamlpos helps report a problem at its place in a YAML file read
// with gopkg.in/yaml.v3: it reads the line out of yaml.v3's error texts
// ([SyntaxLine], [DecodeLine]) and names what a node is ([Kind]) for
// messages such as "params must be a mapping, not a list".
package yamlpos

import (
	"fmt"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

var (
	syntaxLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	decodeLine = regexp.MustCompile(`^line (\d+): (.*)$`)
)

// SyntaxLine splits a yaml.v3 parse error of the form "yaml: line N: msg"
// into N and msg; ok is false for any other error.
func SyntaxLine(err error) (line int, msg string, ok bool) {
	return splitLine(syntaxLine, err.Error())
}

// DecodeLine splits one entry of a [yaml.TypeError]'s Errors, of the form
// "line N: msg", into N and msg; ok is false for any other text.
func DecodeLine(entry string) (line int, msg string, ok bool) {
	return splitLine(decodeLine, entry)
}

func splitLine(re *regexp.Regexp, s string) (int, string, bool) {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return 0, "", false
	}
	line, err := strconv.Atoi(m[1])
	if err != nil {
		return 0, "", false
	}
	return line, m[2], true
}

// Or returns n, or fallback when n is nil: the place to report a missing
// child is its parent.
func Or(n, fallback *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return fallback
}

// Kind names what n is for a message: "a mapping", "a list", "an alias",
// "empty" for a null, or else its value quoted.
func Kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return fmt.Sprintf("%q", n.Value)
}
