package contracts

import "github.com/checkoutvcr/checkoutvcr/internal/jsondoc"

// DecodeJSON decodes a JSON document the way [Set.CheckValue] expects
// it: objects as map[string]any, arrays as []any, numbers as
// [json.Number]. It is encoding/json with UseNumber, and it refuses
// trailing data after the document.
func DecodeJSON(body []byte) (any, error) { return jsondoc.Decode(body) }
