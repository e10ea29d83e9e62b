package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/atomicfile"
	"github.com/checkoutvcr/checkoutvcr/internal/cli"
	"github.com/checkoutvcr/checkoutvcr/internal/cmdref"
	"github.com/checkoutvcr/checkoutvcr/internal/redact"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
	"github.com/checkoutvcr/checkoutvcr/internal/scenario"
	"github.com/checkoutvcr/checkoutvcr/internal/stripekey"
	"github.com/checkoutvcr/checkoutvcr/internal/verify"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitInterrupted is the exit code after SIGINT, as a shell reports a
// process killed by it (128+2).
const exitInterrupted = 130

// errFindings means verify ran and found errors; they are already printed.
var errFindings = errors.New("verify found errors")

// outputError is a report that could not be written to the file that
// flag (o, text, json or junit) names.
type outputError struct {
	flag, path string
	err        error
}

// Error says, once, which flag's file could not be written and why, in
// words: "-o: /tmp/out is a folder; name a file".
func (e outputError) Error() string {
	return "-" + e.flag + ": " + whyUnwritable(e.path, e.err)
}

func (e outputError) Unwrap() error { return e.err }

// whyUnwritable says why the report file path could not be written,
// err being the error of writing it.
func whyUnwritable(path string, err error) string {
	if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
		return path + " is a folder; name a file"
	}
	dir := filepath.Dir(path)
	if fi, serr := os.Stat(dir); errors.Is(serr, fs.ErrNotExist) {
		return fmt.Sprintf("cannot write %s: folder %s does not exist", path, dir)
	} else if serr == nil && !fi.IsDir() {
		return fmt.Sprintf("cannot write %s: %s is not a folder", path, dir)
	}
	// The cause without the temp file's name (atomicfile writes one).
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return fmt.Sprintf("cannot write %s: %v", path, err)
}

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
	case errors.Is(err, verify.ErrInterrupted):
		say(stderr, err.Error())
		return exitInterrupted
	case errors.As(err, &usage), errors.As(err, &config), errors.Is(err, verify.ErrConfig), errors.As(err, new(outputError)):
		say(stderr, cli.Message(err))
		return 2
	}
	say(stderr, cli.Message(err))
	return 1
}

// say prints msg to stderr with the "verify: " prefix on each of its
// lines (an error joined from several says each on its own line).
func say(stderr io.Writer, msg string) {
	for line := range strings.SplitSeq(msg, "\n") {
		fmt.Fprintln(stderr, "verify:", line)
	}
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
	fs.StringVar(&opts.StripeVersion, "stripe-version", "", "the Stripe API `version` your account or SDK pins (e.g. 2025-08-27.basil): a recording answered at another version\nis one version_skew error; default: accept each recording's own version")
	fs.StringVar(&opts.UpgradeTo, "upgrade-to", "", "also report, per scenario or cassette, what moving its recordings to Stripe API `version` changes in the\nfields they carry and the parameters they send (upgrade_change notes; they never fail verify)")
	fs.BoolVar(&opts.Coverage, "coverage", false, "also report, per operation, which contract parameters the scenarios send and which response fields they see non-null")
	format := fs.String("format", string(report.FormatText), "report `format`: text, json or junit")
	outFile := fs.String("o", "", "write the report to `file` (atomically: a temp file, then rename; a link or device is written in place)\ninstead of stdout; the PASS/FAIL line still goes to stderr")
	var files reportFiles
	for _, f := range report.Formats {
		fs.Var(files.flag(f), string(f), "also write a "+string(f)+" report to `file`, beside the report on stdout (or -o); any of -text, -json, -junit\ncombine in one run, and each is written on every exit, a single error test case when verify could not run")
	}
	var hosts hostList
	fs.Var(&hosts, "host", "with cassette arguments: one more `host` whose interactions are Stripe API calls (e.g. a proxy); repeatable")
	files.stdout, files.format = stdout, format
	cassettes, err := parseArgs(fs, args, stderr, func(io.Writer) { usage(fs) })
	if err != nil {
		return files.onError(err, opts.Contracts)
	}
	if *outFile != "" {
		if f, err := report.ParseFormat(*format); err == nil {
			files.addMain(f, *outFile)
		}
		files.stdout = nil // the main report goes to -o's file
	}
	if err := files.clash(cassettes); err != nil {
		return err // before any report is written: not through onError
	}
	rep, ropts, err := verifyMode(ctx, fs, cassettes, hosts, opts, *format, *strict, *list, *runPattern, *outFile, stdout, stderr)
	if err != nil || rep == nil {
		return files.onError(err, opts.Contracts)
	}
	if err := files.write(rep, ropts); err != nil {
		return err
	}
	if rep.Failed(*strict) {
		return errFindings
	}
	return nil
}

