// Package sharedbody lets the scenario runner and the client share one
// generic decode of a response body ([jsondoc.DecodeUnique]): the runner
// puts a [Body] in a call's context, the client decodes the body into it
// (and, when that decode proves the client's typed decode would succeed,
// skips the typed decode: the runner reads only the response), and the
// runner takes the decoded value back for its templates, expectations
// and the contract check. A call without a Body in its context is
// decoded as always.
package sharedbody

import (
	"context"
	"unsafe"

	"github.com/checkoutvcr/checkoutvcr/internal/jsondoc"
)

// Body holds the decode of the last body a call decoded. The zero value
// is ready to use; a Body serves one call at a time.
type Body struct {
	raw []byte
	v   any
	err error
}

type key struct{}

// With returns ctx carrying b.
func With(ctx context.Context, b *Body) context.Context { return context.WithValue(ctx, key{}, b) }

// From returns the Body ctx carries, or nil.
func From(ctx context.Context) *Body {
	b, _ := ctx.Value(key{}).(*Body)
	return b
}

// Decode decodes raw with [jsondoc.DecodeUnique] and keeps the result for
// [Body.Value].
func (b *Body) Decode(raw []byte) (v any, unique bool, err error) {
	v, unique, err = jsondoc.DecodeUnique(raw)
	b.v, b.err, b.raw = v, err, raw
	return v, unique, err
}

// Value returns raw decoded by [jsondoc.Decode], nil when it is not JSON:
// the value [Body.Decode] kept if it decoded these very bytes (the same
// slice), else a fresh decode.
func (b *Body) Value(raw []byte) any {
	if b != nil && b.raw != nil && len(b.raw) == len(raw) && unsafe.SliceData(b.raw) == unsafe.SliceData(raw) {
		if b.err != nil {
			return nil
		}
		return b.v
	}
	v, err := jsondoc.Decode(raw)
	if err != nil {
		return nil
	}
	return v
}
