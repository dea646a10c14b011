#!/usr/bin/env bash
# Runs the test suites and prints one closing line: "N passed, N failed, N skipped".
#   tests/run.sh [unit] [fuzz] [it] [e2e] [all]
# Unit tests are cmocka binaries; it/ and e2e/ are bash scripts that exit
# 0 (pass), 77 (skip, with a reason on stdout) or anything else (fail).
# A cmocka binary that exits 77 is a skip too.
set -u
cd "$(dirname "$0")/.."
BUILD=${GOTRIAGE_BUILD:-build}
export GOTRIAGE_BUILD=$BUILD
pass=0 fail=0 skip=0
failed=()
# Strict skips (GOTRIAGE_STRICT_SKIPS=1, which make check sets when CI=true):
# a skip fails the run unless tests/skips-allowed.txt allows that test's
# skip for that reason (things no CI machine can do, e.g. unshare -n in a
# container). Everything else a test needs, tests/deps.sh installs.
strict=${GOTRIAGE_STRICT_SKIPS:-0}
allowed_skip() { # name reason
	local name pat
	[ -f tests/skips-allowed.txt ] || return 1
	while IFS=$'\t' read -r name pat _; do
		case $name in '' | \#*) continue ;; esac
		[ "$name" = "$1" ] && [[ $2 == *"$pat"* ]] && return 0
	done <tests/skips-allowed.txt
	return 1
}
log=$BUILD/test-logs
mkdir -p "$log"

result() { # name status seconds
	case $2 in
	0) pass=$((pass + 1)); printf 'PASS %-40s %5.1fs\n' "$1" "$3" ;;
	77)
		local why
		why=$(tail -n 1 "$log/$1.log")
		if [ "$strict" = 1 ] && ! allowed_skip "$1" "$why"; then
			fail=$((fail + 1)); failed+=("$1")
			printf 'FAIL %-40s skipped, but this machine should run it: %s\n' "$1" "$why"
		else
			skip=$((skip + 1)); printf 'SKIP %-40s %s\n' "$1" "$why"
		fi ;;
	*) fail=$((fail + 1)); failed+=("$1"); printf 'FAIL %-40s (exit %s; log below)\n' "$1" "$2"
	   tail -n 40 "$log/$1.log" | sed 's/^/    | /' ;;
	esac
}

run_one() { # name command...
	local name=$1; shift
	local t0 t1 st
	t0=$(date +%s.%N)
	"$@" >"$log/$name.log" 2>&1 </dev/null
	st=$?
	# A cmocka case that called skip() leaves its binary passing: count
	# the binary as skipped, naming the cases, so strict mode sees it.
	if [ "$st" -eq 0 ] && grep -q '^\[  SKIPPED \] test' "$log/$name.log"; then
		echo "cmocka skipped $(sed -n 's/^\[  SKIPPED \] \(test[^ ]*\)$/\1/p' "$log/$name.log" | sort -u |
			tr '\n' ' ')" >>"$log/$name.log"
		st=77
	fi
	t1=$(date +%s.%N)
	result "$name" "$st" "$(awk "BEGIN{print $t1 - $t0}")"
}

suite_unit() {
	for t in "$BUILD"/tests/test_*; do
		[ -x "$t" ] || continue
		if [ -n "${GOTRIAGE_VALGRIND:-}" ]; then
			run_one "valgrind-$(basename "$t")" valgrind -q --error-exitcode=9 \
				--leak-check=full --errors-for-leak-kinds=definite "$t"
		else
			run_one "$(basename "$t")" "$t"
		fi
	done
}

suite_fuzz() {
	for f in build/fuzz/fuzz_*; do
		[ -x "$f" ] || continue
		local n corpus
		n=$(basename "$f")
		corpus=tests/fuzz/corpus/${n#fuzz_}
		mkdir -p "build/fuzz-work/$n"
		# libFuzzer exits 77 on a finding by default, which this runner
		# counts as a skip: make a crash or leak a failure, and keep its
		# input under build/ (not the current directory).
		local opts="-error_exitcode=1 -timeout_exitcode=1 -artifact_prefix=build/fuzz-work/$n/"
		if [ -d "$corpus" ]; then
			run_one "$n" "$f" $opts -max_total_time="${FUZZ_SECONDS:-4}" -rss_limit_mb=2048 \
				-timeout=10 "build/fuzz-work/$n" "$corpus"
		else
			run_one "$n" "$f" $opts -max_total_time="${FUZZ_SECONDS:-4}" -rss_limit_mb=2048 \
				-timeout=10 "build/fuzz-work/$n"
		fi
	done
}

suite_scripts() { # dir
	for s in tests/"$1"/*.sh; do
		[ -f "$s" ] || continue
		case $s in *_lib.sh) continue ;; esac # sourced by tests, not tests
		run_one "$1-$(basename "$s" .sh)" bash "$s"
	done
}

[ $# -eq 0 ] && set -- all
for suite in "$@"; do
	case $suite in
	unit) suite_unit ;;
	fuzz) suite_fuzz ;;
	it) suite_scripts it ;;
	e2e) suite_scripts e2e ;;
	all) suite_unit; suite_fuzz; suite_scripts it; suite_scripts e2e ;;
	*) echo "run.sh: unknown suite $suite" >&2; exit 2 ;;
	esac
done

echo
[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]}"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