// verifyMode runs what the flags and arguments ask for and writes the
// main report (stdout, or -o); rep is nil after -list.
func verifyMode(ctx context.Context, fs *flag.FlagSet, cassettes []string, hosts hostList, opts verify.Options,
	format string, strict, list bool, runPattern, outFile string, stdout, stderr io.Writer) (*report.Report, report.Options, error) {
	f, err := report.ParseFormat(format)
	if err != nil {
		return nil, report.Options{}, cli.Usagef("-format: %v", err)
	}
	if opts.Coverage && f == report.FormatJUnit {
		return nil, report.Options{}, cli.Usagef("-coverage has no place in JUnit; use -format text or json")
	}
	ropts := report.Options{Format: f, Strict: strict}
	var rep *report.Report
	if len(cassettes) > 0 {
		if bad := scenarioFlags(fs); bad != "" {
			return nil, ropts, cli.Usagef("-%s is for scenarios; with cassette arguments verify checks the cassettes alone", bad)
		}
		rep, err = verify.Cassettes(ctx, cassettes, verify.CassetteOptions{Contracts: opts.Contracts, Hosts: hosts,
			StripeVersion: opts.StripeVersion, UpgradeTo: opts.UpgradeTo})
	} else if len(hosts) > 0 {
		return nil, ropts, cli.Usagef("-host is for cassette arguments (verify path/to/cassettes -host …)")
	} else {
		if opts.Run, err = cli.Regexp(runPattern); err != nil {
			return nil, ropts, err
		}
		if list {
			return nil, ropts, listScenarios(stdout, opts)
		}
		if err := scenariosHere(fs, opts.Scenarios); err != nil {
			return nil, ropts, err
		}
		opts.RerecordHint = func(name string) string { return recordCommand(opts, name) }
		rep, err = verify.Run(ctx, opts)
	}
	if err != nil {
		return nil, ropts, err
	}
	return rep, ropts, output(rep, ropts, outFile, stdout, stderr)
}

// scenariosHere refuses the default scenarios folder when it does not
// exist, as in a team's module that has only cassettes: the usage error
// says how to check those.
func scenariosHere(flags *flag.FlagSet, dir string) error {
	set := false
	flags.Visit(func(f *flag.Flag) { set = set || f.Name == "scenarios" })
	if _, err := os.Stat(dir); set || !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	me := cmdref.Command(".", "verify")
	return cli.Usagef("no %s folder here: name cassette files or folders to check them (%s testdata/cassettes), or give -scenarios DIR -cassettes DIR for a scenario suite", dir, me)
}

// scenarioFlags returns the first flag set on fs that only scenario mode
// reads, "" for none.
func scenarioFlags(fs *flag.FlagSet) string {
	bad := ""
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "scenarios", "cassettes", "run", "list", "coverage":
			if bad == "" {
				bad = f.Name
			}
		}
	})
	return bad
}

