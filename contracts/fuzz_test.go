package contracts

import (
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// FuzzCheckResponse checks mutated response bodies against every
// operation's contract: turning schema errors into findings must never
// panic or fail, and every violation has a kind and a path that is
// printable. Seeds: every response body in the committed cassettes.
func FuzzCheckResponse(f *testing.F) {
	files, _ := filepath.Glob("../cassettes/*.yaml")
	for _, file := range files {
		c, err := cassette.Load(strings.TrimSuffix(file, ".yaml"))
		if err != nil {
			continue
		}
		for _, i := range c.Interactions {
			f.Add(uint8(i.Response.Code%256), i.Response.Code, []byte(i.Response.Body))
		}
	}
	f.Add(uint8(0), 200, []byte(`{"object":"checkout.session","amount_total":"x","line_items":{"data":[{"price":null}]}}`))
	f.Add(uint8(3), 200, []byte(`{"object":"list","data":[{"object":"item","price":{"object":"price","unit_amount":[1]}}]}`))
	f.Add(uint8(1), 400, []byte(`{"error":{"type":7}}`))
	set, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	ops := set.Operations()
	f.Fuzz(func(t *testing.T, op uint8, status int, body []byte) {
		name := ops[int(op)%len(ops)]
		vs, err := set.CheckResponse(name, status, body)
		if err != nil {
			t.Fatalf("CheckResponse(%s, %d): %v", name, status, err)
		}
		for _, v := range vs {
			if v.Kind == "" {
				t.Fatalf("violation without a kind: %+v", v)
			}
			_ = v.String()
		}
	})
}
