package redact

import (
	"bytes"
	"encoding/json"
	"strings"
)

// JSON scrubs a JSON body, changing no byte it does not have to:
//
//   - the value of a field a rule matches becomes [Placeholder] if it is a
//     string; if it is an object or a list, every string under it does;
//   - a client_secret that is not a string (an object, a list) is replaced
//     whole by "REDACTED";
//   - a string value or key that holds a secret once decoded (whatever its
//     JSON escaping) is re-encoded with the secret replaced;
//   - every client_secret string is learnt ([Redactor.AddSecret]), so that
//     logs and reports printed later scrub it too.
//
// A body that is not JSON gets [Redactor.String].
func (r *Redactor) JSON(body string) string {
	if !json.Valid([]byte(body)) {
		return r.String(body)
	}
	w := jsonWalker{r: r, body: body, dec: json.NewDecoder(strings.NewReader(body))}
	w.dec.UseNumber()
	w.walk()
	w.out.WriteString(body[w.copied:])
	return w.out.String()
}

// Learn adds every client_secret string in a JSON body to the secrets r
// knows, without scrubbing anything; record calls it on each response as
// it arrives, before the scenario sees it.
func (r *Redactor) Learn(body []byte) {
	if !bytes.Contains(body, []byte("secret")) || !json.Valid(body) {
		return
	}
	var v any
	if json.Unmarshal(body, &v) == nil {
		r.learn(v, "")
	}
}

func (r *Redactor) learn(v any, name string) {
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			r.learn(c, k)
		}
	case []any:
		for _, c := range t {
			r.learn(c, name)
		}
	case string:
		if name == "client_secret" {
			r.AddSecret(t)
		}
	}
}

type frame struct {
	object, wantKey bool
	scrubbed        bool // everything under it is scrubbed
}

type jsonWalker struct {
	r      *Redactor
	body   string
	dec    *json.Decoder
	out    strings.Builder
	copied int64
	path   []string
	stack  []frame
}

// replace writes body up to start, then with, and skips to end.
func (w *jsonWalker) replace(start, end int64, with string) {
	w.out.WriteString(w.body[w.copied:start])
	w.out.WriteString(with)
	w.copied = end
}

// start is the offset of the token that ends at end and began after
// before: past any whitespace, ':' or ','.
func (w *jsonWalker) start(before int64) int64 {
	i := before
	for i < int64(len(w.body)) && strings.IndexByte(" \t\r\n:,", w.body[i]) >= 0 {
		i++
	}
	return i
}

func (w *jsonWalker) walk() {
	for {
		before := w.dec.InputOffset()
		tok, err := w.dec.Token()
		if err != nil {
			return
		}
		top := len(w.stack) - 1
		under := top >= 0 && w.stack[top].scrubbed
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				matched := !under && top >= 0 && w.r.scrubs(w.path) && w.fieldValue()
				if matched && w.name() == "client_secret" {
					// Not a string, as it should be: drop it whole.
					start := w.start(before)
					w.skip()
					w.replace(start, w.dec.InputOffset(), `"`+Placeholder+`"`)
					w.endValue()
					continue
				}
				w.stack = append(w.stack, frame{object: t == '{', wantKey: t == '{', scrubbed: under || matched})
			case '}', ']':
				w.stack = w.stack[:top]
				w.endValue()
			}
			continue
		case string:
			if top >= 0 && w.stack[top].object && w.stack[top].wantKey {
				if w.r.Contains(t) {
					w.replace(w.start(before), w.dec.InputOffset(), quote(w.r.String(t)))
				}
				w.path = append(w.path, t)
				w.stack[top].wantKey = false
				continue
			}
			switch {
			case under || (top >= 0 && w.r.scrubs(w.path) && w.fieldValue()):
				if w.name() == "client_secret" {
					w.r.AddSecret(t)
				}
				w.replace(w.start(before), w.dec.InputOffset(), `"`+Placeholder+`"`)
			case w.r.Contains(t):
				w.replace(w.start(before), w.dec.InputOffset(), quote(w.r.String(t)))
			}
		default:
			if top >= 0 && !under {
				w.r.scrubs(w.path) // a null or number still counts as matched
			}
		}
		w.endValue()
	}
}

// fieldValue reports whether the value being read belongs to a field (or
// a list that is one's value), not to the top level.
func (w *jsonWalker) fieldValue() bool { return len(w.path) > 0 }

// name is the innermost field name, or "".
func (w *jsonWalker) name() string {
	if len(w.path) == 0 {
		return ""
	}
	return w.path[len(w.path)-1]
}

// skip reads tokens until the container just opened is closed.
func (w *jsonWalker) skip() {
	for depth := 1; depth > 0; {
		tok, err := w.dec.Token()
		if err != nil {
			return
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
}

// endValue is called after a value: in an object, the next string is a
// key again and the field's name leaves the path.
func (w *jsonWalker) endValue() {
	if top := len(w.stack) - 1; top >= 0 && w.stack[top].object {
		w.stack[top].wantKey = true
		w.path = w.path[:len(w.path)-1]
	}
}

// quote encodes s as a JSON string.
func quote(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
