package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/checkoutvcr/checkoutvcr/contracts"
	"github.com/checkoutvcr/checkoutvcr/internal/openapi/openapitest"
	"github.com/checkoutvcr/checkoutvcr/internal/report"
)

// alwaysPresentIn returns the properties of component schema name that
// Stripe's SDK spec marks always present and the main spec has: read from
// the two specs, not from the contracts under test.
func alwaysPresentIn(t *testing.T, name string) []string {
	t.Helper()
	main := openapitest.PinnedSpec(t).Components.Schemas[name]
	sdk := openapitest.PinnedSDKSpec(t).Components.Schemas[name]
	require.NotNil(t, main, name)
	require.NotNil(t, sdk, name)
	props := main["properties"].(map[string]any)
	var out []string
	for _, r := range sdk["required"].([]any) {
		if _, ok := props[r.(string)]; ok {
			out = append(out, r.(string))
		}
	}
	return out
}

// recordedResponse is the body of the first 200 response in the
// committed cassettes whose request is op's, answered at the contracts'
// version, with its exchange.
func recordedResponse(t *testing.T, set *contracts.Set, op string) (map[string]any, contracts.Exchange) {
	t.Helper()
	files, err := filepath.Glob("../../cassettes/*.yaml")
	require.NoError(t, err)
	for _, f := range files {
		c, err := cassette.Load(strings.TrimSuffix(f, ".yaml"))
		require.NoError(t, err)
		for _, i := range c.Interactions {
			at := strings.Index(i.Request.URL, "/v1/")
			if at < 0 {
				continue // a local server's control request (pay), not Stripe's API
			}
			path := i.Request.URL[at:]
			path, _, _ = strings.Cut(path, "?")
			o, ok := set.Lookup(i.Request.Method, path)
			if !ok || o.Name != op || i.Response.Code != 200 {
				continue
			}
			if contracts.AnsweringVersion(i.Response.Headers, i.Request.Headers) != set.APIVersion() {
				continue // another version's shape (scenarios/basil.yaml): not these contracts'
			}
			var body map[string]any
			require.NoError(t, json.Unmarshal([]byte(i.Response.Body), &body))
			return body, contracts.Exchange{Method: i.Request.Method, Path: path, Status: 200, File: f, Interaction: i.ID}
		}
	}
	t.Fatalf("no recorded 200 response of %s", op)
	return nil, contracts.Exchange{}
}

// without returns a deep copy of body with the field at path (a.b or
// data[0].b) removed, and whether it was there: the documented
// transformation these tests apply to recorded bodies.
func without(t *testing.T, body map[string]any, path string) (map[string]any, bool) {
	t.Helper()
	data, err := json.Marshal(body)
	require.NoError(t, err)
	var cp map[string]any
	require.NoError(t, json.Unmarshal(data, &cp))
	obj := cp
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		if p == "data[0]" {
			list, _ := obj["data"].([]any)
			if len(list) == 0 {
				return nil, false
			}
			obj = list[0].(map[string]any)
			continue
		}
		obj, _ = obj[p].(map[string]any)
	}
	last := parts[len(parts)-1]
	if _, ok := obj[last]; !ok {
		return nil, false
	}
	delete(obj, last)
	return cp, true
}

// TestRemovingAnAlwaysPresentFieldIsMissingField removes each
// always-present field, one at a time, from a recorded session (create),
// a recorded line item (list_line_items' data[0]) and recorded lists
// (the list wrapper's own fields and a listed session's), and expects the
// contracts to name exactly that field as a missing_field error.
func TestRemovingAnAlwaysPresentFieldIsMissingField(t *testing.T) {
	set, err := contracts.LoadDir("../../contracts")
	require.NoError(t, err)
	session := alwaysPresentIn(t, "checkout.session")
	item := alwaysPresentIn(t, "item")
	require.Len(t, session, 58, "the SDK spec marks 58 of checkout.session's 68 properties always present")
	prefixed := func(prefix string, names []string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = prefix + n
		}
		return out
	}
	listFields := []string{"data", "has_more", "object", "url"}
	cases := []struct {
		op     string
		fields []string
	}{
		{"create", session},
		{"retrieve", session},
		{"list_line_items", append(slices.Clone(listFields), prefixed("data[0].", item)...)},
		{"list", append(slices.Clone(listFields), prefixed("data[0].", session)...)},
	}
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			body, ex := recordedResponse(t, set, tc.op)
			ex.JSON = body
			fs, err := set.CheckExchange(ex, contracts.ExchangeOptions{Op: tc.op, SkipRequest: true})
			require.NoError(t, err)
			require.Empty(t, fs, "the recorded response passes as it is")
			checked := 0
			for _, field := range tc.fields {
				cut, ok := without(t, body, field)
				if !ok {
					continue // counted: every always-present field must be there
				}
				checked++
				ex.JSON = cut
				fs, err := set.CheckExchange(ex, contracts.ExchangeOptions{Op: tc.op, SkipRequest: true})
				require.NoError(t, err)
				if assert.Len(t, fs, 1, "without %s: %v", field, fs) {
					assert.Equal(t, contracts.KindMissingField, fs[0].Kind, field)
					assert.Equal(t, field, fs[0].Path)
					assert.Equal(t, contracts.SeverityError, fs[0].Severity, field)
				}
			}
			assert.Equal(t, len(tc.fields), checked, "every always-present field is in the recorded response")
		})
	}
}

// TestVerifyFailsNamingARemovedAlwaysPresentField runs verify over a copy
// of the lifecycle cassette whose create response lacks ui_mode (a field
// spec3.json alone does not require): verify fails and names it.
func TestVerifyFailsNamingARemovedAlwaysPresentField(t *testing.T) {
	tape, err := os.ReadFile("../../cassettes/lifecycle.yaml")
	require.NoError(t, err)
	first := uiModeLine.FindIndex(tape)
	require.NotNil(t, first, "the create response has ui_mode")
	cut := append(slices.Clip(tape[:first[0]]), tape[first[1]:]...)
	require.False(t, bytes.Equal(tape, cut), "the create response has ui_mode")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lifecycle.yaml"), cut, 0o644))
	rep, err := Run(context.Background(), Options{Scenarios: "../../scenarios", Cassettes: dir, Run: regexp.MustCompile("^lifecycle$")})
	require.NoError(t, err)
	require.True(t, rep.Failed(false))
	var missing []report.Finding
	for _, st := range rep.Scenarios[0].Steps {
		for _, f := range st.Findings {
			if f.Kind == string(contracts.KindMissingField) {
				missing = append(missing, f)
			}
		}
	}
	require.Len(t, missing, 1)
	assert.Equal(t, "ui_mode", missing[0].Path)
	assert.Equal(t, report.Error, missing[0].Severity)
	assert.Equal(t, 0, missing[0].Interaction)
}
