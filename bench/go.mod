module github.com/checkoutvcr/checkoutvcr/bench

go 1.26.0

replace github.com/checkoutvcr/checkoutvcr => ../

require (
	github.com/checkoutvcr/checkoutvcr v0.0.0-00010101000000-000000000000
	github.com/getkin/kin-openapi v0.153.0
	gopkg.in/dnaeon/go-vcr.v3 v3.2.0
)

require (
	github.com/go-openapi/jsonpointer v0.22.5 // indirect
	github.com/go-openapi/swag/jsonname v0.25.5 // indirect
	github.com/gorilla/mux v1.8.0 // indirect
	github.com/kr/pretty v0.3.1 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	go.yaml.in/yaml/v4 v4.0.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/term v0.48.0 // indirect
	golang.org/x/text v0.14.0 // indirect
	golang.org/x/time v0.16.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
