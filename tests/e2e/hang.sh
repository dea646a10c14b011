#!/usr/bin/env bash
# A target that accepts connections and never answers must leave the UI
# responsive, and the status line must show the fetch timing out.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
go_build "$ROOT/tests/fixtures/hang" "$TMP/hang"
"$TMP/hang" >"$TMP/hang.addr" &
CLEANUP_PIDS+=($!)
for _ in $(seq 1 50); do [ -s "$TMP/hang.addr" ] && break; sleep 0.1; done
addr=$(cat "$TMP/hang.addr")
[ -n "$addr" ] || fail "hang fixture did not start"

export XDG_STATE_HOME=$TMP/state
tmux_start 100 30 "'$GT' --url http://$addr --no-record --pane overview; echo EXIT=\$?; sleep 5"
tmux_wait "fetching probe /debug/pprof/" 5
# While the fetch hangs, keys are answered at once.
t0=$(date +%s%N)
tmux_keys '?'
tmux_wait "keys in the overview pane" 2
t1=$(date +%s%N)
echo "help answered in $(( (t1 - t0) / 1000000 )) ms during a hanging fetch"
tmux_keys Space
tmux_wait "accepted the connection but did not answer within" 6
# The goroutines pane says the same: a hung service is not a missing
# endpoint (it used to say "no pprof endpoint found").
tmux_keys ':' 'goto goroutines' Enter
tmux_wait "[6:Goroutines]" 3
tmux_wait "accepted the connection but did not answer within" 6
tmux_screen | grep -qF "no pprof endpoint found" && fail "hung endpoint reported as missing: $(tmux_screen)"
tmux_keys q
tmux_wait "EXIT=0" 5
echo "hang e2e: ok"
