#!/usr/bin/env bash
# target_bytes.sh: a service whose executable name holds an ESC sequence
# and a bell: `check --format json` and the journal must carry no control
# character in any string, even as a JSON escape, so `jq -r` cannot write
# one to a terminal.
source "$(dirname "$0")/../lib.sh"
command -v jq >/dev/null || skip "jq is not installed"
command -v tmux >/dev/null || skip "tmux is not installed"

go_build "$ROOT/tests/fixtures/hostile" "$TMP/svc"
BAD=$TMP/$'svc\e]0;pwned\a\e[31m'
cp "$TMP/svc" "$BAD"
port=$(free_port)
"$BAD" -mode plain -addr "127.0.0.1:$port" >"$TMP/svc.out" 2>&1 &
SVC=$!
CLEANUP_PIDS+=("$SVC")
wait_http "http://127.0.0.1:$port"

"$GT" check --pid "$SVC" --format json >"$TMP/check.json" 2>"$TMP/check.err"
jq -e .target.exe "$TMP/check.json" >/dev/null || fail "check json has no target.exe: $(head -c 600 "$TMP/check.json")"
# Every string, printed raw, is free of C0 controls (tabs and newlines aside) and DEL.
ctl() { jq -r '.. | strings' "$1" | LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]'; }
n=$(ctl "$TMP/check.json")
[ "$n" = 0 ] || fail "check json: $n strings carry control characters"
grep -q 'svc' "$TMP/check.json" || fail "the exe name vanished"

J=$TMP/j.jsonl
tmux_start 120 30 bash --norc --noprofile
tmux_keys "'$GT' --pid $SVC --record $J; echo EXIT=\$?" Enter
tmux_wait "[1:Checklist]" 10
sleep 2
tmux_keys q
tmux_wait "EXIT=" 10
[ -s "$J" ] || fail "no journal"
n=0
while IFS= read -r line; do
	c=$(jq -r '.. | strings' <<<"$line" | LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]')
	n=$((n + c))
done <"$J"
[ "$n" = 0 ] || fail "journal: $n strings carry control characters"
grep -q 'svc' "$J" || fail "the journal never names the exe"
echo "ok: no control character in check json or the journal for an exe named with ESC"
