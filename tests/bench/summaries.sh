#!/usr/bin/env bash
# The cost of the function summaries (collectors/repo/reposcan_sym.c,
# reposcan_summary.c, reposcan_evident.c): `gotriage scan` of Go's
# standard library sources (/usr/lib/go/src, every .go file) pinned to one
# core, with the inter-procedural pass on (the default) and off
# (GOTRIAGE_NO_SUMMARIES=1: no call sites recorded, nothing completed).
# Goal: under 2 s on one core with the pass on. Prints median wall times
# of N runs, the difference, the pass's own time as the scan reports it
# (summary_seconds: the fixed point only), what the pass found in the
# tree, and peak RSS both ways.
source "$(dirname "$0")/../lib.sh"
[ -x "$GT" ] || fail "build gotriage first ($GT)"
cp "$GT" "$TMP/gotriage" && GT=$TMP/gotriage
command -v jq >/dev/null || skip "jq is not installed"
SRC=${SCAN_BENCH_TREE:-/usr/lib/go/src}
[ -d "$SRC" ] || skip "no Go source tree at $SRC (install golang-go)"
N=${SCAN_BENCH_RUNS:-5}
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
time_runs() { # median wall seconds of N runs after one warm-up
	local t0 t1
	"$@" >/dev/null 2>&1
	for _ in $(seq 1 "$N"); do
		t0=$(date +%s.%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s.%N)
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }'
	done | median
}
peak_rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1; }
cpu_runs() { # median user+sys seconds of N runs (steadier than wall on a shared machine)
	for _ in $(seq 1 "$N"); do
		/usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{ printf "%.2f\n", $1 + $2 }'
	done | median
}

on=$("${PIN[@]}" "$GT" scan --repo "$SRC" --all --json) || fail "scan failed"
off=$(GOTRIAGE_NO_SUMMARIES=1 "${PIN[@]}" "$GT" scan --repo "$SRC" --all --json) ||
	fail "scan without summaries failed"
pass=$(jq '.summary_seconds' <<<"$on")
via_on=$(jq '[.routes[] | select(.via != null)] | length' <<<"$on")
via_off=$(jq '[.routes[] | select(.via != null)] | length' <<<"$off")
t_on=$(time_runs "${PIN[@]}" "$GT" scan --repo "$SRC" --all)
t_off=$(time_runs env GOTRIAGE_NO_SUMMARIES=1 "${PIN[@]}" "$GT" scan --repo "$SRC" --all)
c_on=$(cpu_runs "${PIN[@]}" "$GT" scan --repo "$SRC" --all)
c_off=$(cpu_runs env GOTRIAGE_NO_SUMMARIES=1 "${PIN[@]}" "$GT" scan --repo "$SRC" --all)
rss_on=$(peak_rss "${PIN[@]}" "$GT" scan --repo "$SRC" --all --json)
rss_off=$(GOTRIAGE_NO_SUMMARIES=1 peak_rss "${PIN[@]}" "$GT" scan --repo "$SRC" --all --json)

echo "tree: $SRC ($(jq '.files_scanned' <<<"$on") files, $(jq '.lines' <<<"$on") lines), one core, median of $N"
awk -v a="$t_on" -v b="$t_off" -v p="$pass" -v ra="$rss_on" -v rb="$rss_off" -v ca="$c_on" -v cb="$c_off" 'BEGIN {
	printf "summaries on:  %.3f s wall, %.2f s cpu, peak RSS %d KiB\n", a, ca, ra
	printf "summaries off: %.3f s wall, %.2f s cpu, peak RSS %d KiB\n", b, cb, rb
	printf "cpu cost of the pass: %+.2f s (%+.1f%%)\n", ca - cb, (cb > 0 ? (ca - cb) * 100 / cb : 0)
	printf "cost of the inter-procedural pass: %+.3f s wall (%+.1f%%), of which the fixed point %.4f s\n",
		a - b, (b > 0 ? (a - b) * 100 / b : 0), p
	if (a < 2.0) print "goal (< 2 s on one core with the summaries on): met"
	else print "goal (< 2 s on one core with the summaries on): NOT met" }'
echo "routes completed through helpers (with a via chain): $via_on on, $via_off off"
