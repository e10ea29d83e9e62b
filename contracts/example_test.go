package contracts_test

import (
	"fmt"
	"net/url"

	"github.com/checkoutvcr/checkoutvcr/contracts"
)

// Check one recorded exchange, request and response, against its
// operation's contract, found from its method and path. Each finding
// carries the cassette file, line and interaction it came from.
func ExampleSet_CheckExchange() {
	set, err := contracts.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	op, _ := set.Lookup("POST", "/v1/checkout/sessions/cs_test_1/expire")
	fmt.Println("operation:", op.Name)

	findings, err := set.CheckExchange(contracts.Exchange{
		Method: "POST", Path: "/v1/checkout/sessions/cs_test_1/expire",
		Form:   url.Values{"expnad[0]": {"line_items"}},
		Status: 400,
		Body:   []byte(`{"error":{"type":"invalid_request_error","code":42,"message":"Received unknown parameter: expnad"}}`),
		File:   "cassettes/cancel.yaml", Line: 12, Interaction: 1,
	}, contracts.ExchangeOptions{})
	if err != nil {
		fmt.Println(err) // no operation for this method and path
		return
	}
	for _, f := range findings {
		fmt.Println(f)
	}
	// Output:
	// operation: expire
	// cassettes/cancel.yaml:12: error request_unknown_field at expnad: want not listed in the contract, got {"0":"line_items"} (did you mean expand?) (requests.json#/$defs/expire)
	// cassettes/cancel.yaml:12: error wrong_type at error.code: want string, got number 42 (components.json#/$defs/api_errors/properties/code)
}
