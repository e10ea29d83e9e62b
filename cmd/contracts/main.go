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
	"github.com/checkoutvcr/checkoutvcr/internal/manifest"
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
	specPath := fs.String("spec", "", "OpenAPI `file` to read, generating that one version (default: embedded/openapi/spec3.json of every pinned "+stripemock.Module+" release, the newest into -out, the others into -out/versions)")
	sdkPath := fs.String("sdk-spec", "", "Stripe's SDK spec `file`, whose required lists give the properties responses always carry (default: "+openapi.SDKSpecFile+" beside the spec, if there is one; \"none\" to use the spec's required lists alone)")
	outDir := fs.String("out", "contracts", "`dir`ectory to write the contracts to; files an earlier run wrote there (listed by its manifest.json) that are no longer produced are removed")
	clientDir := fs.String("client", "client", "`dir`ectory of package client, where the generated types (zz_generated_*.go) are written; empty skips them")
	usage := func(w io.Writer) {
		fmt.Fprint(w, `Usage: go run ./cmd/contracts [flags]

contracts regenerates contracts/, the JSON Schemas of the six Checkout
Sessions operations (request parameters, 200 and error responses), and
the client's generated types (client/zz_generated_*.go), and the
schemas of every other operation of the spec in its catalog, from
Stripe's OpenAPI spec; and, without -spec, one folder per older pinned
stripe-mock release under contracts/versions (each fetched with go mod
download), indexed by contracts/versions.json. It is what make contracts
runs; never edit its output by hand.

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

// generateDir generates the contracts of the spec at specPath, with the
// always-present properties of the SDK spec at sdkPath, into outDir, or,
// with no specPath, those of every pinned source
// ([contractgen.Sources]): the newest into outDir, the others into
// outDir/versions/<api_version>, and the index of them all. The client's
// types (from the one spec, or the newest) go to clientDir unless it is
// empty. It prints a summary line for each folder to stdout. Everything
// is generated before anything is written.
func generateDir(ctx context.Context, specPath, sdkPath, outDir, clientDir string, stdout io.Writer) error {
	jobs := []job{{specPath: specPath, sdkPath: sdkPath, dir: outDir, catalog: true}}
	if specPath == "" {
		var err error
		if jobs, err = pinnedJobs(ctx, outDir); err != nil {
			return err
		}
	}
	var types *clientgen.Files
	index := manifest.Index{GeneratedBy: generatedBy}
	for i := range jobs {
		j := &jobs[i]
		s, err := j.generate()
		if err != nil {
			return err
		}
		if i == len(jobs)-1 {
			if types, err = clientgen.Generate(s, clientgen.Options{GeneratedBy: generatedBy}); err != nil {
				return err
			}
		}
		rel, _ := filepath.Rel(outDir, j.dir)
		index.Versions = append(index.Versions, manifest.IndexEntry{
			APIVersion: s.Info.Version, Dir: filepath.ToSlash(rel), Module: j.src.ModuleOrEmpty(), SpecSHA256: s.SHA256,
		})
	}
	for _, j := range jobs {
		size, err := j.c.Write(j.dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %d files (%d bytes) to %s: API version %s, %d operations",
			len(j.c.Files()), size, j.dir, j.c.APIVersion, j.c.Operations)
		if j.catalog {
			fmt.Fprintf(stdout, " and %d more in the catalog", j.c.Cataloged)
		}
		fmt.Fprintf(stdout, ", %d component schemas", j.c.Schemas)
		if j.sdkFile != "" {
			fmt.Fprintf(stdout, ", %d always-present properties from %s", j.c.AlwaysPresent, j.sdkFile)
		}
		if m := j.src.ModuleOrEmpty(); m != "" {
			fmt.Fprintf(stdout, " (%s)", m)
		}
		fmt.Fprintln(stdout)
	}
	if specPath == "" {
		if err := contractgen.WriteIndex(outDir, index); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s to %s: %d versions\n", manifest.IndexFile, outDir, len(index.Versions))
	}
	if clientDir == "" {
		return nil
	}
	size, err := types.Write(clientDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files (%d bytes) to %s: %d client types\n", len(types.Names()), size, clientDir, types.Types)
	return nil
}

// job is one contracts folder to generate.
type job struct {
	specPath, sdkPath string // sdkPath "": the one beside the spec, if any; "none": none
	dir               string
	src               contractgen.Source // the pinned source, zero for a spec given by path
	catalog           bool               // the newest: its catalog, uncompressed; else compressed, the versions' operations
	c                 *contractgen.Contracts
	sdkFile           string
}

// generate reads j's specs and generates its contracts into j.c,
// returning the spec (the caller drops it when done: it is large).
func (j *job) generate() (*openapi.Spec, error) {
	s, err := openapi.ReadFile(j.specPath)
	if err != nil {
		return nil, err
	}
	if j.src.APIVersion != "" && s.Info.Version != j.src.APIVersion {
		return nil, fmt.Errorf("%s: spec is at API version %s, contractgen.Sources says %s", j.src.Module(), s.Info.Version, j.src.APIVersion)
	}
	opts := contractgen.Options{GeneratedBy: generatedBy, Catalog: j.catalog, Module: j.src.ModuleOrEmpty()}
	if !j.catalog {
		opts.Compress, opts.Endpoints = true, contractgen.VersionEndpoints(s)
	}
	sdkPath := j.sdkPath
	if sdkPath == "" {
		if beside := filepath.Join(filepath.Dir(j.specPath), openapi.SDKSpecFile); isFile(beside) {
			sdkPath = beside
		}
	}
	if sdkPath != "" && sdkPath != "none" {
		if opts.AlwaysPresent, err = openapi.ReadFile(sdkPath); err != nil {
			return nil, err
		}
		j.sdkFile = opts.AlwaysPresent.File
	}
	if j.c, err = contractgen.Generate(s, opts); err != nil {
		return nil, fmt.Errorf("%s: %w", s.Info.Version, err)
	}
	return s, nil
}

// pinnedJobs are the folders of every pinned source, oldest first, each
// fetched with the go command. The newest must be the stripe-mock go.mod
// pins; it goes to outDir, the others to outDir/versions/<api_version>.
func pinnedJobs(ctx context.Context, outDir string) ([]job, error) {
	pinned, err := openapi.PinnedSpecPath(ctx)
	if err != nil {
		return nil, err
	}
	var jobs []job
	for i, src := range contractgen.Sources {
		dir, err := stripemock.Download(ctx, "", src.Module())
		if err != nil {
			return nil, err
		}
		j := job{
			specPath: filepath.Join(dir, "embedded", "openapi", openapi.SpecFile),
			sdkPath:  filepath.Join(dir, "embedded", "openapi", openapi.SDKSpecFile),
			dir:      filepath.Join(outDir, manifest.VersionsDir, src.APIVersion),
			src:      src,
		}
		if i == len(contractgen.Sources)-1 {
			if j.specPath != pinned {
				return nil, fmt.Errorf("the newest pinned source %s is not the stripe-mock go.mod requires (%s): update contractgen.Sources with go.mod", src.Module(), pinned)
			}
			j.dir, j.catalog = outDir, true
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
