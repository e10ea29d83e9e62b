package contracts

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// brokenDir copies the embedded contracts into a temporary folder, with
// the component schema called name replaced by one that does not compile.
func brokenDir(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := embedded.ReadDir(".")
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			continue // versions/: the older versions' folders
		}
		data, err := embedded.ReadFile(e.Name())
		require.NoError(t, err)
		if e.Name() == "components.json" {
			var doc struct {
				Schema string         `json:"$schema"`
				Defs   map[string]any `json:"$defs"`
			}
			require.NoError(t, json.Unmarshal(data, &doc))
			require.Contains(t, doc.Defs, name)
			doc.Defs[name] = map[string]any{"$id": componentsDir + name, "type": 12}
			data, err = json.Marshal(doc)
			require.NoError(t, err)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644))
	}
	return dir
}

// A component that does not compile is an error for the checks that need
// it, every time, and for no other: it used to poison the whole Set.
func TestBrokenComponentFailsOnlyChecksThatNeedIt(t *testing.T) {
	s, err := LoadDir(brokenDir(t, "customer"))
	require.NoError(t, err)
	plain := responses(t)["retrieve"]
	expanded := tamper(t, plain.body, func(m map[string]any) {
		m["customer"] = map[string]any{"id": "cus_1", "object": "customer"}
	})
	needsCustomer := func() {
		t.Helper()
		_, err := s.CheckResponse("retrieve", 200, expanded)
		require.Error(t, err)
		assert.ErrorContains(t, err, "compile components/customer")
	}
	needsCustomer()
	for range 2 {
		vs, err := s.CheckResponse("retrieve", plain.status, plain.body)
		require.NoError(t, err, "a check that never reaches customer")
		assert.Empty(t, vs)
		list := responses(t)["list"]
		vs, err = s.CheckResponse("list", list.status, list.body)
		require.NoError(t, err)
		assert.Empty(t, vs)
		vs, err = s.CheckRequest("create", mustParseForm(t, createForm))
		require.NoError(t, err)
		assert.Empty(t, vs)
		vs, err = s.CheckResponse("retrieve", 200, tamper(t, plain.body, func(m map[string]any) { m["status"] = "pending" }))
		require.NoError(t, err, "violations of other schemas are still explained")
		require.Len(t, vs, 1)
		assert.Equal(t, KindNotInEnum, vs[0].Kind)
		needsCustomer() // the failure is cached, not forgotten
	}
	deleted := tamper(t, plain.body, func(m map[string]any) {
		m["customer"] = map[string]any{"id": "cus_1", "object": "customer", "deleted": true}
	})
	vs, err := s.CheckResponse("retrieve", 200, deleted)
	require.NoError(t, err, "deleted_customer compiles; customer is not needed")
	assert.Empty(t, vs)
}

func TestBrokenComponentConcurrentChecks(t *testing.T) {
	s, err := LoadDir(brokenDir(t, "customer"))
	require.NoError(t, err)
	plain := responses(t)["retrieve"]
	expanded := tamper(t, plain.body, func(m map[string]any) {
		m["customer"] = map[string]any{"id": "cus_1", "object": "customer"}
	})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			_, err := s.CheckResponse("retrieve", 200, expanded)
			assert.Error(t, err)
		})
		wg.Go(func() {
			vs, err := s.CheckResponse("retrieve", 200, plain.body)
			assert.NoError(t, err)
			assert.Empty(t, vs)
		})
	}
	wg.Wait()
}
