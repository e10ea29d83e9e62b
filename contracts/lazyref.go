package contracts

import (
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// lazyRefKeyword is the custom keyword cmd/contracts writes in place of the
// object branches of an expandable field:
//
//	{"type": "object", "x-lazy-ref": ["customer", "deleted_customer"]}
//
// It names component schemas, and a value is valid when it is valid against
// one of them. Unlike a $ref, the named schemas are compiled when a value
// first needs them, not when the contract is loaded: the closure behind all
// expandable fields is about 1000 schemas, of which a response typically
// expands one or two.
const lazyRefKeyword = "x-lazy-ref"

// lazyRefVocabURL identifies the vocabulary of [lazyRefKeyword].
const lazyRefVocabURL = baseURL + "vocab/lazy-ref"

// lazyRefVocabulary returns the vocabulary that implements [lazyRefKeyword]
// against the components of s.
func lazyRefVocabulary(s *Set) *jsonschema.Vocabulary {
	return &jsonschema.Vocabulary{
		URL: lazyRefVocabURL,
		Compile: func(_ *jsonschema.CompilerContext, obj map[string]any) (jsonschema.SchemaExt, error) {
			v, ok := obj[lazyRefKeyword]
			if !ok {
				return nil, nil
			}
			return compileLazyRef(s, v)
		},
	}
}

// compileLazyRef checks the keyword's value: a non-empty list of names.
func compileLazyRef(s *Set, v any) (jsonschema.SchemaExt, error) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, fmt.Errorf("%s: want a non-empty array of names, got %v", lazyRefKeyword, v)
	}
	names := make([]string, len(list))
	for i, n := range list {
		if names[i], ok = n.(string); !ok {
			return nil, fmt.Errorf("%s: want names, got %v", lazyRefKeyword, n)
		}
	}
	return &lazyRefExt{set: s, names: names}, nil
}

// lazyRefExt is the compiled [lazyRefKeyword].
type lazyRefExt struct {
	set   *Set
	names []string
}

// Validate validates an object against the named components. With several
// candidates (customer or deleted_customer) it reports the errors of the
// one the object looks like, the one with the fewest errors among those,
// so that findings point at real fields.
func (e *lazyRefExt) Validate(ctx *jsonschema.ValidatorContext, v any) {
	obj, ok := v.(map[string]any)
	if !ok {
		return // the branch's "type": "object" reports it
	}
	first, rest := e.split(obj)
	var best error
	bestScore := -1
	for i, name := range append(first, rest...) {
		sch, err := e.set.component(name)
		if err != nil {
			ctx.AddError(e.set.brokenRef(name)) // Set.validate returns err
			return
		}
		err = ctx.Validate(sch, v, nil)
		if err == nil {
			return
		}
		considered := i < len(first) || len(first) == 0
		if n := countLeaves(err); considered && (bestScore < 0 || n < bestScore) {
			best, bestScore = err, n
		}
	}
	ctx.AddErr(best)
}

// split separates the candidates the object looks like from the others:
// deleted_* ones for an object with a "deleted" field (Stripe's marker of
// deleted objects), the rest otherwise. Errors are reported against the
// first group.
func (e *lazyRefExt) split(obj map[string]any) (first, rest []string) {
	_, deleted := obj["deleted"]
	for _, n := range e.names {
		if strings.HasPrefix(n, "deleted_") == deleted {
			first = append(first, n)
		} else {
			rest = append(rest, n)
		}
	}
	return first, rest
}

// countLeaves returns how many leaf errors err holds, a measure of how far
// a value is from a schema.
func countLeaves(err error) int {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok || len(ve.Causes) == 0 {
		return 1
	}
	n := 0
	for _, c := range ve.Causes {
		n += countLeaves(c)
	}
	return n
}
