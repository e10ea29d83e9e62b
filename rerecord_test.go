package checkoutvcr

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRerecordCommandWorksFromTheCallersModule(t *testing.T) {
	opts := Options{Scenarios: "testdata/scenarios", Cassettes: "testdata/cassettes"}
	assert.Equal(t, "go run github.com/checkoutvcr/checkoutvcr/cmd/record -scenarios testdata/scenarios -cassettes testdata/cassettes -run '^lifecycle$'",
		rerecordCommand(opts, "lifecycle"))
	assert.NotContains(t, rerecordCommand(Options{}, ""), "make")
}
