# pool.bash: run jobs a few at a time, each job's output printed whole when it
# ends; and the helpers the two scripts share. Sourced by scripts/gotest and
# scripts/gofuzz.
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

# group TAKEN IMPORTPATH: sets REPLY to the group (0, 1, ...) of a package's
# test binary. go test -c -o DIR/ names each binary after the last element
# of its package's import path, so packages that share one go to different
# groups, each built by a go command of its own into DIR/gN/. TAKEN names
# the associative array that records the names each group holds.
group() {
	local -n taken_=$1
	local base=${2##*/}
	REPLY=0
	while [[ -n ${taken_[$REPLY/$base]:-} ]]; do REPLY=$((REPLY + 1)); done
	taken_[$REPLY/$base]=1
}
