// Package cmdref names this module's commands the way a user can type
// them from where they are, for hints such as "record it with: …".
//
// In a clone of this repository, "go run ./cmd/record" works. In another
// module (one that requires this one, through a replace directive or a
// go.work file) it does not: there the command is "go run
// github.com/checkoutvcr/checkoutvcr/cmd/record", or "go tool record"
// when the module declares it as a tool. [Command] picks the one that
// works, from the go.mod that governs a folder.
package cmdref

import (
	"os"
	"path/filepath"
	"strings"
)

// Module is this module's path.
const Module = "github.com/checkoutvcr/checkoutvcr"

// StripeMock is the go get line that pins the stripe-mock this module is
// built and tested with, as a tool of the module it is run in.
const StripeMock = "go get -tool github.com/stripe/stripe-mock@v0.203.0"

// Command returns how to run this module's command name ("record") from
// dir: "go tool name" when the governing go.mod declares the command as a
// tool; "go run github.com/checkoutvcr/checkoutvcr/cmd/name" in another
// module; else, inside this module or outside any (a built bin/verify run
// in a copy of this repository's folders), "go run ./cmd/name".
func Command(dir, name string) string {
	pkg := Module + "/cmd/" + name
	module, tools := goMod(dir)
	switch {
	case tools[pkg]:
		return "go tool " + name
	case module != "" && module != Module:
		return "go run " + pkg
	}
	return "go run ./cmd/" + name
}

// goMod reads the module path and tools of the go.mod that governs dir;
// "" and nil when there is none or it cannot be read.
func goMod(dir string) (module string, tools map[string]bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", nil
	}
	for {
		data, err := os.ReadFile(filepath.Join(abs, "go.mod"))
		if err == nil {
			return parse(string(data))
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", nil
		}
		abs = parent
	}
}

// parse reads the module directive and the tool directives, single-line
// or in a block, of a go.mod file.
func parse(gomod string) (module string, tools map[string]bool) {
	tools = map[string]bool{}
	inTools := false
	for line := range strings.Lines(gomod) {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		switch {
		case inTools && len(f) == 1 && f[0] == ")":
			inTools = false
		case inTools && len(f) == 1:
			tools[strings.Trim(f[0], `"`)] = true
		case len(f) == 2 && f[0] == "module":
			module = strings.Trim(f[1], `"`)
		case len(f) == 2 && f[0] == "tool" && f[1] == "(":
			inTools = true
		case len(f) == 2 && f[0] == "tool":
			tools[strings.Trim(f[1], `"`)] = true
		}
	}
	return module, tools
}
