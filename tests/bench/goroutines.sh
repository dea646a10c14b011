#!/usr/bin/env bash
# Bench: `gotriage goroutines FILE` against panicparse (Debian's, default
# flags) on the same real dumps, in the same run, plus `grep -c '^goroutine '`
# as the floor for one pass over the bytes. The dumps come from the fixture
# service (tests/fixtures/goroutines) with -dumpto, which writes what
# debug=2 writes without runtime/pprof's 64 MiB cut: 10k goroutines (~20 MB)
# and 100k (~200 MB), stacks 24 calls deep.
# Goals (issue 4): on 10k at least 20x faster than panicparse with at most a
# quarter of its peak RSS; 100k parsed and bucketed in under 1 s; within 3x
# of grep -c. panicparse on 100k takes minutes and ~4 GB: only with
# BENCH_SLOW=1. Prints measurements and one PASS/MISS line per goal.
source "$(dirname "$0")/../lib.sh"
command -v panicparse >/dev/null || skip "panicparse is not installed (apt-get install panicparse)"
[ -x "$GT" ] || skip "build gotriage first (make)"

go_build "$ROOT/tests/fixtures/goroutines" "$TMP/gfix"
for n in 10000 100000; do
	"$TMP/gfix" -n "$n" -depth 24 -dumpto "$TMP/d$n.txt" >/dev/null 2>&1 ||
		fail "the fixture could not write a $n-goroutine dump"
done

# run CMD...: one run; prints "seconds maxrss_kb" (wall from the shell
# clock, RSS from /usr/bin/time). Output goes to a file, not /dev/null:
# GNU grep stops at the first match when its output is /dev/null.
run() {
	local t0 t1 rss
	t0=$(date +%s%N)
	rss=$(/usr/bin/time -o "$TMP/rss" -f '%M' "$@" >"$TMP/out" 2>/dev/null; tail -n 1 "$TMP/rss")
	t1=$(date +%s%N)
	awk -v ns=$((t1 - t0)) -v r="$rss" 'BEGIN { printf "%.3f %s\n", ns / 1e9, r }'
}
# best N CMD...: the fastest of N runs.
best() {
	local n=$1 b="" r
	shift
	for _ in $(seq "$n"); do
		r=$(run "$@")
		if [ -z "$b" ] || awk -v a="${r% *}" -v b="${b% *}" 'BEGIN { exit !(a < b) }'; then b=$r; fi
	done
	echo "$b"
}
verdict() { # GOAL-TEXT CONDITION-AWK
	if awk "BEGIN { exit !($2) }"; then echo "PASS  $1"; else echo "MISS  $1"; fi
}

for n in 10000 100000; do
	f=$TMP/d$n.txt
	mb=$(awk -v b="$(stat -c %s "$f")" 'BEGIN { printf "%.1f", b / 1e6 }')
	count=$(grep -c '^goroutine ' "$f")
	echo "== $n goroutines: $mb MB, grep -c says $count"
	g=$(best 3 grep -c '^goroutine ' "$f")
	t=$(best 3 "$GT" goroutines "$f")
	l=$(best 3 "$GT" goroutines --loose "$f")
	inner=$("$GT" goroutines --json "$f" | awk -F'[:,\t ]+' '/"parse_seconds"/ {p=$3} /"bucket_seconds"/ {b=$3} END {printf "%.3f s parse + %.3f s bucket", p, b}')
	printf '%-34s %8.3f s %9d KB\n' "grep -c '^goroutine '" ${g% *} ${g#* }
	printf '%-34s %8.3f s %9d KB   (%s)\n' "gotriage goroutines" ${t% *} ${t#* } "$inner"
	printf '%-34s %8.3f s %9d KB\n' "gotriage goroutines --loose" ${l% *} ${l#* }
	echo "throughput: $(awk -v m="$mb" -v s="${t% *}" 'BEGIN { printf "%.0f", m / s }') MB/s;" \
		"$(awk -v a="${t% *}" -v b="${g% *}" 'BEGIN { printf "%.1f", a / b }')x the time of grep -c"
	if [ "$n" = 10000 ] || [ -n "${BENCH_SLOW:-}" ]; then
		p=$(run panicparse -no-color "$f")
		printf '%-34s %8.3f s %9d KB\n' "panicparse (defaults)" ${p% *} ${p#* }
		echo "gotriage is $(awk -v a="${p% *}" -v b="${t% *}" 'BEGIN { printf "%.0f", a / b }')x faster" \
			"with $(awk -v a="${t#* }" -v b="${p#* }" 'BEGIN { printf "%.2f", a / b }') of its peak RSS"
		if [ "$n" = 10000 ]; then
			verdict ">= 20x faster than panicparse on 10k" "${p% *} / ${t% *} >= 20"
			verdict "<= 1/4 of panicparse's peak RSS on 10k" "${t#* } * 4 <= ${p#* }"
		fi
	else
		echo "panicparse on $n: skipped (minutes and ~4 GB); BENCH_SLOW=1 runs it"
	fi
	if [ "$n" = 100000 ]; then
		verdict "100k parsed and bucketed in < 1 s" "${t% *} < 1"
		verdict "within 3x of grep -c on 100k" "${t% *} <= 3 * ${g% *}"
	fi
	echo
done
echo "(peak RSS of gotriage includes the dump file, which it maps instead of copying)"
