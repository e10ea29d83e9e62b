package contractgen

import (
	"github.com/checkoutvcr/checkoutvcr/internal/openapi"
)

// SpecModule is the Go module whose releases embed Stripe's OpenAPI specs
// (embedded/openapi/spec3.json and spec3.beta.sdk.json).
const SpecModule = "github.com/stripe/stripe-mock"

// Source is one pinned release of [SpecModule] and the API version of
// the spec it embeds.
type Source struct {
	// ModuleVersion is the module's version, e.g. "v0.195.0".
	ModuleVersion string
	// APIVersion is its spec's info.version, e.g. "2025-05-28.basil";
	// generation refuses a spec that says otherwise.
	APIVersion string
}

// Module is the source as module@version.
func (s Source) Module() string { return SpecModule + "@" + s.ModuleVersion }

// ModuleOrEmpty is [Source.Module], or "" for the zero Source.
func (s Source) ModuleOrEmpty() string {
	if s.ModuleVersion == "" {
		return ""
	}
	return s.Module()
}

// Sources are the pinned spec sources, oldest first: one contracts set
// each. The last is the newest, the stripe-mock that go.mod pins as a
// tool, whose contracts are the folder's own (with the catalog); the
// others go under versions/. Each release is fetched with the go command
// (go mod download -json module@version: the module cache, else the
// module proxy).
var Sources = []Source{
	{"v0.162.0", "2022-11-15"},
	{"v0.170.0", "2023-08-16"},
	{"v0.180.0", "2023-10-16"},
	{"v0.185.0", "2024-04-10"},
	{"v0.190.0", "2024-09-30.acacia"},
	{"v0.195.0", "2025-05-28.basil"},
	{"v0.197.0", "2025-09-30.clover"},
	{"v0.199.0", "2025-11-17.clover"},
	{"v0.202.0", "2026-05-27.dahlia"},
	{"v0.203.0", "2026-08-26.dahlia"},
}

// VersionEndpoints are the operations an older version's contracts hold:
// the Checkout Sessions ones and the two events ones that verify checks
// a scenario's expect_events against (named by their operationId, as in
// the newest version's catalog), those of them that s has (the specs
// before 2024-09-30.acacia have no update).
func VersionEndpoints(s *openapi.Spec) []openapi.Endpoint {
	all := append(openapi.CheckoutSessions(),
		openapi.Endpoint{Name: "GetEvents", Method: "GET", Path: "/v1/events"},
		openapi.Endpoint{Name: "GetEventsId", Method: "GET", Path: "/v1/events/{id}"},
	)
	var out []openapi.Endpoint
	for _, e := range all {
		if _, err := s.Operation(e); err == nil {
			out = append(out, e)
		}
	}
	return out
}
