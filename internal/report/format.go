package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/term"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
)

// Format names an output format.
type Format string

const (
	// FormatText is the report for a person; see [Text].
	FormatText Format = "text"
	// FormatJSON is the stable JSON schema described in the package
	// documentation; see [JSON].
	FormatJSON Format = "json"
	// FormatJUnit is JUnit XML for CI test-report viewers; see [JUnit].
	FormatJUnit Format = "junit"
)

// Formats lists the formats [ParseFormat] accepts, in the order a help
// text shows them.
var Formats = []Format{FormatText, FormatJSON, FormatJUnit}

// ParseFormat returns the format named s, or an error naming the formats
// there are.
func ParseFormat(s string) (Format, error) {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		if string(f) == s {
			return f, nil
		}
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, strings.Join(names, ", "))
}

// Options configure [Write], [Text], [JSON] and [JUnit].
type Options struct {
	// Format chooses what [Write] writes; "" means [FormatText].
	Format Format
	// Color adds ANSI colours to text; callers enable it only on a
	// terminal and when NO_COLOR is unset. JSON and JUnit ignore it.
	Color bool
	// Strict makes every warning an error, as verify -strict does
	// ([Report.Strict]): text prints it as one, JSON types it "error", JUnit
	// makes it a <failure>, and every summary counts it among the errors.
	Strict bool
	// Redactor scrubs the report before it is written; nil still scrubs
	// anything shaped like a key or a client secret (see [redact]).
	Redactor *redact.Redactor
}

// Write writes r to w in opts.Format, through opts.Redactor; a text
// report has its escape sequences neutralised ([redact.TerminalColor]).
func Write(w io.Writer, r *Report, opts Options) error {
	var buf bytes.Buffer
	var err error
	switch opts.Format {
	case FormatText, "":
		err = Text(&buf, r, opts)
	case FormatJSON:
		err = JSON(&buf, r, opts)
	case FormatJUnit:
		err = JUnit(&buf, r, opts)
	default:
		_, err = ParseFormat(string(opts.Format))
	}
	if err != nil {
		return err
	}
	// Every report passes through the one redactor: a key or client
	// secret in a tampered cassette, or one a server echoed, is never
	// printed; the text report cannot drive the terminal.
	out := opts.Redactor.String(buf.String())
	if opts.Format == FormatText || opts.Format == "" {
		out = redact.TerminalColor(out)
	}
	_, err = io.WriteString(w, out)
	return err
}

// Summary is the one-line verdict the text format ends with, without
// colour: "PASS: 1 scenario, 4 steps, …".
func Summary(r *Report, strict bool) string {
	r = view(r, strict)
	verdict := "PASS"
	if r.Failed(strict) {
		verdict = "FAIL"
	}
	return verdict + ": " + tally(r)
}

func tally(r *Report) string {
	c := r.Count()
	return fmt.Sprintf("%s, %s, %s; %s, %s, %s (%d skipped) (contracts: Stripe API %s%s)",
		plural(c.Scenarios, "scenario"), plural(c.Steps, "step"), plural(c.Interactions, "interaction"),
		plural(c.Errors, "error"), plural(c.Warnings, "warning"), plural(c.Notes, "note"), c.Skipped, r.APIVersion,
		otherVersions(r))
}

// otherVersions names the answering versions of r's scenarios other than
// the newest contracts' (r.APIVersion), oldest first, as the summary's
// tail: "; also answered at 2025-08-27.basil, each checked against the
// contracts nearest its version". Each exchange is checked against the
// contracts of the version that answered it, so a summary naming only the
// newest would misstate what was checked; a version no contract covers
// says so in its version_skew.
func otherVersions(r *Report) string {
	seen := map[string]bool{}
	var vs []string
	for _, sc := range r.Scenarios {
		v := sc.StripeVersion
		if v == "" || v == contracts.UnknownVersion || v == r.APIVersion || seen[v] {
			continue
		}
		seen[v] = true
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		return ""
	}
	slices.Sort(vs)
	return "; also answered at " + strings.Join(vs, ", ") + ", each checked against the contracts nearest its version"
}

// IsTerminal reports whether w is a terminal, where colour and live
// progress lines make sense: a character device such as /dev/null is
// not one.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}
