package record

import "github.com/checkoutvcr/checkoutvcr/contracts"

// scenarioContracts returns the contracts a scenario is recorded against:
// its requests are checked with them before they go out, and its answers
// held to them. They are those of the scenario's stripe_version (sent as
// the Stripe-Version of its every request, see internal/scenario; the
// nearest spec there is, [contracts.LoadVersion]), else the embedded
// contracts' version.
func scenarioContracts(version string) (*contracts.Set, error) {
	if version == "" {
		return embeddedContracts()
	}
	set, _, err := contracts.LoadVersion(version)
	return set, err
}
