module github.com/checkoutvcr/checkoutvcr/examples/webhooks

go 1.26.0

require (
	github.com/checkoutvcr/checkoutvcr v0.0.0-00010101000000-000000000000
	github.com/stripe/stripe-go/v82 v82.5.1
	github.com/stripe/stripe-go/v85 v85.0.0
)

require (
	gopkg.in/dnaeon/go-vcr.v3 v3.2.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

replace github.com/checkoutvcr/checkoutvcr => ../..
