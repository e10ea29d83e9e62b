package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/checkoutvcr/checkoutvcr/internal/atomicfile"
	"github.com/checkoutvcr/checkoutvcr/internal/cli"
	"github.com/checkoutvcr/checkoutvcr/internal/cmdref"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// errFindings means verify ran and found errors; they are already printed.
var errFindings = errors.New("verify found errors")

// outputError is a report that could not be written to -o's file.
type outputError struct{ error }

func exitCode(err error, stderr io.Writer) int {
	var usage cli.UsageError
	var config *cli.ConfigError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errFindings):
		return 1
	case errors.As(err, &usage), errors.As(err, &config), errors.Is(err, verify.ErrConfig), errors.As(err, new(outputError)):
		fmt.Fprintln(stderr, "verify:", cli.Message(err))
		return 2
	}
	fmt.Fprintln(stderr, "verify:", cli.Message(err))
	return 1
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	var opts verify.Options
	fs.StringVar(&opts.Scenarios, "scenarios", "scenarios", "folder of scenario `dir`/*.yaml files")
	fs.StringVar(&opts.Cassettes, "cassettes", "cassettes", "folder of recorded cassettes, one `dir`/<scenario>.yaml per scenario")
	fs.StringVar(&opts.Contracts, "contracts", "", "folder of contracts made by make contracts (`dir`); default: the contracts built into this binary")
	runPattern := fs.String("run", "", "verify only scenarios whose name matches this `regexp`")
	strict := fs.Bool("strict", false, "treat warnings (fields the contract does not list, version skew) as errors")
	list := fs.Bool("list", false, "list the scenarios and their steps, then exit")
	fs.BoolVar(&opts.Coverage, "coverage", false, "also report, per operation, which contract parameters the scenarios send and which response fields they see non-null")
	format := fs.String("format", string(report.FormatText), "report `format`: text, json or junit")
	outFile := fs.String("o", "", "write the report to `file` (atomically: a temp file, then rename) instead of stdout;\nthe PASS/FAIL line still goes to stderr")
	if err := cli.Parse(fs, args, stderr, func(io.Writer) { usage(fs) }); err != nil {
		return err
	}
	f, err := report.ParseFormat(*format)
	if err != nil {
		return cli.Usagef("-format: %v", err)
	}
	if opts.Coverage && f == report.FormatJUnit {
		return cli.Usagef("-coverage has no place in JUnit; use -format text or json")
	}
	ropts := report.Options{Format: f, Strict: *strict}
	if opts.Run, err = cli.Regexp(*runPattern); err != nil {
		return err
	}
	if *list {
		return listScenarios(stdout, opts)
	}
	opts.RerecordHint = func(name string) string { return recordCommand(opts, name) }
	rep, err := verify.Run(ctx, opts)
	if err != nil {
		return err
	}
	if err := output(rep, ropts, *outFile, stdout, stderr); err != nil {
		return err
	}
	if rep.Failed(*strict) {
		return errFindings
	}
	return nil
}

// output writes rep to stdout, or to the file -o names and then the
// verdict to stderr.
func output(rep *report.Report, opts report.Options, file string, stdout, stderr io.Writer) error {
	if file == "" {
		opts.Color = report.IsTerminal(stdout) && os.Getenv("NO_COLOR") == ""
		return report.Write(stdout, rep, opts)
	}
	if err := writeReport(file, rep, opts); err != nil {
		return outputError{err}
	}
	fmt.Fprintf(stderr, "verify: wrote %s report to %s\n%s\n", opts.Format, file, report.Summary(rep, opts.Strict))
	return nil
}

// writeReport writes rep to path atomically: into a temp file in the same
// folder, synced, then renamed over path, so a reader (or a CI upload)
// never sees half a report and a failed write leaves the old file as it was.
func writeReport(path string, rep *report.Report, opts report.Options) error {
	var buf bytes.Buffer
	if err := report.Write(&buf, rep, opts); err != nil {
		return err
	}
	if err := atomicfile.Write(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("-o: %w", err)
	}
	return nil
}

func listScenarios(w io.Writer, opts verify.Options) error {
	scs, err := scenario.Select(cmp.Or(opts.Scenarios, "scenarios"), opts.Run)
	if err != nil {
		return &cli.ConfigError{Err: err}
	}
	for _, e := range scs {
		sc, err := scenario.ParseFile(e.File)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s  (%s) %s\n", sc.Name, redact.Line(sc.File), redact.Line(sc.Description))
		for _, st := range sc.Steps {
			fmt.Fprintf(w, "  %-16s %-16s %s\n", st.ID, st.Op, redact.Line(st.Session))
		}
	}
	return nil
}

func usage(fs *flag.FlagSet) {
	fmt.Fprint(fs.Output(), `Usage: go run ./cmd/verify [flags]

verify replays every scenario's cassette offline (no network, no waiting),
drives the same steps through the same client, and checks each response
against the contracts in contracts/ and each step's expectations.

The report goes to stdout, or with -o to a file. -format chooses it:
  text   for people (the default); coloured on a terminal unless NO_COLOR is set
  json   a stable schema for programs (see go doc ./cmd/verify)
  junit  JUnit XML for CI test reports (GitHub, GitLab, Jenkins)

Exit status: 0 when everything holds (warnings allowed unless -strict),
1 when there are findings, 2 for bad flags, unreadable inputs or a report
that could not be written.

Example:
  go run ./cmd/verify -run lifecycle -format junit -o report.xml

Flags:
`)
	fs.PrintDefaults()
}

// recordCommand is the command that records one scenario into the
// cassettes folder verify reads. In this repository: make record
// RUN=<name> for its own folders, else go run ./cmd/record with the flags
// that name them; for "" (every scenario), make record. In another module
// (see [cmdref.Command]): go run github.com/checkoutvcr/checkoutvcr/cmd/record,
// or go tool record, with the folders.
func recordCommand(opts verify.Options, name string) string {
	run := cmdref.Command(".", "record")
	scenarios, dir := cmp.Or(opts.Scenarios, "scenarios"), cmp.Or(opts.Cassettes, "cassettes")
	own := filepath.Clean(dir) == "cassettes" && scenarios == "scenarios"
	switch {
	case run == "go run ./cmd/record" && name == "":
		return "make record"
	case run == "go run ./cmd/record" && own:
		return "make record RUN=" + name
	case name == "":
		return fmt.Sprintf("%s -scenarios %s -cassettes %s", run, scenarios, dir)
	}
	return fmt.Sprintf("%s -scenarios %s -cassettes %s -run '^%s$'", run, scenarios, dir, name)
}
