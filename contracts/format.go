package contracts

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/checkoutvcr/checkoutvcr/internal/jsonpath"
)

// maxGot is about how long [Violation.Got] may be.
const maxGot = 60

// jsonPath renders loc as a path like "line_items.data[0].price": array
// indexes in brackets, odd property names quoted.
func jsonPath(inst any, loc []string) string {
	path := ""
	v := inst
	for _, tok := range loc {
		switch x := v.(type) {
		case []any:
			path = jsonpath.Index(path, tok)
			var i int
			if _, err := fmt.Sscan(tok, &i); err == nil && i >= 0 && i < len(x) {
				v = x[i]
			} else {
				v = nil
			}
			continue
		case map[string]any:
			v = x[tok]
		default:
			v = nil
		}
		path = jsonpath.QuotedKey(path, tok)
	}
	return path
}

// schemaLocation turns a compiler URL into a location in the files, e.g.
// "components.json#/$defs/checkout.session/properties/amount_total".
func schemaLocation(url string) string {
	loc := strings.TrimPrefix(url, baseURL)
	for _, b := range []struct{ dir, file string }{{componentsDir, "components.json"}, {requestsDir, "requests.json"}} {
		if rest, ok := strings.CutPrefix(loc, b.dir); ok {
			name, ptr, _ := strings.Cut(rest, "#")
			return b.file + "#/$defs/" + name + ptr
		}
	}
	return loc
}

// schemaName returns the component a schema location is in, e.g.
// "checkout.session", or the location itself.
func schemaName(url string) string {
	loc := strings.TrimPrefix(url, baseURL)
	if rest, ok := strings.CutPrefix(loc, componentsDir); ok {
		name, ptr, _ := strings.Cut(rest, "#")
		if ptr == "" || ptr == "/" {
			return name
		}
		return name + " at " + ptr
	}
	return schemaLocation(url)
}

// gotValue renders v as short JSON.
func gotValue(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return truncate(string(b))
}

// typedValue renders v with its JSON type, e.g. `string "2000"`.
func typedValue(v any) string {
	if v == nil {
		return "null"
	}
	return truncate(jsonType(v) + " " + gotValue(v))
}

func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number, float64, int, int64:
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

// listValues renders enum values: "open, complete, expired".
func listValues(vs []any) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		if s, ok := v.(string); ok {
			parts[i] = s
		} else {
			parts[i] = gotValue(v)
		}
	}
	return strings.Join(parts, ", ")
}

// constraint describes a broken rule that is not about type or values.
func constraint(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.MaxLength:
		return fmt.Sprintf("at most %d characters (got %d)", k.Want, k.Got)
	case *kind.MinLength:
		return fmt.Sprintf("at least %d characters (got %d)", k.Want, k.Got)
	case *kind.Pattern:
		return "to match " + k.Want
	case *kind.Maximum:
		return "at most " + k.Want.RatString()
	case *kind.Minimum:
		return "at least " + k.Want.RatString()
	case *kind.MaxItems:
		return fmt.Sprintf("at most %d items", k.Want)
	case *kind.MinItems:
		return fmt.Sprintf("at least %d items", k.Want)
	}
	return "to satisfy " + strings.Join(k.KeywordPath(), "/")
}

// truncate shortens s to about [maxGot] characters.
func truncate(s string) string {
	r := []rune(s)
	if len(r) <= maxGot {
		return s
	}
	return string(r[:maxGot-1]) + "…"
}
