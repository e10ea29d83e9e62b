// Command contracts regenerates the JSON Schema contracts in contracts/
// and the client's generated types (client/zz_generated_*.go) from
// Stripe's OpenAPI specs: one contracts set per pinned stripe-mock
// release (internal/gen/contractgen.Sources), each fetched with
// "go mod download -json github.com/stripe/stripe-mock@vX.Y.Z" (the
// module cache, else the module proxy: go.mod requires only the newest,
// the tool).
//
// Usage:
//
//	go run ./cmd/contracts [-spec FILE] [-sdk-spec FILE|none] [-out DIR] [-client DIR]
//
// The flags are:
//
//	-spec FILE
//		The OpenAPI 3.0 spec to read, generating that one version's
//		contracts into -out (with its catalog) and nothing else. By
//		default, every pinned source: the newest (the stripe-mock go.mod
//		pins, which must be the last of contractgen.Sources) into -out
//		with the catalog, each older one into -out/versions/<api_version>
//		(its Checkout Sessions and events operations, gzipped), and
//		-out/versions.json, the index of them all with each one's module
//		version and spec SHA-256. A spec whose info.version is not the one
//		contractgen.Sources names is an error.
//	-sdk-spec FILE
//		Stripe's SDK spec from the same release as -spec, whose required
//		lists name the properties responses always carry, null or not;
//		each response schema requires them too (only those -spec has).
//		By default, spec3.beta.sdk.json beside the spec (always there in
//		the pinned module; without -spec it must exist, with -spec it is
//		used if present). "none" uses the spec's required lists alone.
//		manifest.json's sources name both files.
//	-out DIR
//		The folder to write to; default "contracts". It is created if
//		needed. Every file is written atomically (a temporary file in the
//		same folder, synced, then renamed over the old one). Files that an
//		earlier run wrote to DIR, as the manifest.json already there lists
//		them, and that the generator no longer produces (the file of a
//		dropped operation) are removed. Nothing else in DIR is touched:
//		other *.json files, the Go code of package contracts, and
//		everything when DIR's manifest.json was not written by this
//		command. Only manifest.json, components.json, requests.json and
//		<op>.json are (over)written.
//	-client DIR
//		The folder of package client; default "client". The generator of
//		package internal/gen/clientgen writes zz_generated_params.go and
//		zz_generated_objects.go there (each marked "Code generated …
//		DO NOT EDIT."). Empty skips them. Both outputs are generated
//		before either is written.
//
// It converts the six Checkout Sessions operations (create, retrieve,
// list, list_line_items, update, expire) and every component schema they
// reach, at the newest version every other operation too (the catalog).
// The output is deterministic: the same specs give the same documents.
// On success it prints one line per output:
//
//	wrote 11 files (76170 bytes) to contracts/versions/2025-05-28.basil: API version 2025-05-28.basil, 8 operations, 808 component schemas, 1535 always-present properties from spec3.beta.sdk.json (github.com/stripe/stripe-mock@v0.195.0)
//	…
//	wrote 11 files (1881971 bytes) to contracts: API version 2026-08-26.dahlia, 6 operations and 586 more in the catalog, 1454 component schemas, 2458 always-present properties from spec3.beta.sdk.json (github.com/stripe/stripe-mock@v0.203.0)
//	wrote versions.json to contracts: 10 versions
//	wrote 2 files (1028097 bytes) to client: 884 client types
//
// The exit status is 0 on success, 2 for bad usage and 1 for any other
// failure (an unreadable spec, or one the generator does not understand:
// it refuses unknown schema keywords rather than dropping them).
//
// The layout of the output and the conversion rules are documented in
// package contracts. The command only parses its flags: the generator is
// package internal/gen/contractgen, the spec model and the table of
// operations it converts are package internal/openapi.
//
// # Example
//
// After bumping stripe-mock in go.mod (and adding the release, with its
// spec's API version, to the end of contractgen.Sources; the previous
// newest then becomes a folder under contracts/versions):
//
//	go get -tool github.com/stripe/stripe-mock@v0.204.0
//	go run ./cmd/contracts
//	git diff --stat contracts/ client/   # review what the new spec changes
//	go build ./... && go test ./contracts/... ./client/... ./cmd/contracts/...
package main
