package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/checkoutvcr/checkoutvcr/internal/cli"
	"github.com/checkoutvcr/checkoutvcr/internal/stripemock"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	var usage cli.UsageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, &usage):
		fmt.Fprintln(os.Stderr, "contracts:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "contracts:", err)
		os.Exit(1)
	}
}

// run is the whole command: parse args, read the spec, write the contracts
// and print one summary line to stdout.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("contracts", flag.ContinueOnError)
	specPath := fs.String("spec", "", "OpenAPI `file` to read (default: embedded/openapi/spec3.json of the pinned "+stripemock.Module+" module)")
	outDir := fs.String("out", "contracts", "`dir`ectory to write the contracts to; files an earlier run wrote there (listed by its manifest.json) that are no longer produced are removed")
	usage := func(w io.Writer) {
		fmt.Fprint(w, `Usage: go run ./cmd/contracts [flags]

contracts regenerates contracts/, the JSON Schemas of the six Checkout
Sessions operations (request parameters, 200 and error responses), from
Stripe's OpenAPI spec. It is what make contracts runs; never edit its
output by hand.

Exit status: 0 when the contracts were written, 1 when the spec could not
be read or converted, 2 for bad flags.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := cli.Parse(fs, args, stderr, usage); err != nil {
		return err
	}
	return generateDir(ctx, *specPath, *outDir, stdout)
}

// generateDir generates the contracts of the spec at specPath (or the
// pinned one) into outDir.
func generateDir(ctx context.Context, specPath, outDir string, stdout io.Writer) error {
	if specPath == "" {
		var err error
		if specPath, err = pinnedSpec(ctx); err != nil {
			return err
		}
	}
	data, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	s, err := parseSpec(data)
	if err != nil {
		return err
	}
	g, err := generate(s)
	if err != nil {
		return err
	}
	size, err := write(outDir, g)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files (%d bytes) to %s: API version %s, %d operations, %d component schemas\n",
		len(g.files), size, outDir, s.Info.Version, len(operations), g.schemas)
	return nil
}

// pinnedSpec locates spec3.json inside the stripe-mock module that go.mod
// pins, downloading the module if this machine has not got it yet.
func pinnedSpec(ctx context.Context) (string, error) {
	dir, err := stripemock.ModuleDir(ctx, "")
	if err != nil {
		return "", fmt.Errorf("locate the spec: %w", err)
	}
	return filepath.Join(dir, "embedded", "openapi", "spec3.json"), nil
}
