// Package suggest owns the "did you mean" rule: the known name closest to
// a misspelt one by edit distance. Callers choose how close is close
// enough and how to word the hint.
package suggest

// Closest returns the first name in known whose edit distance to s is the
// smallest and at most maxDist, or "" when none is that close. A name
// whose length differs from s's by more than maxDist is not compared (the
// distance is at least that difference), so a huge s (a 7 MB parameter
// name from a hostile client) costs nothing.
func Closest(s string, known []string, maxDist int) string {
	best, bestDist := "", maxDist+1
	for _, k := range known {
		if abs(len(s)-len(k)) > maxDist {
			continue
		}
		if d := Distance(s, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// Distance is the Levenshtein distance between a and b (in bytes).
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
