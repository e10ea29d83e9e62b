package scenario

import (
	"fmt"

	"github.com/checkoutvcr/checkoutvcr/internal/suggest"
)

// suggestHint returns ` (did you mean "x"?)` for the known name closest to s
// (within half its length), or "" when nothing is close.
func suggestHint(s string, known []string) string {
	best := suggest.Closest(s, known, len(s)/2)
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
