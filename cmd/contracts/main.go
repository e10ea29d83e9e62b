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
	"github.com/checkoutvcr/checkoutvcr/internal/gen/clientgen"
	"github.com/checkoutvcr/checkoutvcr/internal/gen/contractgen"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
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
	sdkPath := fs.String("sdk-spec", "", "Stripe's SDK spec `file`, whose required lists give the properties responses always carry (default: "+openapi.SDKSpecFile+" beside the spec, if there is one; \"none\" to use the spec's required lists alone)")
	outDir := fs.String("out", "contracts", "`dir`ectory to write the contracts to; files an earlier run wrote there (listed by its manifest.json) that are no longer produced are removed")
	clientDir := fs.String("client", "client", "`dir`ectory of package client, where the generated types (zz_generated_*.go) are written; empty skips them")
	usage := func(w io.Writer) {
		fmt.Fprint(w, `Usage: go run ./cmd/contracts [flags]

contracts regenerates contracts/, the JSON Schemas of the six Checkout
Sessions operations (request parameters, 200 and error responses), and
the client's generated types (client/zz_generated_*.go), and the
schemas of every other operation of the spec in its catalog, from
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
	return generateDir(ctx, *specPath, *sdkPath, *outDir, *clientDir, stdout)
}

// generatedBy is the manifest's generated_by: how to regenerate the
// folder. The generator removes stale files only from folders it marks.
const generatedBy = "go run ./cmd/contracts"

// generateDir generates the contracts of the spec at specPath (or the
// pinned one), with the always-present properties of the SDK spec at
// sdkPath, into outDir, and the client's types into clientDir (unless it
// is empty), and prints a summary line for each to stdout. Both are
// generated before anything is written.
func generateDir(ctx context.Context, specPath, sdkPath, outDir, clientDir string, stdout io.Writer) error {
	if specPath == "" {
		var err error
		if specPath, err = openapi.PinnedSpecPath(ctx); err != nil {
			return err
		}
		if sdkPath == "" {
			sdkPath = filepath.Join(filepath.Dir(specPath), openapi.SDKSpecFile) // always there
		}
	}
	s, err := openapi.ReadFile(specPath)
	if err != nil {
		return err
	}
	opts := contractgen.Options{GeneratedBy: generatedBy, Catalog: true}
	if sdkPath == "" {
		if beside := filepath.Join(filepath.Dir(specPath), openapi.SDKSpecFile); isFile(beside) {
			sdkPath = beside
		}
	}
	if sdkPath != "" && sdkPath != "none" {
		if opts.AlwaysPresent, err = openapi.ReadFile(sdkPath); err != nil {
			return err
		}
	}
	c, err := contractgen.Generate(s, opts)
	if err != nil {
		return err
	}
	types, err := clientgen.Generate(s, clientgen.Options{GeneratedBy: generatedBy})
	if err != nil {
		return err
	}
	size, err := c.Write(outDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files (%d bytes) to %s: API version %s, %d operations and %d more in the catalog, %d component schemas",
		len(c.Files()), size, outDir, c.APIVersion, c.Operations, c.Cataloged, c.Schemas)
	if opts.AlwaysPresent != nil {
		fmt.Fprintf(stdout, ", %d always-present properties from %s", c.AlwaysPresent, opts.AlwaysPresent.File)
	}
	fmt.Fprintln(stdout)
	if clientDir == "" {
		return nil
	}
	size, err = types.Write(clientDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files (%d bytes) to %s: %d client types\n", len(types.Names()), size, clientDir, types.Types)
	return nil
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
