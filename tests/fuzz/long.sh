#!/usr/bin/env bash
# long.sh: `make fuzz-long`. Runs each libFuzzer target (build/fuzz/fuzz_*)
# for FUZZ_SECONDS (default 600) on its corpus, merges what found new
# coverage back into tests/fuzz/corpus/NAME (libFuzzer -merge=1: only
# inputs that add coverage), keeps crashes, leaks, timeouts and OOMs in
# build/fuzz-long/NAME/, and prints a table of execs and findings per
# target. Arguments: target names (elfsyms semver ...) to run only those.
# Exit 1 when any target found something. The short smoke run of
# `make check` is tests/run.sh fuzz, not this.
set -u
cd "$(dirname "$0")/../.."
BUILD=${GOTRIAGE_BUILD:-build}
secs=${FUZZ_SECONDS:-600}
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$BUILD"/fuzz/fuzz_*; do [ -x "$f" ] && names+=("$(basename "$f" | sed 's/^fuzz_//')"); done
fi
rows=()
found=0
for n in "${names[@]}"; do
	bin=$BUILD/fuzz/fuzz_$n
	[ -x "$bin" ] || { echo "no $bin (make fuzz)"; exit 2; }
	work=$BUILD/fuzz-long/$n
	corpus=tests/fuzz/corpus/$n
	mkdir -p "$work/new" "$corpus"
	rm -f "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*
	before=$(ls "$corpus" | wc -l)
	echo "== $n: ${secs}s on $before corpus inputs"
	"$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$work/" "$work/new" "$corpus" >"$work/log" 2>&1
	rc=$?
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | tail -1 | grep -o '[0-9]*$')
	cov=$(grep -oE 'cov: [0-9]+' "$work/log" | tail -1 | grep -oE '[0-9]+')
	# Merge back only what adds coverage to the committed corpus.
	"$bin" -merge=1 -rss_limit_mb=2048 -timeout=10 "$corpus" "$work/new" >"$work/merge.log" 2>&1
	after=$(ls "$corpus" | wc -l)
	finds=$(ls "$work" | grep -cE '^(crash|leak|timeout|oom)-')
	[ "$rc" -ne 0 ] && [ "$finds" -eq 0 ] && finds=1 # died without an artifact
	[ "$finds" -gt 0 ] && found=1
	rows+=("$(printf '%-18s %6ss %12s %8s %9s %8s' "$n" "$secs" "${execs:-?}" "${cov:-?}" "+$((after - before))" "$finds")")
done
echo
printf '%-18s %7s %12s %8s %9s %8s\n' target time execs cov corpus findings
for r in "${rows[@]}"; do echo "$r"; done
[ "$found" -eq 0 ] || echo "findings are in $BUILD/fuzz-long/NAME/ (crash-*, leak-*, timeout-*, oom-*)"
exit "$found"
