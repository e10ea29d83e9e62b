package scenario

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/checkoutvcr/checkoutvcr/client"
)

// TestStepDecodesOnce: a step's body, decoded once and shared between the
// client and the runner, gives the StepResult the client's own decode
// gives: the same ClientErr (a *client.DecodeError with the same path,
// Go type and value for a body the client cannot decode, nil for one it
// can) and the same JSON.
func TestStepDecodesOnce(t *testing.T) {
	for _, tt := range []struct {
		op, body string
		wantErr  string // "" for none
	}{
		{"create", `{"id":"cs_1","object":"checkout.session","amount_total":100,"customer":"cus_1"}`, ""},
		{"create", `{"id":"cs_1","object":"checkout.session","amount_total":"100"}`, "amount_total"},
		{"create", `{"id":"cs_1","amount_total":1.5}`, "amount_total"},
		{"create", `{"id":"cs_1","amount_total":100,"amount_total":"x"}`, "amount_total"},
		{"create", `{"id":"cs_1","AMOUNT_TOTAL":"x"}`, "amount_total"},
		{"create", `{"id":"cs_1","customer":{"id":5}}`, "expandable"},
		{"create", `{"id":"cs_1","customer":{"id":"cus_1","object":"customer","balance":"x"}}`, "balance"},
		{"create", `[1]`, "json"},
		{"create", `{"id":"cs_1"} x`, "invalid"},
		{"list", `{"object":"list","data":[{"id":"cs_1","amount_total":7}],"has_more":false,"url":"/v1/checkout/sessions"}`, ""},
		{"list", `{"object":"list","data":[{"id":"cs_1","amount_total":true}],"has_more":false}`, "amount_total"},
		{"list_line_items", `{"object":"list","data":[{"id":"li_1","quantity":"2"}]}`, "quantity"},
		{"list_line_items", `{"object":"list","data":[{"id":"li_1","quantity":2}]}`, ""},
	} {
		t.Run(tt.op+" "+tt.body, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			c := client.New("sk_test_123", client.Options{BaseURL: srv.URL, MaxRetries: new(int)})
			st := &Step{ID: "a", Op: tt.op}
			if ops[tt.op].needsSession {
				st.Session = "cs_1"
			}
			sc := &Scenario{Name: "x", Steps: []*Step{st}}
			res := Run(context.Background(), sc, RunOptions{Client: c})
			sr := res.Steps[0]
			if sr.Err != nil {
				t.Fatal(sr.Err)
			}
			// The client's own decode, with no body shared.
			in, err := prepare(sc, st, &expander{responses: map[string]any{}}, RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			_, want := ops[tt.op].do(context.Background(), c, in)
			if fmt.Sprint(sr.ClientErr) != fmt.Sprint(want) {
				t.Errorf("ClientErr %v, the client's own decode gives %v", sr.ClientErr, want)
			}
			var wd, gd *client.DecodeError
			if errors.As(want, &wd) != errors.As(sr.ClientErr, &gd) {
				t.Fatalf("ClientErr %T, the client's own decode gives %T", sr.ClientErr, want)
			}
			if wd != nil && (wd.Path != gd.Path || wd.GoType != gd.GoType || wd.Value != gd.Value || wd.Response.StatusCode != gd.Response.StatusCode) {
				t.Errorf("DecodeError %+v, the client's own decode gives %+v", gd, wd)
			}
			if tt.wantErr == "" && sr.ClientErr != nil || tt.wantErr != "" && sr.ClientErr == nil {
				t.Errorf("ClientErr %v, want an error: %v", sr.ClientErr, tt.wantErr != "")
			}
			if d := cmp.Diff(DecodeJSON([]byte(tt.body)), sr.JSON); d != "" {
				t.Errorf("JSON differs (-DecodeJSON +shared):\n%s", d)
			}
		})
	}
}
