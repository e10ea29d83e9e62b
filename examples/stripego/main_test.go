package stripego_test

import (
	"os"
	"testing"

	"github.com/checkoutvcr/checkoutvcr/checkoutvcrtest"
)

// TestMain runs the tests through checkoutvcrtest.Main: every
// NewServer of this test binary (three, in TestShopAgainstTheLocalServer
// and TestRecordAgainstTheLocalServerAtBasil) runs over one stripe-mock,
// each still a fresh local server.
func TestMain(m *testing.M) { os.Exit(checkoutvcrtest.Main(m)) }
