package report

import (
	"fmt"
	"io"
	"strings"
)

// Text prints r for a person: a block per scenario, a line per step with
// ✓ or ✗, findings indented under it, and a PASS or FAIL line. A
// scenario's version_skew headline comes first, right under its name:
// the field findings below it are its evidence.
//
// A finding that says the same as one printed before it (same kind, path,
// want, got and message) is printed in full once; later occurrences get a
// short "same as above" line with their own interaction and file:line,
// and a "Repeated findings" section before the verdict counts each such
// finding. Notes are always printed in full: each names a line of its
// own scenario file.
func Text(w io.Writer, r *Report, opts Options) error {
	r = view(r, opts.Strict)
	p := &printer{w: w, opts: opts, seen: map[sameKey]bool{}}
	for _, sc := range r.Scenarios {
		p.scenario(sc)
	}
	if reps := repeats(r); len(reps) > 0 {
		p.printf("\nRepeated findings (printed in full the first time only):\n")
		for _, rp := range reps {
			p.printf("  %s\n", rp)
		}
		p.printf("\n")
	}
	if r.Coverage != nil && p.err == nil {
		p.err = CoverageText(p.w, r.Coverage)
		p.printf("\n")
	}
	verdict := p.paint(green, "PASS")
	if r.Failed(opts.Strict) {
		verdict = p.paint(red, "FAIL")
	}
	p.printf("%s: %s\n", verdict, tally(r))
	return p.err
}

const (
	red    = "31"
	green  = "32"
	yellow = "33"
	faint  = "2"
)

type printer struct {
	w    io.Writer
	opts Options
	seen map[sameKey]bool
	err  error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) paint(code, s string) string {
	if !p.opts.Color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p *printer) scenario(sc Scenario) {
	about := sc.File
	if about == "" { // a cassette without a scenario
		about = sc.Cassette
	}
	if sc.Server != "" {
		about += fmt.Sprintf(", recorded against %s", sc.Server)
	}
	p.printf("%s  %s\n", sc.Name, p.paint(faint, "("+about+")"))
	headline, rest := splitSkew(sc.Findings)
	p.findings("    ", sc.File, 0, sc.Cassette, headline)
	for _, st := range sc.Steps {
		mark := p.paint(green, "✓")
		if fails(st.Findings, p.opts.Strict) {
			mark = p.paint(red, "✗")
		}
		status := ""
		if st.Status != 0 {
			status = fmt.Sprintf(" → %d", st.Status)
		}
		p.printf("  %s %-16s %s%s\n", mark, st.ID, st.Request, status)
		p.findings("      ", sc.File, st.Line, sc.Cassette, st.Findings)
	}
	file := sc.File
	if file == "" { // a cassette without a scenario
		file = sc.Cassette
	}
	p.findings("    ", file, 0, sc.Cassette, rest)
}

// splitSkew separates a scenario's version_skew headline, which the text
// report prints first, under the scenario's name, from its other
// findings.
func splitSkew(fs []Finding) (skew, rest []Finding) {
	for _, f := range fs {
		if f.Kind == KindVersionSkew {
			skew = append(skew, f)
		} else {
			rest = append(rest, f)
		}
	}
	return skew, rest
}

// fails reports whether any of fs fails verify.
func fails(fs []Finding, strict bool) bool {
	for _, f := range fs {
		if f.Fails(strict) {
			return true
		}
	}
	return false
}

func (p *printer) findings(indent, file string, line int, cassette string, fs []Finding) {
	for _, f := range fs {
		where := f.Where(file, line, cassette)
		var sev string
		switch {
		case f.Fails(p.opts.Strict):
			sev = p.paint(red, "error")
		case f.Severity == Warning:
			sev = p.paint(yellow, f.Severity.String())
		default:
			sev = p.paint(faint, f.Severity.String())
		}
		var text string
		if k, ok := keyOf(f); ok && p.seen[k] {
			text = "same as above" + f.interaction()
			if f.Path != "" {
				text = f.Path + ": " + text
			}
		} else {
			p.seen[k] = true
			text = strings.ReplaceAll(f.String(), "\n", "\n"+indent+"  ")
		}
		p.printf("%s%s [%s] %s  %s\n", indent, sev, f.Kind, text, p.paint(faint, where))
	}
}
