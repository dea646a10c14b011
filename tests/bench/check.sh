#!/usr/bin/env bash
# `gotriage check` on the demo service, everything included: wall time of
# the whole run (median of N), and peak RSS. The demo's GOPROXY probe is
# bounded by its timeout and runs concurrently; on this offline machine it
# fails fast (DNS), so the figure is the real cost of the checklist.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"
start_demo
N=${CHECK_BENCH_RUNS:-11}
times=()
for _ in $(seq 1 "$N"); do
	t0=$(date +%s%N)
	$SERVICE_ENV "$GT" check --pid "$DEMO_PID" --repo "$DEMO_SRC" --format json >/dev/null
	t1=$(date +%s%N)
	times+=($(( (t1 - t0) / 1000 )))
done
med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (N + 1) / 2 ))p")
rss=$( { /usr/bin/time -f '%M' $SERVICE_ENV "$GT" check --pid "$DEMO_PID" --repo "$DEMO_SRC" \
	--format json >/dev/null; } 2>&1 | tail -1)
printf 'gotriage check on the demo (18 checks, debug=2 dump, route probes, module hashes):\n'
printf '  median %.1f ms over %d runs (goal < 1000 ms), peak RSS %s KB\n' \
	"$(echo "$med" | awk '{print $1/1000}')" "$N" "$rss"
