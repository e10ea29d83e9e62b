package contracts

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// DecodeJSON decodes a JSON document the way [Set.CheckValue] expects
// it: objects as map[string]any, arrays as []any, numbers as
// [json.Number]. It is encoding/json with UseNumber, and it refuses
// trailing data after the document.
func DecodeJSON(body []byte) (any, error) {
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
