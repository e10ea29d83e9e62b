package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// JUnit writes r as JUnit XML, the format CI test-report viewers read:
// <testsuites>, one <testsuite> per scenario, one <testcase> per step
// (with a stripe_version property: the API version that answered it), and
// a "(cassette)" test case for findings about the scenario as a whole. A
// version skew is its own first test case, "(stripe version)".
// The package documentation says where each finding goes.
func JUnit(w io.Writer, r *Report, opts Options) error {
	r = view(r, opts.Strict)
	out := junitSuites{Name: "checkoutvcr verify"}
	for _, sc := range r.Scenarios {
		s := junitSuite{Name: sc.Name, File: sc.File, Time: seconds(sc.Duration), Properties: properties(r, sc)}
		skew, rest := splitSkew(sc.Findings)
		if len(skew) > 0 {
			c := newCase(sc, "(stripe version)", sc.Cassette, 0, skew, opts.Strict)
			c.Properties = []junitProperty{{"stripe_version", sc.StripeVersion}}
			s.add(c)
		}
		for _, st := range sc.Steps {
			c := newCase(sc, st.ID, sc.File, st.Line, st.Findings, opts.Strict)
			c.Time = seconds(st.Duration)
			if st.StripeVersion != "" {
				c.Properties = []junitProperty{{"stripe_version", st.StripeVersion}}
			}
			if sk := firstOf(st.Findings, KindSkippedInteraction); sk != nil && c.Failure == nil {
				c.Skipped = &junitSkipped{Message: sk.Message}
			}
			s.add(c)
			if sk := firstOf(st.Findings, KindSkippedStateful); sk != nil {
				// The step's checks ran; its stateful expectation did not.
				s.add(junitCase{Classname: sc.Name, Name: st.ID + " (expect_stateful)", File: sc.File, Line: st.Line,
					Time: "0", Skipped: &junitSkipped{Message: sk.Message}})
			}
		}
		if len(rest) > 0 {
			s.add(newCase(sc, "(cassette)", sc.Cassette, 0, rest, opts.Strict))
		}
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Skipped += s.Skipped
		out.Suites = append(out.Suites, s)
	}
	b, err := xml.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s%s\n", xml.Header, b)
	return err
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	File       string          `xml:"file,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string `xml:"classname,attr"`
	Name      string `xml:"name,attr"`
	File      string `xml:"file,attr,omitempty"`
	Line      int    `xml:"line,attr,omitempty"`
	Time      string `xml:"time,attr"`
	// Properties hold the Stripe API version that answered the step.
	Properties []junitProperty `xml:"properties>property"`
	Failure    *junitFailure   `xml:"failure"`
	Skipped    *junitSkipped   `xml:"skipped"`
	SystemOut  string          `xml:"system-out,omitempty"`
}

// junitSkipped marks a test case, or an expectation of one, not checked.
type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// seconds is d as JUnit's time attribute: seconds, to the millisecond.
func seconds(d time.Duration) string {
	if d <= 0 {
		return "0"
	}
	return fmt.Sprintf("%.3f", d.Seconds())
}

// firstOf returns the first of fs of kind, or nil.
func firstOf(fs []Finding, kind string) *Finding {
	for i := range fs {
		if fs[i].Kind == kind {
			return &fs[i]
		}
	}
	return nil
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (s *junitSuite) add(c junitCase) {
	s.Tests++
	if c.Failure != nil {
		s.Failures++
	}
	if c.Skipped != nil {
		s.Skipped++
	}
	s.Cases = append(s.Cases, c)
}

// properties records where the scenario's cassette came from.
func properties(r *Report, sc Scenario) []junitProperty {
	var ps []junitProperty
	for _, p := range []junitProperty{
		{"cassette", sc.Cassette},
		{"server", sc.Server},
		{"stripe_version", sc.StripeVersion},
		{"contracts_api_version", r.APIVersion},
	} {
		if p.Value != "" {
			ps = append(ps, p)
		}
	}
	return ps
}

// newCase makes the test case for one step (or, named "(cassette)", for
// the scenario as a whole): failing findings become its <failure>, the
// rest (warnings, and notes such as skipped stateful expectations) its
// <system-out>. A step whose contract and expectations held passes even
// when a stateful expectation was skipped: [JUnit] adds a test case of its
// own, "<step> (expect_stateful)", marked <skipped>, rather than showing
// checks that ran as not run. A step verify did not check at all (a
// skipped_interaction note) is itself <skipped>.
func newCase(sc Scenario, name, file string, line int, fs []Finding, strict bool) junitCase {
	c := junitCase{Classname: sc.Name, Name: name, File: file, Line: line, Time: "0"}
	var failed, notes, other []Finding
	for _, f := range fs {
		switch {
		case f.Fails(strict):
			failed = append(failed, f)
		case f.Severity == Note:
			notes = append(notes, f)
		default:
			other = append(other, f)
		}
	}
	if len(failed) > 0 {
		msg := failed[0].headline()
		if len(failed) > 1 {
			msg += fmt.Sprintf(" (and %d more)", len(failed)-1)
		}
		c.Failure = &junitFailure{Message: msg, Type: failed[0].Kind, Text: details(failed, file, line, sc.Cassette, strict)}
		if failed[0].Line > 0 { // where a CI annotates the case: the first failure's line
			c.Line = failed[0].Line
		}
	}
	c.SystemOut = details(append(other, notes...), file, line, sc.Cassette, strict)
	return c
}

// headline is f in one line: its path, want and got when it has a path
// and says what it wanted or got (an expectation's message spans lines),
// else the first line of what String says, as the text report prints it
// (a client_decode finding's path is in its message, which names the
// value and the Go type the client could not decode it into).
func (f Finding) headline() string {
	if f.Path != "" && (f.Want != "" || f.Got != "") {
		return f.pathText() + f.interaction()
	}
	return firstLine(f.String())
}

// details lists fs, of a step at line of file, a line each, as the text
// report prints them.
func details(fs []Finding, file string, line int, cassette string, strict bool) string {
	var b strings.Builder
	for _, f := range fs {
		sev := f.Severity.String()
		if f.Fails(strict) {
			sev = "error"
		}
		text := strings.ReplaceAll(f.String(), "\n", "\n  ")
		fmt.Fprintf(&b, "%s [%s] %s  %s\n", sev, f.Kind, text, f.Where(file, line, cassette))
	}
	return b.String()
}