// parseArgs parses args with fs as [cli.Parse] does (refusing a Stripe
// key in any argument, without echoing it), except that
// positional arguments (cassette files and folders) may come before,
// between or after the flags; it returns them in order.
func parseArgs(fs *flag.FlagSet, args []string, stderr io.Writer, usage func(io.Writer)) ([]string, error) {
	for _, a := range args {
		if stripekey.Contains(a) {
			return nil, cli.Usagef("an argument holds a Stripe key (%s…); a key on the command line shows in ps and shell history: export STRIPE_SECRET_KEY instead", stripekey.PrefixIn(a))
		}
	}
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var positional []string
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			fs.SetOutput(stderr)
			usage(stderr)
			return nil, err
		case err != nil:
			return nil, cli.Usagef("%v (see -h for the flags)", err)
		case fs.NArg() == 0:
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// hostList is the value of the repeatable -host flag.
type hostList []string

func (h *hostList) String() string { return strings.Join(*h, ",") }

func (h *hostList) Set(s string) error {
	if s == "" || strings.ContainsAny(s, "/: ") {
		return fmt.Errorf("want a host name such as stripe-proxy.internal, got %q", s)
	}
	*h = append(*h, strings.ToLower(s))
	return nil
}

// reportFiles are the report files one run writes: -text, -json and
// -junit, and -o's, in the order given; and stdout, where the main report
// goes without -o, in -format's format (*format once flags are parsed).
type reportFiles struct {
	files  []reportFile
	stdout io.Writer
	format *string
}

// reportFile is one report file: its format and path, and whether it
// is -o's, which [output] writes.
type reportFile struct {
	format report.Format
	path   string
	main   bool
}

// formatFlag is the flag.Value of one of -text, -json, -junit.
type formatFlag struct {
	files  *reportFiles
	format report.Format
}

func (f formatFlag) String() string {
	if f.files != nil {
		for _, rf := range f.files.files {
			if rf.format == f.format && !rf.main {
				return rf.path
			}
		}
	}
	return ""
}

func (f formatFlag) Set(path string) error {
	if path == "" {
		return errors.New("want a file name")
	}
	f.files.files = append(f.files.files, reportFile{format: f.format, path: path})
	return nil
}

func (r *reportFiles) flag(f report.Format) flag.Value { return formatFlag{r, f} }

// addMain adds -o's file.
func (r *reportFiles) addMain(f report.Format, path string) {
	r.files = append(r.files, reportFile{format: f, path: path, main: true})
}

// clash is a usage error when two report flags name the same file, or a
// report would overwrite a cassette named as an argument: one report
// would replace the other, or the input, without a word.
func (r *reportFiles) clash(inputs []string) error {
	name := func(rf reportFile) string {
		if rf.main {
			return "-o"
		}
		return "-" + string(rf.format)
	}
	for i, a := range r.files {
		for _, b := range r.files[i+1:] {
			if sameFile(a.path, b.path) {
				return cli.Usagef("%s and %s both name %s: give each report its own file", name(a), name(b), a.path)
			}
		}
		for _, in := range inputs {
			if sameFile(a.path, in) {
				return cli.Usagef("%s %s is a cassette verify reads: write the report to another file", name(a), a.path)
			}
		}
	}
	return nil
}

// sameFile reports whether paths a and b name the same file: the same
// clean path, or (both existing) the same file through a link.
func sameFile(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	if aa, err := filepath.Abs(a); err == nil {
		if bb, err := filepath.Abs(b); err == nil && aa == bb {
			return true
		}
	}
	fa, erra := os.Stat(a)
	fb, errb := os.Stat(b)
	if erra == nil && errb == nil {
		return os.SameFile(fa, fb)
	}
	// Not both there yet: the same name in the same folder, through links.
	da, erra := filepath.EvalSymlinks(filepath.Dir(a))
	db, errb := filepath.EvalSymlinks(filepath.Dir(b))
	return erra == nil && errb == nil && da == db && filepath.Base(a) == filepath.Base(b)
}

// write writes rep to every file but -o's, which [output] wrote, each
// atomically.
func (r *reportFiles) write(rep *report.Report, opts report.Options) error {
	for _, rf := range r.files {
		if rf.main {
			continue
		}
		o := opts
		o.Format, o.Color = rf.format, false
		if err := writeReport(rf.path, rep, o); err != nil {
			return outputError{string(rf.format), rf.path, err}
		}
	}
	return nil
}

// onError writes, for a run that ended with err before a report, a
// report saying why ([report.ErrorReport]) to every requested file but
// one err says could not be written, and to stdout when -format is json
// or junit (and there is no -o), so that CI, or a step that redirects
// stdout, always finds a document; then it returns err, joined with the
// error of each file that could not be written. Findings, -h and -list
// write nothing.
func (r *reportFiles) onError(err error, contractsDir string) error {
	if err == nil || errors.Is(err, flag.ErrHelp) || errors.Is(err, errFindings) {
		return err
	}
	var toStdout report.Format
	if f, ferr := report.ParseFormat(*r.format); ferr == nil && f != report.FormatText && r.stdout != nil {
		toStdout = f
	}
	if len(r.files) == 0 && toStdout == "" {
		return err
	}
	version := ""
	if set, lerr := loadContracts(contractsDir); lerr == nil {
		version = set.APIVersion()
	}
	rep := report.ErrorReport(version, err)
	if toStdout != "" {
		_ = report.Write(r.stdout, rep, report.Options{Format: toStdout}) // err is what matters
	}
	var failed outputError
	errors.As(err, &failed)
	errs := []error{err}
	for _, rf := range r.files {
		if rf.path == failed.path {
			continue // err says why
		}
		if werr := writeReport(rf.path, rep, report.Options{Format: rf.format}); werr != nil {
			flagName := string(rf.format)
			if rf.main {
				flagName = "o"
			}
			errs = append(errs, outputError{flagName, rf.path, werr})
		}
	}
	return errors.Join(errs...)
}

// loadContracts loads the contracts verify would use, for the API
// version of an error report.
func loadContracts(dir string) (*contracts.Set, error) {
	if dir == "" {
		return contracts.Load()
	}
	return contracts.LoadDir(dir)
}

// output writes rep to stdout, or to the file -o names and then the
// verdict to stderr.
func output(rep *report.Report, opts report.Options, file string, stdout, stderr io.Writer) error {
	if file == "" {
		opts.Color = report.IsTerminal(stdout) && os.Getenv("NO_COLOR") == ""
		if err := report.Write(stdout, rep, opts); err != nil {
			return fmt.Errorf("cannot write the report to stdout: %w", err)
		}
		return nil
	}
	if err := writeReport(file, rep, opts); err != nil {
		return outputError{"o", file, err}
	}
	fmt.Fprintf(stderr, "verify: wrote %s report to %s\n%s\n", opts.Format, file, report.Summary(rep, opts.Strict))
	return nil
}

// writeReport writes rep to path atomically: into a temp file in the same
// folder, synced, then renamed over path, so a reader (or a CI upload)
// never sees half a report and a failed write leaves the old file as it was.
// A path that exists and is not a regular file or folder (/dev/stdout, a
// FIFO, /dev/full), or is a symbolic link, is written in place (through
// the link), never replaced: renaming over a device would destroy it and
// report success, and renaming over a link would replace the link, not
// the file it points to (as root, -o /dev/stdout with stdout sent to a
// file would have replaced /dev/stdout). Every write and close error is
// returned.
func writeReport(path string, rep *report.Report, opts report.Options) error {
	var buf bytes.Buffer
	if err := report.Write(&buf, rep, opts); err != nil {
		return err
	}
	fi, err := os.Lstat(path)
	if err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		return writeInPlace(path, buf.Bytes())
	}
	if err == nil && fi.Mode().IsRegular() && yamlFile(path) {
		// No report is YAML: this is a cassette or a scenario, named by
		// mistake (a flag left out: -json cassettes/paid.yaml).
		return errors.New("it is a YAML file (a cassette or a scenario?), not a report; name another file")
	}
	return atomicfile.Write(path, buf.Bytes(), 0o644)
}

