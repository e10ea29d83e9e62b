package webhooktest

// Plan returns the order in which n events are delivered, as indexes
// into them. Without options it is 0, 1, …, n-1: the order they were
// emitted in. reorder swaps each pair (1, 0, 3, 2, …; an odd last event
// stays last), so an event arrives before the one emitted just before
// it, as Stripe warns can happen. duplicates then delivers the whole
// sequence a second time, so every event arrives twice, as Stripe
// warns it may. n <= 0 (no events; a negative count is a caller's
// mistake, not a reason to panic) plans no delivery: the result is empty.
func Plan(n int, duplicates, reorder bool) []int {
	if n <= 0 {
		return []int{}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	if reorder {
		for i := 0; i+1 < n; i += 2 {
			order[i], order[i+1] = order[i+1], order[i]
		}
	}
	if duplicates {
		order = append(order, order...)
	}
	return order
}
