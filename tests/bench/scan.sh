#!/usr/bin/env bash
# gotriage scan over Debian's Go standard library source (/usr/lib/go/src,
# every .go file: tests, testdata, vendor and the cmd module included,
# about 2 million lines), pinned to one core. Goal: the whole tree in
# under 2 s. Baselines measured in the same run: `go list -e std` (the
# toolchain placing the same default-mode files by build constraints) and
# `grep -rE` for route/listener calls over the whole tree (what an engineer
# would otherwise type). Prints median wall times of N runs, files/s,
# lines/s, ratios and peak RSS.
source "$(dirname "$0")/../lib.sh"
[ -x "$GT" ] || fail "build gotriage first ($GT)"
cp "$GT" "$TMP/gotriage" && GT=$TMP/gotriage
SRC=${SCAN_BENCH_TREE:-/usr/lib/go/src}
[ -d "$SRC" ] || skip "no Go source tree at $SRC (install golang-go)"
N=${SCAN_BENCH_RUNS:-5}
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# time_runs CMD...: median wall seconds of N runs (after one warm-up run).
time_runs() {
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

json=$("${PIN[@]}" "$GT" scan --repo "$SRC" --all --json) || fail "scan failed"
files=$(jq '.files_scanned' <<<"$json")
lines=$(jq '.lines' <<<"$json")
bytes=$(jq '.bytes' <<<"$json")
internal=$(jq '.seconds' <<<"$json")
t_all=$(time_runs "${PIN[@]}" "$GT" scan --repo "$SRC" --all)
t_all_json=$(time_runs "${PIN[@]}" "$GT" scan --repo "$SRC" --all --json)
t_def=$(time_runs "${PIN[@]}" "$GT" scan --repo "$SRC")
rss=$(peak_rss "${PIN[@]}" "$GT" scan --repo "$SRC" --all --json)

echo "tree: $SRC: $files files, $lines lines, $bytes bytes (everything: tests, testdata, vendor, cmd)"
awk -v t="$t_all" -v f="$files" -v l="$lines" -v i="$internal" -v r="$rss" 'BEGIN {
	printf "gotriage scan --all (text):  %.3f s wall on one core; %.0f files/s, %.2f M lines/s; scan itself %.3f s; peak RSS %d KiB\n",
		t, f / t, l / t / 1e6, i, r }'
awk -v t="$t_all_json" 'BEGIN { printf "gotriage scan --all --json:  %.3f s\n", t }'
awk -v t="$t_all" 'BEGIN { if (t < 2.0) print "goal (< 2 s for the whole tree): met"; else print "goal (< 2 s for the whole tree): NOT met" }'

if command -v go >/dev/null; then
	t_go=$(cd "$SRC" && time_runs "${PIN[@]}" go list -e -f '{{.GoFiles}}{{.IgnoredGoFiles}}' std)
	awk -v a="$t_def" -v b="$t_go" 'BEGIN {
		printf "default mode (no tests/testdata/vendor/cmd): gotriage scan %.3f s vs go list -e std %.3f s: %.1fx faster\n",
			a, b, b / a }'
else
	echo "note: go not installed, go list baseline skipped"
fi
t_grep=$(time_runs "${PIN[@]}" grep -rE --include='*.go' 'HandleFunc|ListenAndServe|NewTicker|go:embed' "$SRC")
awk -v a="$t_all" -v b="$t_grep" 'BEGIN {
	printf "whole tree: gotriage scan %.3f s vs grep -rE (4 patterns, no parsing) %.3f s: ratio %.2f\n", a, b, a / b }'
