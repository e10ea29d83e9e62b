// Package contractgen generates contracts: JSON Schema (draft 2020-12)
// documents for API operations, converted from Stripe's OpenAPI spec. It
// is the library behind cmd/contracts, which regenerates contracts/; the
// layout of the output and the conversion rules are documented in package
// contracts, and the manifest.json it writes is a manifest.Manifest
// (package internal/manifest), the type package contracts reads.
//
// [Generate] converts the operations of an [openapi.Spec] (by default
// [openapi.CheckoutSessions]) and every component schema they reach, in
// memory; [Contracts.Write] stores the result in a folder, each file
// atomically, and removes the files a previous generation there wrote and
// this one no longer produces (see [Options].GeneratedBy). The output is
// deterministic: the same spec and options give the same bytes. The
// generator refuses what it does not understand (a schema keyword it does
// not know, a $ref outside the components, an operation the spec lacks)
// rather than dropping it.
//
// Given Stripe's SDK spec from the same release ([Options].AlwaysPresent,
// spec3.beta.sdk.json), each response schema also requires the properties
// that spec marks always present, null or not, among those the spec has;
// manifest.json's sources name the file of each rule.
//
// # Example
//
//	s, err := openapi.ReadFile("spec3.json")
//	if err != nil {
//		return err
//	}
//	sdk, err := openapi.ReadFile("spec3.beta.sdk.json")
//	if err != nil {
//		return err
//	}
//	c, err := contractgen.Generate(s, contractgen.Options{GeneratedBy: "go run ./cmd/contracts", AlwaysPresent: sdk})
//	if err != nil {
//		return err
//	}
//	size, err := c.Write("contracts")
//	if err != nil {
//		return err
//	}
//	fmt.Printf("wrote %d files (%d bytes): API version %s, %d operations, %d component schemas\n",
//		len(c.Files()), size, c.APIVersion, c.Operations, c.Schemas)
package contractgen
