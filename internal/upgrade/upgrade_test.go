package upgrade

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/checkoutvcr/checkoutvcr/contracts"
)

// basilSession is the checkout.session fixture of stripe-mock v0.195.0
// (2025-05-28.basil), decoded; edit, if not nil, changes it.
func basilSession(t *testing.T, edit func(map[string]any)) any {
	t.Helper()
	data, err := os.ReadFile("testdata/checkout.session.2025-05-28.basil.json")
	require.NoError(t, err)
	body, err := contracts.DecodeJSON(data)
	require.NoError(t, err)
	if edit != nil {
		edit(body.(map[string]any))
	}
	return body
}

const basilForm = "line_items[0][price]=price_1&line_items[0][quantity]=1&mode=payment&success_url=https://example.com/success&ui_mode=hosted&metadata[order]=42"

func changes(t *testing.T, target string, ex Exchange) map[string]Change {
	t.Helper()
	p, err := New(contracts.Embedded(), target)
	require.NoError(t, err)
	cs, err := p.Changes(ex)
	require.NoError(t, err)
	out := map[string]Change{}
	for _, c := range cs {
		out[string(c.What)+" "+c.Path] = c
	}
	return out
}

func TestBasilToDahlia(t *testing.T) {
	form, err := url.ParseQuery(basilForm)
	require.NoError(t, err)
	got := changes(t, "2026-08-26.dahlia", Exchange{Version: "2025-08-27.basil", Op: "create", Params: form, Status: 200, Body: basilSession(t, nil)})
	dahlia := []string{"elements", "embedded_page", "hosted_page"}
	want := map[string]Change{
		"value_gone ui_mode": {What: ValueGone, Op: "create", Path: "ui_mode", Value: "hosted", Values: dahlia, Renamed: "hosted_page",
			From: "2025-08-27.basil", To: "2026-08-26.dahlia", Before: "2025-11-17.clover", After: "2026-05-27.dahlia"},
		"value_new ui_mode": {What: ValueNew, Op: "create", Path: "ui_mode", Values: dahlia,
			From: "2025-08-27.basil", To: "2026-08-26.dahlia", Before: "2025-11-17.clover", After: "2026-05-27.dahlia"},
		"param_value_gone ui_mode": {What: ParamValueGone, Op: "create", Path: "ui_mode", Value: "hosted", Values: dahlia, Renamed: "hosted_page",
			From: "2025-08-27.basil", To: "2026-08-26.dahlia", Before: "2025-11-17.clover", After: "2026-05-27.dahlia"},
		"field_added integration_identifier": {What: FieldAdded, Op: "create", Path: "integration_identifier",
			From: "2025-08-27.basil", To: "2026-08-26.dahlia", Before: "2025-11-17.clover", After: "2026-05-27.dahlia"},
	}
	for k, w := range want {
		if diff := cmp.Diff(w, got[k]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
	assert.Equal(t, `create ui_mode: "hosted" is not a value at 2026-08-26.dahlia (its values: elements, embedded_page, hosted_page), likely renamed to "hosted_page" (changed between 2025-11-17.clover and 2026-05-27.dahlia)`,
		got["value_gone ui_mode"].String())
	for k := range got {
		assert.NotContains(t, k, "metadata", "free-form: nothing to compare")
	}
}

// Downgrading a dahlia-shaped session to basil: what dahlia added is
// removed; and a parameter older versions do not accept.
func TestRemovedFieldsAndParameters(t *testing.T) {
	body := basilSession(t, func(s map[string]any) { s["integration_identifier"] = nil; s["ui_mode"] = "hosted_page" })
	got := changes(t, "2025-08-27.basil", Exchange{Version: "2026-08-26.dahlia", Op: "retrieve", Status: 200, Body: body})
	c, ok := got["field_removed integration_identifier"]
	require.True(t, ok, "%v", got)
	assert.Equal(t, "2026-05-27.dahlia", c.Before)
	assert.Equal(t, "2025-11-17.clover", c.After)
	assert.Contains(t, got, "value_gone ui_mode")

	form, err := url.ParseQuery(basilForm)
	require.NoError(t, err)
	got = changes(t, "2022-11-15", Exchange{Version: "2025-05-28.basil", Op: "create", Params: form})
	c, ok = got["param_removed ui_mode"]
	require.True(t, ok, "%v", got)
	assert.Equal(t, "create request ui_mode: parameter ui_mode is not accepted at 2022-11-15 (changed between 2023-10-16 and 2023-08-16)", c.String())
}

func TestNoChanges(t *testing.T) {
	form, err := url.ParseQuery(basilForm)
	require.NoError(t, err)
	body := basilSession(t, nil)
	for _, version := range []string{"2025-08-27.basil", "2020-08-27", "unknown"} {
		got := changes(t, "2025-08-27.basil", Exchange{Version: version, Op: "create", Params: form, Status: 200, Body: body})
		assert.Empty(t, got, version)
	}
	_, err = New(contracts.Embedded(), "2020-08-27")
	assert.ErrorContains(t, err, "no contracts cover 2020-08-27")
}

// copyVersion copies the committed contracts of version into dir/version,
// decompressed.
func copyVersion(t *testing.T, dir, version string) string {
	t.Helper()
	src := filepath.Join("..", "..", "contracts", "versions", version)
	dst := filepath.Join(dir, version)
	require.NoError(t, os.MkdirAll(dst, 0o755))
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		name := e.Name()
		if strings.HasSuffix(name, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			require.NoError(t, err)
			data, err = io.ReadAll(zr)
			require.NoError(t, err)
			name = strings.TrimSuffix(name, ".gz")
		}
		require.NoError(t, os.WriteFile(filepath.Join(dst, name), data, 0o644))
	}
	return dst
}

// No release of the six operations has made a parameter required (the
// specs agree), so a library of two real versions, the later one's
// create edited to require locale, shows the change.
func TestParameterBecomesRequired(t *testing.T) {
	dir := t.TempDir()
	copyVersion(t, dir, "2025-05-28.basil")
	clover := copyVersion(t, dir, "2025-09-30.clover")
	reqPath := filepath.Join(clover, "requests.json")
	data, err := os.ReadFile(reqPath)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(data, &doc))
	create := doc["$defs"].(map[string]any)["create"].(map[string]any)
	required, _ := create["required"].([]any)
	create["required"] = append(required, "locale")
	data, err = json.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(reqPath, data, 0o644))
	index := `{"generated_by": "test", "versions": [
		{"api_version": "2025-05-28.basil", "dir": "2025-05-28.basil", "module": "", "spec_sha256": ""},
		{"api_version": "2025-09-30.clover", "dir": "2025-09-30.clover", "module": "", "spec_sha256": ""}]}`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "versions.json"), []byte(index), 0o644))
	lib, err := contracts.OpenDir(dir)
	require.NoError(t, err)
	p, err := New(lib, "2025-09-30.clover")
	require.NoError(t, err)
	form, err := url.ParseQuery(basilForm)
	require.NoError(t, err)
	cs, err := p.Changes(Exchange{Version: "2025-05-28.basil", Op: "create", Params: form})
	require.NoError(t, err)
	require.Len(t, cs, 1)
	assert.Equal(t, "create request locale: parameter locale is required at 2025-09-30.clover, not at 2025-05-28.basil (changed between 2025-05-28.basil and 2025-09-30.clover)", cs[0].String())
	form.Set("locale", "auto")
	cs, err = p.Changes(Exchange{Version: "2025-05-28.basil", Op: "create", Params: form})
	require.NoError(t, err)
	assert.Empty(t, cs, "sent: nothing changes")
}
