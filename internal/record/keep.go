package record

// Unchanged reports whether a new recording (the cassette file at
// recorded) may be dropped in favour of the cassette already at existing:
// the two hold the same bytes, or differ only in what changes on every
// run (ids, timestamps, URLs holding ids, the headers that carry them: see
// [onlyVolatile]). record keeps the existing file then, and so does the
// public vcr.Recorder: one rule for both.
func Unchanged(recorded, existing string) bool {
	return sameBytes(recorded, existing) || onlyVolatile(recorded, existing)
}
