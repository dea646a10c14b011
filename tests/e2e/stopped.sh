#!/usr/bin/env bash
# A stopped service is said to be one (never "does not serve
# net/http/pprof"), the console recovers by itself after SIGCONT, and a
# service restarted on the same port is followed to its new PID, with the
# switch in the journal.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
command -v jq >/dev/null || skip "jq not installed"
start_demo
cd "$ROOT"

# `check` against the stopped demo.
kill -STOP "$DEMO_PID"
out=$($SERVICE_ENV "$GT" check --pid "$DEMO_PID" --repo "$DEMO_SRC" --only ticker-without-consumer,route-not-served \
	--header X-Trace-ID 2>&1)
kill -CONT "$DEMO_PID"
assert_contains "$out" "the process is stopped (T)"
assert_contains "$out" "accepted the connection but did not answer within"
assert_contains "$out" " s; the process is stopped (SIGSTOP)"
if grep -q "serve net/http/pprof\|does not serve" <<<"$out"; then
	fail "a stopped service was told to add net/http/pprof: $out"
fi
echo "ok: check says the demo is stopped"

# The console, attached while it is stopped.
kill -STOP "$DEMO_PID"
export XDG_STATE_HOME=$TMP/state
J=$TMP/session.jsonl
tmux_start 200 50 "$SERVICE_ENV '$GT' --pid $DEMO_PID --record '$J' --refresh 1 --pane overview; sleep 30"
tmux_wait "stopped (T)" 10
tmux_wait "accepted the connection but did not answer within" 10
tmux_wait "the process is stopped (SIGSTOP)" 5
screen=$(tmux_screen)
grep -q "no listener serves net/http/pprof" <<<"$screen" &&
	fail "the overview blames net/http/pprof for a stopped process: $screen"
kill -CONT "$DEMO_PID"
# Re-probed with back-off: it recovers without a key.
tmux_wait "(debug=1:" 25
tmux_wait "sleeping (S)" 5
echo "ok: the console recovered after SIGCONT"

# Restart on the same port: followed to the new PID.
{ kill -KILL "$DEMO_PID"; wait "$DEMO_PID"; } 2>/dev/null
DEMO_ADDR=127.0.0.1:$DEMO_PORT $SERVICE_ENV "$DEMO_BIN" >"$TMP/demo2.log" 2>&1 &
NEW_PID=$!
CLEANUP_PIDS+=("$NEW_PID")
wait_http "$DEMO_URL"
tmux_wait "$NEW_PID (demo-bin)" 15
jq -s -e --argjson a "$DEMO_PID" --argjson b "$NEW_PID" \
	'any(.[]; .kind == "target_switch" and .from_pid == $a and .to_pid == $b)' "$J" >/dev/null ||
	fail "no target_switch event in the journal: $(grep -c . "$J") lines; $(grep -v "\"fetch\"" "$J" | tail -5)"
echo "ok: followed the restart from $DEMO_PID to $NEW_PID"
tmux_keys q
echo "stopped e2e: ok"
