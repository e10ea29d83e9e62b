// Package manifest declares manifest.json, the index of a contracts
// folder: package contracts reads it when it loads a folder, and the
// contracts generator (internal/gen/contractgen) writes it. It is a leaf,
// so that the generator does not depend on package contracts (which
// embeds the files the generator writes).
//
// The layout of a contracts folder is documented in package contracts.
package manifest

// File is the name of the manifest in a contracts folder.
const File = "manifest.json"

// Manifest is the decoded manifest.json.
//
// Its fields are in the order of their JSON names, so that encoding it
// gives the same bytes as encoding the equivalent map (sorted keys).
type Manifest struct {
	// APIVersion is the Stripe API version of the spec the contracts were
	// generated from, e.g. "2026-08-26.dahlia".
	APIVersion string `json:"api_version"`
	// Catalog is the file name of the [Catalog] of every other operation
	// of the spec; "" in folders generated without one.
	Catalog string `json:"catalog,omitempty"`
	// Components is the file name of the component schema bundle.
	Components string `json:"components"`
	// GeneratedBy names what generated the folder. The generator removes
	// files a previous run wrote only when the manifest there carries its
	// own GeneratedBy.
	GeneratedBy string `json:"generated_by"`
	// Module is the Go module, at its version, whose embedded spec the
	// contracts were generated from, e.g.
	// "github.com/stripe/stripe-mock@v0.195.0"; "" when generated from a
	// spec file given by path.
	Module string `json:"module,omitempty"`
	// Operations are the folder's operations, by name (e.g. "create").
	Operations map[string]Operation `json:"operations"`
	// Requests is the file name of the request schema bundle.
	Requests string `json:"requests"`
	// Sources are the spec files the contracts were generated from, and
	// which rules each gave: the main spec (spec3.json) everything but
	// the always-present required properties, which come from Stripe's
	// SDK spec (spec3.beta.sdk.json) when it was used. Absent in folders
	// generated before sources were recorded.
	Sources []Source `json:"sources,omitempty"`
	// SpecSHA256 is the hex SHA-256 of the spec the contracts were
	// generated from.
	SpecSHA256 string `json:"spec_sha256"`
}

// Operation is one operation's entry in a [Manifest].
type Operation struct {
	// File is the name of the operation's file, e.g. "create.json".
	File string `json:"file"`
	// Method is the HTTP method, "GET" or "POST".
	Method string `json:"method"`
	// OperationID is the operationId in the spec.
	OperationID string `json:"operation_id"`
	// Path is the URL path template, e.g. "/v1/checkout/sessions/{session}".
	Path string `json:"path"`
}

// Source is one spec file a contracts folder was generated from, in a
// [Manifest]'s Sources.
type Source struct {
	// APIVersion is the file's info.version.
	APIVersion string `json:"api_version"`
	// File is the file's name, e.g. "spec3.beta.sdk.json".
	File string `json:"file"`
	// Rules says which of the contracts' rules come from this file.
	Rules string `json:"rules"`
	// SHA256 is the hex SHA-256 of the file.
	SHA256 string `json:"sha256"`
}

// Catalog is the decoded catalog file a [Manifest] names: every operation
// of the spec besides the manifest's own, each checkable like them but
// read only when a caller first asks for one that the manifest lacks.
type Catalog struct {
	// Bundle is the file name of the catalog's schema bundle: one
	// resource "operations/<name>" per operation, whose $defs are the
	// operation's request, response_200 and response_default.
	Bundle string `json:"bundle"`
	// Operations are the catalog's operations, by name (the spec's
	// operationId, e.g. "PostCustomers"); each File is the operation's
	// resource in Bundle, e.g. "operations/PostCustomers".
	Operations map[string]Operation `json:"operations"`
}

// IndexFile is the name of the index of every version's contracts in a
// contracts folder: the folder's own (the newest) and those under
// [VersionsDir].
const IndexFile = "versions.json"

// VersionsDir is the subfolder of a contracts folder that holds one
// folder of contracts per older API version, named after the version
// ("versions/2025-05-28.basil").
const VersionsDir = "versions"

// Index is the decoded [IndexFile].
type Index struct {
	// GeneratedBy is what generated the index (see [Manifest].GeneratedBy).
	GeneratedBy string `json:"generated_by"`
	// Versions are the versions that have contracts, oldest first.
	Versions []IndexEntry `json:"versions"`
}

// IndexEntry is one version's contracts in an [Index].
type IndexEntry struct {
	// APIVersion is the spec's info.version, e.g. "2025-05-28.basil".
	APIVersion string `json:"api_version"`
	// Dir is the folder of its contracts, relative to the index: "." for
	// the newest, "versions/<api_version>" for the others.
	Dir string `json:"dir"`
	// Module is the source module at its version, e.g.
	// "github.com/stripe/stripe-mock@v0.195.0".
	Module string `json:"module"`
	// SpecSHA256 is the hex SHA-256 of the spec3.json used.
	SpecSHA256 string `json:"spec_sha256"`
}
