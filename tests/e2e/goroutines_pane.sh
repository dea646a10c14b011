#!/usr/bin/env bash
# The goroutines pane in tmux.
#  1. Against the demo: the dump is fetched on entry and bucketed (the
#     heartbeat loop, and the metrics flush loop created by metrics.init.0),
#     / filters as you type, Enter shows the stack with the main-module frame
#     marked, r refetches and the diff column fills in, t switches buckets,
#     and the checklist's goroutine:ID evidence opens that goroutine's stack.
#  2. Against the goroutines fixture with more than 10,000 goroutines: the
#     pane asks before the stop-the-world dump (n: nothing is fetched), x
#     cancels a fetch, and while the dump is fetched and parsed the console
#     answers keys (? opens the help within a second; the latency is
#     printed).
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config

# Builds the goroutine fixture while the demo builds.
GSRC=$TMP/gfix-src
cp -r "$ROOT/tests/fixtures/goroutines" "$GSRC"
rm -rf "$GSRC/dumps"
(go_build "$GSRC" "$TMP/gfix") >"$TMP/gfix-build.log" 2>&1 &
gbuild=$!
start_demo

# ---- 1. the demo ----
tmux_start 130 32 "$GT" --pid "$DEMO_PID" --pane goroutines --no-record
tmux_wait "[6:Goroutines]" 10
tmux_wait "main.heartbeatLoop" 10
tmux_wait "example.com/demo/internal/metrics.flushLoop" 5
screen=$(tmux_screen)
assert_contains "$screen" "goroutines in "
assert_contains "$screen" ", parsed in "
assert_contains "$screen" "debug=1 total "
# The memory strip, from heap?debug=1 and /debug/vars.
tmux_wait "memory  heap " 5
# At 130 columns the creator column shows: flushLoop was started by an init.
grep -E "chan receive .*metrics\.flushLoop .*metrics\.init\.0" <<<"$screen" >/dev/null ||
	fail "flushLoop's bucket does not say it was created by metrics.init.0: $screen"

# / filters as you type; Enter closes the box, Enter again opens the stack.
tmux_keys /
tmux_keys heart
tmux_wait "/heart_  (1 match)" 3
screen=$(tmux_screen)
grep -q "flushLoop" <<<"$screen" && fail "the filter kept flushLoop: $screen"
tmux_keys Enter
tmux_keys Enter
tmux_wait "created by main.main" 3
tmux_wait "* main.heartbeatLoop(" 3
assert_contains "$(tmux_screen)" "tickers.go:"
tmux_keys Escape
tmux_wait "TOP FRAME" 3
tmux_keys Escape # clears the filter
tmux_wait "metrics.flushLoop" 3

# Through the : prompt too (other panes' "filter:" jumps).
tmux_keys : 'filter flushLoop' Enter
tmux_wait "/flushLoop  (1 match)" 3
tmux_keys Enter
tmux_wait "created by example.com/demo/internal/metrics.init.0" 3
tmux_keys Escape
tmux_keys Escape

# r refetches: every bucket gets a diff against the first fetch.
tmux_keys r
for _ in $(seq 1 100); do
	tmux_screen | grep -qE "^ +1 (=|\+1|new) +chan receive +main\.heartbeatLoop" && break
	sleep 0.05
done
tmux_screen | grep -qE "^ +1 = +chan receive +main\.heartbeatLoop" ||
	fail "no diff after r: $(tmux_screen)"

# t switches to exact buckets and back.
tmux_keys t
tmux_wait "(exact; t: loose)" 3
tmux_keys t
tmux_wait "(loose; t: exact)" 3

# A checklist evidence line (goroutine:ID) lands on that goroutine's stack.
tmux_keys 1
tmux_keys : 'check init-goroutine' Enter
tmux_wait "Evidence (Enter opens" 5
tmux_keys Enter
tmux_wait "[6:Goroutines]" 3
tmux_wait "Bucket " 3
screen=$(tmux_screen)
assert_contains "$screen" "* example.com/demo/internal/metrics.flushLoop()"
assert_contains "$screen" "created by example.com/demo/internal/metrics.init.0"
tmux_keys q
sleep 0.3
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
echo "ok: demo buckets, filter, stack, refetch diff, toggle, checklist jump"

# ---- 2. more than 10,000 goroutines ----
wait "$gbuild" || fail "fixture build failed: $(cat "$TMP/gfix-build.log")"
port=$(free_port)
"$TMP/gfix" -addr "127.0.0.1:$port" -n 12000 >"$TMP/gfix.out" 2>&1 &
CLEANUP_PIDS+=("$!")
for _ in $(seq 1 300); do
	grep -q '^ready ' "$TMP/gfix.out" 2>/dev/null && break
	sleep 0.1
done
grep -q '^ready ' "$TMP/gfix.out" || fail "fixture never got ready: $(cat "$TMP/gfix.out")"
URL=http://127.0.0.1:$port

tmux_start 100 30 "$GT" --url "$URL" --pane goroutines --no-record
tmux_wait "goroutines: the full dump stops the service ~" 15
assert_contains "$(tmux_screen)" "fetch? [y/N]"
tmux_keys n Enter
tmux_wait "not fetched: " 3
sleep 1
screen=$(tmux_screen)
assert_contains "$screen" "Goroutines: no dump yet"
grep -q "goroutines in .* buckets" <<<"$screen" && fail "a dump was fetched after n: $screen"

# x cancels a running dump fetch (the runtime goes on writing it).
tmux_keys r
tmux_wait "fetch? [y/N]" 5
tmux_keys y Enter
tmux_wait "fetching the full dump (debug=2)" 5
tmux_keys x
tmux_wait "dump fetch cancelled" 5
assert_contains "$(tmux_screen)" "Goroutines: no dump yet"

# r asks again; y fetches. While the dump is fetched or parsed, ? must
# open the help at once.
tmux_keys r
tmux_wait "fetch? [y/N]" 15
tmux_keys y Enter
tmux_wait "fetching the full dump (debug=2)" 5
t0=$(date +%s%N)
tmux_keys '?'
for _ in $(seq 1 400); do
	screen=$(tmux_screen)
	grep -qF "keys in the goroutines pane" <<<"$screen" && break
	sleep 0.005
done
t1=$(date +%s%N)
grep -qF "keys in the goroutines pane" <<<"$screen" || fail "no help while fetching: $screen"
ms=$(((t1 - t0) / 1000000))
# The help must have opened while the dump was still on its way.
grep -qF "Goroutines: no dump yet" <<<"$screen" || fail "the dump had landed before the help: $screen"
echo "help opened ${ms} ms after ? during the dump fetch"
[ "$ms" -lt 1000 ] || fail "the console took ${ms} ms to answer ? during the fetch"
tmux_keys Space
tmux_wait "goroutines in " 30
screen=$(tmux_screen)
n=$(grep -oE "^[0-9]+ goroutines in" <<<"$screen" | grep -oE "^[0-9]+")
[ "${n:-0}" -gt 12000 ] || fail "expected more than 12000 goroutines: $screen"
grep -qE "^ +[0-9]+ +sleep +main\.napper" <<<"$screen" || fail "no napper bucket: $screen"
tmux_keys q
echo "ok: confirmation above 10,000 goroutines, $n goroutines fetched, keys answered"
