package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the scenario parser: it must never
// panic, and every error must name the file. Seeds: the scenarios in
// ../../scenarios, the broken corpus in testdata/bad, and
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, glob := range []string{"../../scenarios/*.yaml", "testdata/bad/*.yaml"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.yaml", data)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "fuzz.yaml") && !strings.HasPrefix(line, "  ") {
					t.Fatalf("error line does not name the file: %q", line)
				}
			}
			return
		}
		if sc.Name == "" || len(sc.Steps) == 0 {
			t.Fatalf("parsed without name or steps: %+v", sc)
		}
		for _, st := range sc.Steps {
			if _, ok := ops[st.Op]; !ok {
				t.Fatalf("parsed with unknown op %q", st.Op)
			}
		}
	})
}

// FuzzExpand expands an arbitrary template against an arbitrary JSON
// response: it must never panic, and a string without "${" comes back
// unchanged.
func FuzzExpand(f *testing.F) {
	f.Add("${create.id}", `{"id":"cs_1"}`)
	f.Add("order-${create.line_items.data[0].price.id}-${env.X}", `{"line_items":{"data":[{"price":{"id":"p"}}]}}`)
	f.Add("${create.data[99999999999999999999]}", `{"data":[1]}`)
	f.Add("${create[0]}", `[1,2]`)
	f.Add("${create.a..b}${", `{"a":{"":1}}`)
	f.Add("${env}", `null`)
	f.Fuzz(func(t *testing.T, tmpl, body string) {
		x := &expander{
			responses: map[string]any{"create": DecodeJSON([]byte(body))},
			env:       func(name string) (string, bool) { return "v", name == "X" },
		}
		got, err := x.expand(map[string]any{"k": []any{tmpl}})
		if err == nil && !strings.Contains(tmpl, "${") {
			if s := got.(map[string]any)["k"].([]any)[0]; s != tmpl {
				t.Fatalf("expand(%q) = %v; want it unchanged", tmpl, s)
			}
		}
		_, _ = x.str(tmpl)
		_, _ = parseRef(strings.TrimSuffix(strings.TrimPrefix(tmpl, "${"), "}"))
	})
}
