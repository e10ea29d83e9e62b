package contracts

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// Fields describes what an operation's contract allows, for coverage
// reports.
type Fields struct {
	// Params are the request's top-level parameters.
	Params []string
	// Object is the Stripe object the 200 response is (for a list, the
	// object its data holds), e.g. "checkout.session" or "item".
	Object string
	// Response are the top-level fields of that object.
	Response []string
}

// Fields returns the parameters and response fields op's contract lists,
// sorted. It reads the contract files; call it once per operation.
func (s *Set) Fields(op string) (Fields, error) {
	if _, ok := s.manifest.Operations[op]; !ok {
		return Fields{}, s.unknown(op)
	}
	var f Fields
	req, err := s.def(s.manifest.Requests, op)
	if err != nil {
		return f, err
	}
	f.Params = keys(req.Properties)
	opDoc, err := s.def(s.manifest.Operations[op].File, "response_200")
	if err != nil {
		return f, err
	}
	if items, ok := opDoc.Properties["data"]; ok && items.Items != nil {
		opDoc = *items.Items // a list: cover the objects it holds
	}
	f.Object = strings.TrimPrefix(opDoc.Ref, "components/")
	obj, err := s.def(s.manifest.Components, f.Object)
	if err != nil {
		return f, err
	}
	f.Response = keys(obj.Properties)
	return f, nil
}

// fieldsSchema is the part of a schema [Set.Fields] reads.
type fieldsSchema struct {
	Ref        string                  `json:"$ref"`
	Properties map[string]fieldsSchema `json:"properties"`
	Items      *fieldsSchema           `json:"items"`
}

// def decodes $defs[name] of a contract file.
func (s *Set) def(file, name string) (fieldsSchema, error) {
	var out fieldsSchema
	data, err := fs.ReadFile(s.fsys, file)
	if err != nil {
		return out, fmt.Errorf("contracts: %w", err)
	}
	defs, err := splitDefs(data)
	if err != nil {
		return out, fmt.Errorf("contracts: %s: %w", file, err)
	}
	raw, ok := defs[name]
	if !ok {
		return out, fmt.Errorf("contracts: %s has no $defs/%s", file, name)
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return out, fmt.Errorf("contracts: %s#/$defs/%s: %w", file, name, err)
	}
	return out, nil
}

func keys(m map[string]fieldsSchema) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
