package record

import "github.com/checkoutvcr/checkoutvcr/contracts"

// scenarioContracts returns the contracts a scenario is recorded against:
// its requests are checked with them before they go out, and its answers
// held to them. They are those of the scenario's stripe_version (sent as
// the Stripe-Version of its every request, see internal/scenario; the
// nearest spec there is, [contracts.LoadVersion]), else the embedded
// contracts' newest version. The embedded library keeps one Set per
// version for the process: a Set is safe for concurrent use and compiles
// each schema once, so every scenario of every run shares the compiled
// schemas (recording with a fresh Set per scenario spent most of its CPU
// compiling them).
func scenarioContracts(version string) (*contracts.Set, error) {
	set, _, err := contracts.LoadVersion(version)
	return set, err
}