// yamlFile reports whether path is named like a YAML file.
func yamlFile(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}

// writeInPlace writes data to path, an existing file that is not a
// regular one or a link (to a file it then truncates, or creates),
// returning the error of the open, the write or the close.
func writeInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
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

// usage prints the help, naming the command as it is typed from here
// (go tool verify in a module that declares it as a tool: see
// [cmdref.Command]).
func usage(fs *flag.FlagSet) {
	fmt.Fprint(fs.Output(), strings.ReplaceAll(usageText, "go run ./cmd/verify", cmdref.Command(".", "verify")))
	fs.PrintDefaults()
}

const usageText = `Usage: go run ./cmd/verify [flags]
       go run ./cmd/verify [flags] cassette.yaml|folder ...

verify replays every scenario's cassette offline (no network, no waiting),
drives the same steps through the same client, and checks each response
against the contracts in contracts/ and each step's expectations.

Given cassette files or folders instead, verify checks any go-vcr v3 or v4
cassette, whatever recorded it, no scenarios needed: each interaction's
request and response against its operation (every operation of Stripe's
API), secrets left in (Authorization headers, sk_/rk_ keys, client_secret
values, whsec_ secrets) and the API version that answered. Calls to other
hosts are listed and skipped (-host adds a host, e.g. a proxy).

Each exchange is checked against the contracts of the Stripe API version
that answered it (its Stripe-Version header): every version from
2022-11-15 to the newest has contracts; a version without a spec of its
own maps to one of its major (see go doc ./contracts). version_skew is one
error per recording at a version no contract covers, or at another
version than -stripe-version declares. -upgrade-to VERSION adds what
moving the recordings to VERSION changes.

The report goes to stdout, or with -o to a file. -format chooses it:
  text   for people (the default); coloured on a terminal unless NO_COLOR is set
  json   a stable schema for programs (see go doc ./cmd/verify)
  junit  JUnit XML for CI test reports (GitHub, GitLab, Jenkins)

-text, -json and -junit each write one more report to a file, in the same
run: e.g. the text log on stdout plus -junit report.xml -json report.json.
Every report file is written on every exit; when verify cannot run (exit
2) it holds one failing test case saying why, and so does stdout with
-format json or junit.

Exit status: 0 when everything holds (warnings allowed unless -strict),
1 when there are findings, 2 for bad flags, unreadable inputs (unusable
-contracts among them) or a report that could not be written, 130 when
interrupted (the message names the scenarios verified before).

Examples:
  go run ./cmd/verify -run lifecycle -format junit -o report.xml
  go run ./cmd/verify -junit report.xml -json report.json
  go run ./cmd/verify testdata/cassettes
  go run ./cmd/verify -stripe-version 2025-08-27.basil -upgrade-to 2026-08-26.dahlia

Flags:
`

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
