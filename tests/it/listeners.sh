#!/usr/bin/env bash
# `gotriage listeners PID` against `ss -ltnp` for the same process: the same
# listeners (address:port, Send-Q, fd), nothing of other processes, each
# sniffed within the timeout, and clear errors for bad PIDs.
source "$(dirname "$0")/../lib.sh"
command -v ss >/dev/null || skip "ss (iproute2) is not installed"
[ -x "$GT" ] || fail "no gotriage binary at $GT"

go_build "$ROOT/tests/fixtures/listeners" "$TMP/listeners"
start_fixture() { # out-file; sets FPID
	: >"$1"
	"$TMP/listeners" >"$1" 2>&1 &
	FPID=$!
	CLEANUP_PIDS+=("$FPID")
	for _ in $(seq 1 100); do grep -q '^ready' "$1" && return; sleep 0.05; done
	fail "listeners fixture did not start: $(cat "$1")"
}
start_fixture "$TMP/a.out"
PID=$FPID
start_fixture "$TMP/b.out" # a second process: its sockets must never show up for PID
OTHER=$FPID

# Same rows as ss: Send-Q, local address, process column (name, pid, fd).
ours=$("$GT" listeners "$PID" --no-sniff) || fail "listeners exited $?: $ours"
theirs=$(ss -ltnp | grep "pid=$PID,")
norm_ours=$(awk 'NR > 1 { print $1, $3, $4, $5 }' <<<"$ours" | sort)
norm_ss=$(awk '{ print $1, $3, $4, $6 }' <<<"$theirs" | sort)
assert_eq "$norm_ours" "$norm_ss" "listeners differ from ss -ltnp"
n=$(wc -l <<<"$norm_ss")
[ "$n" -ge 3 ] || fail "expected at least 3 listeners, ss shows $n"
grep -q "pid=$OTHER," <<<"$ours" && fail "another process's listener was listed"
other_port=$(awk '/^http /{ print $2 }' "$TMP/b.out")
grep -qF "$other_port" <<<"$ours" && fail "listed $other_port, which belongs to PID $OTHER"

# Sniffing: HTTP/1 on the HTTP ports, bounded "unknown" on the silent one.
http=$(awk '/^http /{ print $2 }' "$TMP/a.out")
silent=$(awk '/^silent /{ print $2 }' "$TMP/a.out")
t0=$(date +%s%N)
out=$("$GT" listeners "$PID" --timeout 300) || fail "listeners with sniffing exited $?"
ms=$((($(date +%s%N) - t0) / 1000000))
assert_contains "$(grep -F " $http " <<<"$out")" "http/1 (HTTP/1.1 400 Bad Request)"
assert_contains "$(grep -F " $silent " <<<"$out")" "unknown (no answer in 300 ms)"
# All listeners are sniffed at once: one timeout, not one per silent port.
[ "$ms" -lt 2000 ] || fail "sniffing took $ms ms with a 300 ms timeout"

# JSON carries the same set.
json=$("$GT" listeners "$PID" --json) || fail "--json exited $?"
if command -v jq >/dev/null; then
	jl=$(jq -r '.listeners[].local' <<<"$json" | sort)
	assert_eq "$jl" "$(awk '{ print $4 }' <<<"$theirs" | sort)" "--json addresses"
	assert_eq "$(jq -r ".listeners[] | select(.local == \"$http\") | .protocol" <<<"$json")" "http/1"
fi

# The other-namespace case (the /proc/PID/net fallback) is listeners_netns.sh.

# A process without listeners, and bad input: exit 2 and one clear line.
sleep 30 &
SLEEP=$!
CLEANUP_PIDS+=("$SLEEP")
out=$("$GT" listeners "$SLEEP") || fail "no-listener process exited $?"
assert_contains "$out" "has no listening TCP sockets"
err=$("$GT" listeners 1073741000 2>&1 >/dev/null); st=$?
assert_eq "$st" 2 "exit status for a missing PID"
assert_contains "$err" "no process with PID 1073741000"
err=$("$GT" listeners nope 2>&1 >/dev/null); st=$?
assert_eq "$st" 2 "exit status for a non-numeric PID"
assert_contains "$err" "is not a PID"
# Somebody else's process: permission denied says what to do.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$GT" listeners "$PID" 2>&1 >/dev/null); st=$?
	assert_eq "$st" 2 "exit status when the fd table is unreadable"
	assert_contains "$err" "permission denied"
	assert_contains "$err" "as root"
fi
echo "ok: $n listeners match ss -ltnp; sniff of a silent port bounded ($ms ms)"
