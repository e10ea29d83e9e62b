package report_test

import (
	"encoding/json"
	"fmt"

	"github.com/checkoutvcr/checkoutvcr/report"
)

// Decode verify's JSON report and list the errors with where they are.
func Example() {
	data := []byte(`{
	  "api_version": "2026-08-26.dahlia",
	  "summary": {"scenarios": 1, "steps": 1, "interactions": 1, "errors": 1, "warnings": 0, "notes": 0, "skipped": 0, "passed": false},
	  "scenarios": [{
	    "name": "lifecycle", "file": "scenarios/lifecycle.yaml", "cassette": "cassettes/lifecycle.yaml",
	    "server": "stripe-mock", "stripe_version": "2026-08-26.dahlia",
	    "steps": [{
	      "id": "create", "line": 10, "request": "POST /v1/checkout/sessions", "status": 200,
	      "stripe_version": "2026-08-26.dahlia", "passed": false,
	      "findings": [{"kind": "wrong_type", "severity": "error", "path": "amount_total",
	                    "want": "integer or null", "got": "string \"2000\"", "message": "", "interaction": 0, "drift": ""}]
	    }],
	    "findings": []
	  }],
	  "repeated": []
	}`)
	var rep report.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("passed:", rep.Summary.Passed)
	for _, sc := range rep.Scenarios {
		for _, st := range sc.Steps {
			for _, f := range st.Findings {
				if f.Severity == "error" {
					fmt.Printf("%s:%d: %s at %s: want %s, got %s\n", sc.File, st.Line, f.Kind, f.Path, f.Want, f.Got)
				}
			}
		}
	}
	// Output:
	// passed: false
	// scenarios/lifecycle.yaml:10: wrong_type at amount_total: want integer or null, got string "2000"
}
