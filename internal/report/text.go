package report

import (
	"fmt"
	"io"
	"strings"
)

// TextOptions configure [Text].
type TextOptions struct {
	// Color adds ANSI colours; callers enable it only on a terminal and
	// when NO_COLOR is unset.
	Color bool
	// Strict prints warnings as errors, as they count in strict mode.
	Strict bool
}

// Text prints r for a person: a block per scenario, a line per step with
// ✓ or ✗, findings indented under it, and a summary line.
func Text(w io.Writer, r *Report, opts TextOptions) error {
	p := &printer{w: w, opts: opts}
	for _, sc := range r.Scenarios {
		p.scenario(sc)
	}
	c := r.Count()
	verdict := p.paint(green, "PASS")
	if r.Failed(opts.Strict) {
		verdict = p.paint(red, "FAIL")
	}
	p.printf("%s: %d scenarios, %d steps, %d interactions; %d errors, %d warnings, %d skipped (contracts: Stripe API %s)\n",
		verdict, c.Scenarios, c.Steps, c.Interactions, c.Errors, c.Warnings, c.Notes, r.APIVersion)
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
	opts TextOptions
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
	if sc.Server != "" {
		about += fmt.Sprintf(", recorded against %s", sc.Server)
	}
	p.printf("%s  %s\n", sc.Name, p.paint(faint, "("+about+")"))
	for _, st := range sc.Steps {
		mark := p.paint(green, "✓")
		if p.fails(st.Findings) {
			mark = p.paint(red, "✗")
		}
		status := ""
		if st.Status != 0 {
			status = fmt.Sprintf(" → %d", st.Status)
		}
		p.printf("  %s %-16s %s%s\n", mark, st.ID, st.Request, status)
		p.findings("      ", sc.File, st.Line, st.Findings)
	}
	p.findings("    ", sc.File, 0, sc.Findings)
}

func (p *printer) fails(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error || (p.opts.Strict && f.Severity == Warning) {
			return true
		}
	}
	return false
}

func (p *printer) findings(indent, file string, line int, fs []Finding) {
	for _, f := range fs {
		sev := f.Severity.String()
		switch {
		case f.Severity == Error || (p.opts.Strict && f.Severity == Warning):
			sev = p.paint(red, "error")
		case f.Severity == Warning:
			sev = p.paint(yellow, sev)
		default:
			sev = p.paint(faint, sev)
		}
		where := file
		if line > 0 {
			where = fmt.Sprintf("%s:%d", file, line)
		}
		text := strings.ReplaceAll(f.String(), "\n", "\n"+indent+"  ")
		p.printf("%s%s [%s] %s  %s\n", indent, sev, f.Kind, text, p.paint(faint, where))
	}
}
