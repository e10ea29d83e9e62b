package contracts

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadDescribesTheOperations(t *testing.T) {
	for name, load := range map[string]func() (*Set, error){
		"embedded": Load,
		"LoadDir":  func() (*Set, error) { return LoadDir(".") },
	} {
		t.Run(name, func(t *testing.T) {
			s, err := load()
			require.NoError(t, err)
			assert.Equal(t, "2026-08-26.dahlia", s.APIVersion())
			assert.Len(t, s.SpecSHA256(), 64)
			assert.Equal(t, []string{"create", "expire", "list", "list_line_items", "retrieve", "update"}, s.Operations())
			op, ok := s.Operation("list_line_items")
			assert.True(t, ok)
			assert.Equal(t, Operation{Name: "list_line_items", Method: "GET",
				Path: "/v1/checkout/sessions/{session}/line_items", OperationID: "GetCheckoutSessionsSessionLineItems"}, op)
			_, ok = s.Operation("delete")
			assert.False(t, ok)
			require.NoError(t, s.Compile(true))
		})
	}
}

// The error names the folder the user gave and how to fill it, not just
// "open manifest.json".
func TestLoadDirReportsMissingFolder(t *testing.T) {
	empty := t.TempDir()
	notJSON := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(notJSON, "manifest.json"), []byte("<html>"), 0o644))
	noOps := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(noOps, "manifest.json"), []byte(`{"api_version": "x"}`), 0o644))
	tests := []struct {
		name, dir, want string
		notExist        bool
	}{
		{name: "no such folder", dir: "nope", notExist: true,
			want: "contracts folder nope: no manifest.json (generate it with make contracts or go run ./cmd/contracts -out nope)"},
		{name: "empty folder", dir: empty, notExist: true,
			want: "contracts folder " + empty + ": no manifest.json (generate it with make contracts or go run ./cmd/contracts -out " + empty + ")"},
		{name: "manifest not JSON", dir: notJSON,
			want: "contracts folder " + notJSON + ": manifest.json: invalid character '<' looking for beginning of value"},
		{name: "manifest without operations", dir: noOps,
			want: "contracts folder " + noOps + ": manifest.json: no api_version or no operations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadDir(tt.dir)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			assert.Equal(t, tt.notExist, errors.Is(err, fs.ErrNotExist), "errors.Is(err, fs.ErrNotExist)")
		})
	}
}

func TestUnknownOperationIsMisuse(t *testing.T) {
	s := loaded(t)
	_, err := s.CheckResponse("delete", 200, []byte(`{}`))
	assert.ErrorIs(t, err, ErrUnknownOperation)
	assert.ErrorContains(t, err, `"delete" (have create, expire, list, list_line_items, retrieve, update)`)
	_, err = s.CheckRequest("delete", nil)
	assert.ErrorIs(t, err, ErrUnknownOperation)
}

func TestExpandedObjectsAreCompiledOnDemand(t *testing.T) {
	s := loaded(t)
	require.NoError(t, s.Compile(false))
	compiled := func(name string) bool {
		s.mu.RLock()
		defer s.mu.RUnlock()
		_, ok := s.compiled[s.componentURL(name)]
		return ok
	}
	assert.False(t, compiled("customer"), "customer compiled before any response needed it")
	r := responses(t)["retrieve_expand_customer"]
	vs, err := s.CheckResponse("retrieve", r.status, r.body)
	require.NoError(t, err)
	assert.Empty(t, vs)
	assert.True(t, compiled("customer"), "expanded customer was not validated against its schema")
	assert.False(t, compiled("invoice"), "invoice compiled though no response contains one")
}

func TestDeletedExpandedObjectsMatchTheirSchema(t *testing.T) {
	s := loaded(t)
	body := tamper(t, responses(t)["retrieve"].body, func(m map[string]any) {
		m["customer"] = map[string]any{"id": "cus_1", "object": "customer", "deleted": true}
	})
	vs, err := s.CheckResponse("retrieve", 200, body)
	require.NoError(t, err)
	assert.Empty(t, vs)

	body = tamper(t, body, func(m map[string]any) { object(t, m, "customer")["deleted"] = "yes" })
	vs, err = s.CheckResponse("retrieve", 200, body)
	require.NoError(t, err)
	require.Len(t, vs, 1, "%v", vs)
	assert.Equal(t, "customer.deleted", vs[0].Path, "reported against deleted_customer, the schema it looks like")
}

func TestCheckResponseIsSafeForConcurrentUse(t *testing.T) {
	s := loaded(t)
	got := responses(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(calls))
	for range 8 {
		for _, c := range calls {
			wg.Go(func() {
				r := got[c.name]
				vs, err := s.CheckResponse(c.op, r.status, r.body)
				if err == nil && len(vs) > 0 {
					err = errors.New(vs[0].String())
				}
				errs <- err
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
}

func TestViolationString(t *testing.T) {
	v := Violation{Kind: KindWrongType, Path: "amount_total", Want: "integer or null", Got: `string "2000"`,
		Schema: "components.json#/$defs/checkout.session/properties/amount_total"}
	assert.Equal(t, `error wrong_type at amount_total: want integer or null, got string "2000" (components.json#/$defs/checkout.session/properties/amount_total)`, v.String())
	w := Violation{Kind: KindUnknownField, Path: "", Want: "not listed in the contract"}
	assert.Equal(t, "warning unknown_field at (root): want not listed in the contract", w.String())
}

func TestSeverity(t *testing.T) {
	for _, k := range []Kind{KindMissingField, KindWrongType, KindNotInEnum, KindNullNotAllowed,
		KindUnexpectedStatus, KindInvalidJSON, KindConstraint, KindInvalidForm} {
		assert.Equal(t, SeverityError, k.Severity(), k)
	}
	assert.Equal(t, SeverityWarning, KindUnknownField.Severity())
	assert.Equal(t, "warning", SeverityWarning.String())
}

func TestSplitDefs(t *testing.T) {
	defs, err := splitDefs([]byte(` {"$schema": "x", "n": [1, {"a": "}"}], "$defs": {"a\"b": {"s": "x\\"}, "c": true, "d": 12} } `))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{`a"b`: `{"s": "x\\"}`, "c": "true", "d": "12"}, stringify(defs))
	for _, bad := range []string{``, `[]`, `{"a": 1}`, `{"$defs": {"a": {"b": 1}`, `{"$defs": {"a": "x}}`} {
		_, err := splitDefs([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func stringify[V ~[]byte](m map[string]V) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}

func TestEveryComponentCompiles(t *testing.T) {
	s := loaded(t)
	data, err := embedded.ReadFile("components.json")
	require.NoError(t, err)
	defs, err := splitDefs(data)
	require.NoError(t, err)
	assert.Len(t, defs, 1454, "every component of the spec: the catalog's operations reach them all")
	for name := range defs {
		_, err := s.component(name)
		require.NoError(t, err, name)
	}
}
