package contracts

import (
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// baseURL is where the contract files live as far as the compiler is
// concerned; nothing is ever fetched from it.
const baseURL = "https://contracts.checkoutvcr.invalid/"

// Names of the definitions in an operation's file.
const (
	defRequest  = "request"
	defOK       = "response_200"
	defFallback = "response_default"
)

// ErrUnknownOperation is returned for an operation name the [Set] does not
// have.
var ErrUnknownOperation = errors.New("contracts: unknown operation")

// newCompiler returns a compiler that loads from s's files only and knows
// the x-lazy-ref keyword.
func (s *Set) newCompiler() *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseLoader(newLoader(s.fsys, &s.manifest, s.bundleFile))
	c.AssertVocabs()
	c.RegisterVocabulary(lazyRefVocabulary(s))
	return c
}

// opSchema returns the compiled definition def of op's file, compiling it
// on first use.
func (s *Set) opSchema(op, def string) (*jsonschema.Schema, error) {
	if m := s.opSchemas.Load(); m != nil {
		if sch, ok := (*m)[opDef{op, def}]; ok {
			return sch, nil
		}
	}
	entry, ok := s.entry(op)
	if !ok {
		return nil, s.unknown(op)
	}
	sch, err := s.compile(baseURL + entry.File + "#/$defs/" + def)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	next := map[opDef]*jsonschema.Schema{}
	if m := s.opSchemas.Load(); m != nil {
		maps.Copy(next, *m)
	}
	next[opDef{op, def}] = sch
	s.opSchemas.Store(&next)
	return sch, nil
}

// opDef names a definition of an operation's file, for [Set.opSchema]'s
// cache.
type opDef struct{ op, def string }

// unknown returns the error for an operation the set does not have.
func (s *Set) unknown(op string) error {
	return fmt.Errorf("%w %q (have %s)", ErrUnknownOperation, op, strings.Join(s.Operations(), ", "))
}

// component returns the compiled component schema called name, compiling
// it on first use.
func (s *Set) component(name string) (*jsonschema.Schema, error) {
	return s.compile(s.componentURL(name))
}

// compile returns the schema at url, compiling it on first use. Checks run
// in parallel share the cache; only a miss takes the write lock. A failure
// is cached too, for url alone: every later use of that schema returns
// the same error, while schemas that do not reach it still compile.
func (s *Set) compile(url string) (*jsonschema.Schema, error) {
	s.mu.RLock()
	sch, ok := s.compiled[url]
	err := s.failed[url]
	s.mu.RUnlock()
	if ok || err != nil {
		return sch, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if sch, ok := s.compiled[url]; ok {
		return sch, nil
	}
	if err := s.failed[url]; err != nil {
		return nil, err
	}
	sch, err = s.compiler.Compile(url)
	if err != nil {
		err = fmt.Errorf("contracts: compile %s: %w", strings.TrimPrefix(url, baseURL), err)
		s.failed[url] = err
		return nil, err
	}
	s.compiled[url] = sch
	return sch, nil
}

// componentURL is the location of the component schema called name.
func (s *Set) componentURL(name string) string {
	return baseURL + componentsDir + name
}

// Compile compiles the response schemas of every operation now rather than
// on first use, and with requests true the request schemas too. It is
// optional: it moves the cost of compiling to start-up and reports a
// broken contract early. Schemas behind x-lazy-ref are still compiled
// when a response first contains such an object.
func (s *Set) Compile(requests bool) error {
	defs := []string{defOK, defFallback}
	if requests {
		defs = append(defs, defRequest)
	}
	for _, op := range s.Operations() {
		for _, def := range defs {
			if _, err := s.opSchema(op, def); err != nil {
				return err
			}
		}
	}
	return nil
}

// brokenRef returns the kind of error with which x-lazy-ref reports, in
// the error tree of the one validation that met it, that the component
// called name did not compile: a Reference under the x-lazy-ref keyword,
// which the library never makes itself. [Set.brokenIn] finds it.
func (s *Set) brokenRef(name string) *kind.Reference {
	return &kind.Reference{Keyword: lazyRefKeyword, URL: s.componentURL(name)}
}

// brokenIn returns the compile error of the first schema that e reports
// with [Set.brokenRef], or nil.
func (s *Set) brokenIn(e *jsonschema.ValidationError) error {
	if r, ok := e.ErrorKind.(*kind.Reference); ok && r.Keyword == lazyRefKeyword {
		s.mu.RLock()
		err := s.failed[r.URL]
		s.mu.RUnlock()
		if err != nil {
			return err
		}
	}
	for _, c := range e.Causes {
		if err := s.brokenIn(c); err != nil {
			return err
		}
	}
	return nil
}
