# pool.bash: run jobs a few at a time, each job's output printed whole when it
# ends. Sourced by scripts/gotest and scripts/gofuzz.
#
#   pool JOBS FUNC ARG...
#
# calls FUNC ARG for each ARG, JOBS at once, each in the background with its
# output (stdout and stderr) kept in a file, which is printed when FUNC
# returns. It returns 1 if any FUNC returned non-zero, else 0.

pool() {
	local jobs=$1 fn=$2 logs pid rc failed=0 running=0 n=0
	shift 2
	logs=$(mktemp -d)
	# Removed however the script ends, an interrupt included.
	# shellcheck disable=SC2064 # logs is expanded now, on purpose
	trap "rm -rf '$logs'" EXIT
	local -A log
	while [[ $# -gt 0 || $running -gt 0 ]]; do
		if [[ $# -gt 0 && $running -lt $jobs ]]; then
			"$fn" "$1" >"$logs/$n" 2>&1 &
			log[$!]=$logs/$n
			running=$((running + 1)) n=$((n + 1))
			shift
			continue
		fi
		rc=0
		wait -n -p pid || rc=$?
		cat "${log[$pid]}"
		[[ $rc -eq 0 ]] || failed=1
		running=$((running - 1))
	done
	rm -rf "$logs"
	return $failed
}

# took START: the seconds since START (an $EPOCHREALTIME), as go test prints them.
took() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3fs", b - a }'; }

# verdict RC PKG TOOK: go test's last line for a package, ok or FAIL; returns RC.
verdict() {
	if [[ $1 -eq 0 ]]; then
		printf 'ok  \t%s\t%s\n' "$2" "$3"
	else
		printf 'FAIL\t%s\t%s\n' "$2" "$3"
	fi
	return "$1"
}
