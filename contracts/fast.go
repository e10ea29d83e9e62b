package contracts

import (
	"encoding/json"
	"math"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The fast path.
//
// jsonschema/v6 builds an error tree as it goes, tracks evaluated
// properties for unevaluatedProperties, and tests every integer with
// math/big; on a 4 KB session that is about 65 µs, most of a check. Yet
// almost every response a CI run checks is valid, and for a valid value
// the only answer needed is "valid".
//
// So a check first asks a plan compiled from the very same
// *jsonschema.Schema values (no second reading of the contract files)
// whether the value is certainly valid. The plan understands only the
// keywords the generated contracts use: type, enum of strings, booleans
// and null, properties, required, additionalProperties, items, anyOf,
// $ref, maxLength, pattern, and x-lazy-ref. It is sound, not complete: it
// answers valid only when jsonschema/v6 would, and any doubt (a keyword
// it does not know, a number written 1.0 or 1e3, a failed rule) sends the
// value to jsonschema/v6, which then decides and explains. Violations
// therefore always come from the library; TestFastPathAgreesWithLibrary
// checks the two verdicts against each other on mutated responses.

// maxFastDepth bounds the recursion of the fast path; deeper values, and
// $ref cycles that do not consume the value, go to the library.
const maxFastDepth = 128

// plan is the fast-path form of one compiled schema.
type plan struct {
	unsupported bool // a keyword the fast path does not know: ask the library
	alwaysFalse bool // the schema false

	typeMask  uint8 // type as tXxx bits; 0: any
	enum      *enumSet
	ref       *plan
	anyOf     []*plan
	required  []string
	props     map[string]*plan
	noExtra   bool  // additionalProperties: false
	extra     *plan // additionalProperties: schema
	items     *plan
	maxLength int // -1: none
	pattern   jsonschema.Regexp
	lazy      *lazyPlan
}

// Bits of plan.typeMask.
const (
	tNull uint8 = 1 << iota
	tBoolean
	tNumber
	tInteger
	tString
	tArray
	tObject
)

var typeBits = map[string]uint8{
	"null": tNull, "boolean": tBoolean, "number": tNumber, "integer": tInteger,
	"string": tString, "array": tArray, "object": tObject,
}

// enumSet is an enum of strings, booleans and null.
type enumSet struct {
	strings     map[string]bool
	null        bool
	true, false bool
}

// lazyPlan is the fast-path form of x-lazy-ref: the candidates' plans,
// resolved when a value first needs them.
type lazyPlan struct {
	ext      *lazyRefExt
	resolved atomic.Pointer[[]*plan]
	failed   atomic.Bool // a candidate did not compile; the library reports it
}

// planner builds and caches plans for a [Set].
type planner struct {
	top   sync.Map // *jsonschema.Schema → *plan, read without locking
	mu    sync.Mutex
	plans map[*jsonschema.Schema]*plan
}

// planFor returns the plan of sch, building it (and the plans it reaches,
// except behind x-lazy-ref) on first use.
func (s *Set) planFor(sch *jsonschema.Schema) *plan {
	if p, ok := s.fast.top.Load(sch); ok {
		return p.(*plan)
	}
	p := s.buildPlan(sch)
	s.fast.top.Store(sch, p)
	return p
}

func (s *Set) buildPlan(sch *jsonschema.Schema) *plan {
	s.fast.mu.Lock()
	defer s.fast.mu.Unlock()
	if s.fast.plans == nil {
		s.fast.plans = map[*jsonschema.Schema]*plan{}
	}
	return s.fast.build(sch)
}

// build must be called with mu held.
func (pl *planner) build(sch *jsonschema.Schema) *plan {
	if sch == nil {
		return nil
	}
	if p, ok := pl.plans[sch]; ok {
		return p
	}
	p := &plan{maxLength: -1}
	pl.plans[sch] = p // before recursing: schemas are cyclic
	if !supported(sch) {
		p.unsupported = true
		return p
	}
	if sch.Bool != nil {
		p.alwaysFalse = !*sch.Bool
		return p
	}
	if sch.Types != nil {
		for _, t := range sch.Types.ToStrings() {
			p.typeMask |= typeBits[t]
		}
	}
	if sch.Enum != nil {
		if p.enum = newEnumSet(sch.Enum.Values); p.enum == nil {
			p.unsupported = true
			return p
		}
	}
	p.ref = pl.build(sch.Ref)
	for _, b := range sch.AnyOf {
		p.anyOf = append(p.anyOf, pl.build(b))
	}
	p.required = sch.Required
	if len(sch.Properties) > 0 {
		p.props = make(map[string]*plan, len(sch.Properties))
		for name, ps := range sch.Properties {
			p.props[name] = pl.build(ps)
		}
	}
	switch a := sch.AdditionalProperties.(type) {
	case bool:
		p.noExtra = !a
	case *jsonschema.Schema:
		p.extra = pl.build(a)
	}
	p.items = pl.build(sch.Items2020)
	if sch.MaxLength != nil {
		p.maxLength = *sch.MaxLength
	}
	p.pattern = sch.Pattern
	for _, ext := range sch.Extensions {
		lz, ok := ext.(*lazyRefExt)
		if !ok || p.lazy != nil {
			p.unsupported = true
			return p
		}
		p.lazy = &lazyPlan{ext: lz}
	}
	return p
}

// supported reports whether sch uses only keywords the fast path knows.
// TestFastPathKnowsEverySchemaField checks, by reflection, that every
// field of jsonschema.Schema is either planned, rejected here, or inert,
// so that a keyword added by a jsonschema/v6 upgrade cannot slip past.
func supported(s *jsonschema.Schema) bool {
	return s.DraftVersion >= 2019 &&
		s.RecursiveRef == nil && s.DynamicRef == nil && s.Const == nil && s.Not == nil &&
		s.AllOf == nil && s.OneOf == nil && s.If == nil && s.Then == nil && s.Else == nil &&
		s.Format == nil && s.MaxProperties == nil && s.MinProperties == nil &&
		s.PropertyNames == nil && s.PatternProperties == nil && s.Dependencies == nil &&
		s.DependentRequired == nil && s.DependentSchemas == nil && s.UnevaluatedProperties == nil &&
		s.MinItems == nil && s.MaxItems == nil && !s.UniqueItems && s.Contains == nil &&
		s.MinContains == nil && s.MaxContains == nil && s.Items == nil && s.AdditionalItems == nil &&
		s.PrefixItems == nil && s.UnevaluatedItems == nil && s.MinLength == nil &&
		s.ContentEncoding == nil && s.ContentMediaType == nil && s.ContentSchema == nil &&
		s.Maximum == nil && s.Minimum == nil && s.ExclusiveMaximum == nil &&
		s.ExclusiveMinimum == nil && s.MultipleOf == nil
}

// newEnumSet returns the enum as a set, or nil if it holds values other
// than strings, booleans and null.
func newEnumSet(values []any) *enumSet {
	e := &enumSet{strings: map[string]bool{}}
	for _, v := range values {
		switch v := v.(type) {
		case string:
			e.strings[v] = true
		case nil:
			e.null = true
		case bool:
			if v {
				e.true = true
			} else {
				e.false = true
			}
		default:
			return nil
		}
	}
	return e
}

func (e *enumSet) has(v any) bool {
	switch v := v.(type) {
	case string:
		return e.strings[v]
	case nil:
		return e.null
	case bool:
		return (v && e.true) || (!v && e.false)
	}
	return false
}

// valid reports whether v is certainly valid against p. false means
// invalid or unsure.
func (s *Set) valid(p *plan, v any, depth int) bool {
	if p.unsupported || p.alwaysFalse || depth > maxFastDepth {
		return false
	}
	if p.typeMask != 0 && !hasType(p.typeMask, v) {
		return false
	}
	if p.enum != nil && !p.enum.has(v) {
		return false
	}
	if p.ref != nil && !s.valid(p.ref, v, depth+1) {
		return false
	}
	switch v := v.(type) {
	case map[string]any:
		if !s.validObject(p, v, depth) {
			return false
		}
	case []any:
		if p.items != nil {
			for _, e := range v {
				if !s.valid(p.items, e, depth+1) {
					return false
				}
			}
		}
	case string:
		if p.maxLength >= 0 && len(v) > p.maxLength && utf8.RuneCountInString(v) > p.maxLength {
			return false
		}
		if p.pattern != nil && !p.pattern.MatchString(v) {
			return false
		}
	}
	if len(p.anyOf) > 0 && !s.validAny(p.anyOf, v, depth) {
		return false
	}
	if p.lazy != nil {
		if obj, ok := v.(map[string]any); ok && !s.validLazy(p.lazy, obj, depth) {
			return false
		}
	}
	return true
}

func (s *Set) validObject(p *plan, obj map[string]any, depth int) bool {
	for _, name := range p.required {
		if _, ok := obj[name]; !ok {
			return false
		}
	}
	if p.props == nil && !p.noExtra && p.extra == nil {
		return true
	}
	for name, pv := range obj {
		if ps, ok := p.props[name]; ok {
			if !s.valid(ps, pv, depth+1) {
				return false
			}
			continue
		}
		if p.noExtra || (p.extra != nil && !s.valid(p.extra, pv, depth+1)) {
			return false
		}
	}
	return true
}

func (s *Set) validAny(branches []*plan, v any, depth int) bool {
	for _, b := range branches {
		if s.valid(b, v, depth+1) {
			return true
		}
	}
	return false
}

func (s *Set) validLazy(lz *lazyPlan, obj map[string]any, depth int) bool {
	cands := lz.resolved.Load()
	if cands == nil {
		if lz.failed.Load() {
			return false
		}
		var list []*plan
		for _, name := range lz.ext.names {
			sch, err := s.component(name)
			if err != nil {
				lz.failed.Store(true)
				return false
			}
			list = append(list, s.planFor(sch))
		}
		lz.resolved.Store(&list)
		cands = &list
	}
	return s.validAny(*cands, obj, depth)
}

// hasType reports whether v is of one of the types in mask, as
// jsonschema/v6 decides it. A number is an integer when it is written
// without fraction or exponent; others (1.0, 2e3) are left to the library.
func hasType(mask uint8, v any) bool {
	switch v := v.(type) {
	case nil:
		return mask&tNull != 0
	case bool:
		return mask&tBoolean != 0
	case string:
		return mask&tString != 0
	case map[string]any:
		return mask&tObject != 0
	case []any:
		return mask&tArray != 0
	case json.Number:
		return mask&tNumber != 0 || (mask&tInteger != 0 && isDigits(string(v)))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
		return mask&tNumber != 0 || (mask&tInteger != 0 && v == math.Trunc(v))
	case int, int64, int32:
		return mask&(tNumber|tInteger) != 0
	}
	return false
}

// isDigits reports whether s is an integer literal: an optional minus and
// digits.
func isDigits(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
