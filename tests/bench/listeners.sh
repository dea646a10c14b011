#!/usr/bin/env bash
# `gotriage listeners PID --no-sniff` against `ss -ltnp` (what the on-call
# engineer would otherwise run, then grep for the PID), in the same run:
# first in a quiet network namespace, then with a crowd of extra listening
# sockets owned by another process (both tools must read past them). Prints
# ms per call, the ratio, and peak RSS of one call of each.
source "$(dirname "$0")/../lib.sh"
command -v ss >/dev/null || skip "ss (iproute2) is not installed"
N=${LISTENERS_BENCH_RUNS:-200}
EXTRA=${LISTENERS_BENCH_EXTRA:-5000}
go_build "$ROOT/tests/fixtures/listeners" "$TMP/listeners"

start() { # out-file [args]; sets FPID
	local out=$1; shift
	: >"$out"
	"$TMP/listeners" "$@" >"$out" 2>&1 &
	FPID=$!
	CLEANUP_PIDS+=("$FPID")
	for _ in $(seq 1 200); do grep -q '^ready' "$out" && return; sleep 0.05; done
	fail "listeners fixture did not start: $(cat "$out")"
}

# The same collector in a binary that links no libcurl: separates our work
# from the dynamic loading of libcurl's ~30 libraries, which the real binary
# pays at every start.
cat >"$TMP/lsn.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include "collectors/proc/procnet.h"
int main(int argc, char **argv)
{
	struct listeners *l;
	char *cause = NULL;
	if (argc != 2 || procnet_listeners_for_pid(atoi(argv[1]), &l, &cause) < 0)
		return 2;
	for (size_t i = 0; i < l->n; i++)
		printf("LISTEN %lu %ld %s fd=%d\n", l->v[i].rx_queue, l->v[i].backlog, l->v[i].local,
		       l->v[i].fd);
	procnet_listeners_free(l);
	return 0;
}
C
${CC:-cc} -std=c11 -O2 -D_GNU_SOURCE -I"$ROOT" $(pkg-config --cflags libcjson) -o "$TMP/lsn" \
	"$TMP/lsn.c" "$ROOT"/collectors/proc/{procnet,procfs}.c "$ROOT"/collectors/base/{common,sanitize}.c $(pkg-config --libs libcjson) ||
	fail "cannot build the collector-only driver"
echo 'int main(void) { return 0; }' >"$TMP/empty.c"
${CC:-cc} -o "$TMP/empty-curl" "$TMP/empty.c" -Wl,--no-as-needed $(pkg-config --libs libcurl) ||
	fail "cannot build the empty program"

# ms per call of "$@" over N runs (output discarded).
per_call() {
	local t0 t1
	t0=$(date +%s%N)
	for _ in $(seq 1 "$N"); do "$@" >/dev/null 2>&1; done
	t1=$(date +%s%N)
	awk -v a="$t0" -v b="$t1" -v n="$N" 'BEGIN { printf "%.3f", (b - a) / n / 1e6 }'
}
rss() { /usr/bin/time -f '%M' -o "$TMP/rss" "$@" >/dev/null 2>&1; cat "$TMP/rss"; }

measure() { # label
	local ours theirs sockets
	sockets=$(($(wc -l </proc/net/tcp) + $(wc -l </proc/net/tcp6 2>/dev/null || echo 0) - 2))
	# Same answer first, or the timing means nothing.
	[ "$("$GT" listeners "$PID" --no-sniff | tail -n +2 | wc -l)" = \
		"$(ss -ltnp | grep -c "pid=$PID,")" ] || fail "$1: listener counts differ from ss"
	"$GT" listeners "$PID" --no-sniff >/dev/null; ss -ltnp >/dev/null # warm caches
	ours=$(per_call "$GT" listeners "$PID" --no-sniff)
	theirs=$(per_call ss -ltnp)
	core=$(per_call "$TMP/lsn" "$PID")
	awk -v l="$1" -v o="$ours" -v t="$theirs" -v c="$core" -v s="$sockets" -v ro="$(rss "$GT" listeners "$PID" --no-sniff)" \
		-v rt="$(rss ss -ltnp)" -v n="$N" 'BEGIN {
		printf "%s (%d TCP sockets in the namespace, %d runs): gotriage listeners %.2f ms, ss -ltnp %.2f ms, ratio %.2fx (<1 = faster); collector without libcurl %.2f ms (%.2fx ss); peak RSS %d KiB vs %d KiB\n",
			l, s, n, o, t, o / t, c, c / t, ro, rt }'
}

echo "process start cost: an empty program linked with libcurl $(per_call "$TMP/empty-curl") ms per run"
start "$TMP/a.out"
PID=$FPID
measure quiet
start "$TMP/b.out" -extra "$EXTRA"
measure crowded
