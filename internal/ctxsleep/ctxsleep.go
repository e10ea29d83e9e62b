// Package ctxsleep owns the one context-aware sleep that retry loops (the
// client's request retries, the webhook sender's delivery retries) wait
// with between attempts.
package ctxsleep

import (
	"context"
	"time"
)

// Sleep waits for d or until ctx is done, whichever comes first; it
// returns ctx.Err() in the second case, else nil.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
