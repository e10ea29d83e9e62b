// Command contracts regenerates the JSON Schema contracts in contracts/
// and the client's generated types (client/zz_generated_*.go) from
// Stripe's OpenAPI spec.
//
// Usage:
//
//	go run ./cmd/contracts [-spec FILE] [-sdk-spec FILE|none] [-out DIR] [-client DIR]
//
// The flags are:
//
//	-spec FILE
//		The OpenAPI 3.0 spec to read. By default, the spec3.json embedded
//		in the github.com/stripe/stripe-mock module that go.mod pins,
//		located (and downloaded if need be) with
//		"go mod download -json github.com/stripe/stripe-mock", run inside
//		the module.
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
// reach. The output is deterministic: the same spec gives the same bytes.
// On success it prints one line per output:
//
//	wrote 9 files (1301823 bytes) to contracts: API version 2026-08-26.dahlia, 6 operations, 1011 component schemas, 1930 always-present properties from spec3.beta.sdk.json
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
// After bumping stripe-mock in go.mod:
//
//	go get -tool github.com/stripe/stripe-mock@v0.204.0
//	go run ./cmd/contracts
//	git diff --stat contracts/ client/   # review what the new spec changes
//	go build ./... && go test ./contracts/... ./client/... ./cmd/contracts/...
package main
