#!/usr/bin/env bash
# The real console in tmux against the running demo service: the overview
# shows the right PID and listener, Tab moves panes, ? shows help, resizing
# below 80x24 says so, q exits and the terminal is restored.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
command -v curl >/dev/null || skip "curl not installed (tests/deps.sh lists it)"
start_demo

export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
tmux_start 100 30 bash --norc --noprofile
tmux_keys "stty -a | grep -o ' -\\?icanon' > $TMP/stty.before" Enter
t0=$(date +%s%N)
tmux_keys "'$GT' --pid $DEMO_PID --no-record; echo EXIT=\$?; stty -a | grep -o ' -\\?icanon' > $TMP/stty.after" Enter
tmux_wait "[1:Checklist]" 10
tmux_wait "Checklist:" 5
tmux_keys 2
tmux_wait "[2:Overview]" 5
tmux_wait "127.0.0.1:$DEMO_PORT" 10
t1=$(date +%s%N)
echo "first full screen after $(( (t1 - t0) / 1000000 )) ms"
screen=$(tmux_screen)
assert_contains "$screen" "$DEMO_PID"
tmux_wait "pprof index" 10
tmux_wait "http://127.0.0.1:$DEMO_PORT" 5
# The goroutine row appears only once the overview fetched debug=1 from the
# demo; its count is the service's own (curl reads the same endpoint).
tmux_wait "(debug=1: " 10
ours=$(tmux_screen | grep -oE 'Goroutines +[0-9]+  \(debug=1: ' | grep -oE '[0-9]+' | head -1)
theirs=$(curl -s --max-time 5 "$DEMO_URL/debug/pprof/goroutine?debug=1" | sed -n 's/^goroutine profile: total \([0-9]*\).*/\1/p')
[ -n "$ours" ] && [ -n "$theirs" ] || fail "goroutine count missing: overview [$ours], curl [$theirs]"
# The demo's ticker and handlers come and go a little between the fetches.
[ $((ours > theirs ? ours - theirs : theirs - ours)) -le 5 ] ||
	fail "overview says $ours goroutines, the service says $theirs"

# Tab moves to the next pane (wrapping after the last), BTab back.
npanes=$(tmux_screen | head -1 | sed 's/ demo-bin PID.*//' | grep -oE '[0-9]+' | wc -l)
tmux_keys Tab
if [ "$npanes" -gt 2 ]; then tmux_wait "[3:" 5; else tmux_wait "[1:Checklist]" 5; fi
tmux_keys BTab
tmux_wait "[2:Overview]" 5

tmux_keys '?'
tmux_wait "keys in the overview pane" 5
tmux_wait "quit gotriage" 5
# Help lists what this pane answers: the overview has no list to filter or
# item to open, so neither may be offered (issue 11).
tmux_screen | grep -qE "filter as you type|open the selected item" &&
	fail "the overview's help offers keys the overview ignores: $(tmux_screen)"
tmux_keys Space
sleep 0.3
tmux_screen | grep -q "keys in the overview pane" && fail "help did not close"

# The : prompt: Tab completes commands, notes are acknowledged, unknown
# commands say what exists, and history survives the session.
tmux_keys ':'
tmux_keys 'no'
tmux_keys Tab
tmux_wait ":note" 3
tmux_keys ' first finding' Enter
tmux_wait "note saved" 3
tmux_keys ':' 'frobnicate' Enter
tmux_wait "unknown command ':frobnicate'" 3
tmux_keys ':' 'goto' Enter
tmux_wait ":goto needs an argument (:goto PANE)" 3
tmux_keys ':' Up Up
tmux_wait ":frobnicate" 3
tmux_keys Escape
sleep 0.2

tmux -L "$TMUX_SOCK" resize-window -t t -x 70 -y 20
tmux_wait "terminal too small" 5
tmux -L "$TMUX_SOCK" resize-window -t t -x 100 -y 30
tmux_wait "[2:Overview]" 5

tmux_keys q
tmux_wait "EXIT=0" 5
sleep 0.3
assert_eq "$(cat "$TMP/stty.after")" "$(cat "$TMP/stty.before")" "terminal modes restored"
grep -qE "note +first finding" "$XDG_STATE_HOME/gotriage/history" || fail "prompt history not saved"
echo "console e2e: ok"
