#!/usr/bin/env bash
# The guided checklist on the demo, as an on-call engineer walks it: n
# through the steps to a failed one, its evidence and remedy, a note typed
# at the prompt, a mark, and Enter on an evidence line opening the pane
# that shows it; :check jumps straight to a step.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
tmux_start 100 30 "$SERVICE_ENV '$GT' --pid $DEMO_PID --repo $DEMO_SRC --record $TMP/j.jsonl; echo EXIT=\$?; sleep 5"
tmux_wait "[1:Checklist]" 10
tmux_wait "18/18 run" 10
screen=$(tmux_screen)
assert_contains "$screen" "[FAIL] route-excluded-by-build"
assert_contains "$screen" "[FAIL] ticker-without-consumer"

# Walk: n opens step 1, then on to step 4 (route-not-served, failed).
tmux_keys n
tmux_wait "Step 1/18  stale-binary" 5
tmux_keys n n n
tmux_wait "Step 4/18  route-not-served" 5
tmux_wait "orders_v2.go:12 GET http://127.0.0.1:$DEMO_PORT/api/v2/orders -> 404, declared with handler" 5
tmux_wait "Remedy:" 5
tmux_wait "By hand:" 5
# p goes back, n forward again.
tmux_keys p
tmux_wait "Step 3/18  route-excluded-by-build" 5
tmux_keys n
tmux_wait "Step 4/18" 5

# A note through the prompt, and a confirmation mark.
tmux_keys a
tmux_wait "note on route-not-served>" 5
tmux_keys "v2 handler never deployed" Enter
tmux_wait "note saved on route-not-served" 5
tmux_wait "note: v2 handler never deployed" 5
tmux_keys c
tmux_wait "[confirmed]" 5

# Enter on the selected evidence line (the 404) opens the routes pane on it.
tmux_keys Enter
tmux_wait "[4:Routes]" 5
tmux_wait "/api/v2/orders" 5

# :check jumps straight to a step from anywhere.
tmux_keys ':' 'check ticker-without-consumer' Enter
tmux_wait "[1:Checklist]" 5
tmux_wait "Step 7/18  ticker-without-consumer" 5
tmux_wait "main.cacheRefresher" 5
# Esc returns to the list, which shows the mark.
tmux_keys Escape
tmux_wait " 4+[FAIL] route-not-served" 5
tmux_keys q
tmux_wait "EXIT=0" 5
grep -q '"mark":"confirmed"\|"mark": "confirmed"' "$TMP/j.jsonl" || fail "the mark was not journaled"
grep -q 'v2 handler never deployed' "$TMP/j.jsonl" || fail "the note was not journaled"
echo "checklist e2e: ok"
