// Package jsondoc decodes one JSON document into the generic values the
// contract checks and the scenario runner share: objects as
// map[string]any, arrays as []any, numbers as [json.Number] (so that
// 12345678901234567890 and 1.10 keep their digits), strings, booleans and
// nil.
package jsondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// Decode decodes body, which must hold exactly one JSON document: it is
// encoding/json with UseNumber, and it refuses trailing data after the
// document.
//
// Most documents take a fast path (fast.go) that builds the same values
// without encoding/json's reflection; anything it does not recognise
// (escaped surrogates, invalid UTF-8, deep nesting, any error) is decoded
// by encoding/json, which also words every error.
func Decode(body []byte) (any, error) {
	v, _, err := DecodeUnique(body)
	return v, err
}

// DecodeUnique is [Decode], and also reports whether the document is
// known to repeat no key in any object: true only when the fast path
// decoded it and saw no repeated key (of a repeated key the tree keeps
// the last value only, so a caller that reasons about every value the
// text holds needs unique).
func DecodeUnique(body []byte) (v any, unique bool, err error) {
	if v, unique, ok := decodeFast(body); ok {
		return v, unique, nil
	}
	v, err = library(body)
	return v, false, err
}

// library decodes body with encoding/json and UseNumber.
func library(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid character after top-level value")
	}
	return v, nil
}
