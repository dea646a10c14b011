#!/usr/bin/env bash
# Terminal conditions an SSH session brings: a non-UTF-8 locale and a
# monochrome vt100 get ASCII drawing; a bad keymap file is reported and the
# defaults stay; SIGHUP, SIGTERM and SIGINT restore the terminal.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config

# ASCII, no colour, and a keymap with an error on line 3.
printf '[global]\nj down\nq explode\n' >"$TMP/bad.keys"
tmux_start 140 30 bash --norc --noprofile
tmux_keys "env LANG=C LC_ALL=C TERM=vt100 NO_COLOR=1 '$GT' --pid $DEMO_PID --no-record --pane overview --keymap $TMP/bad.keys; echo EXIT=\$?" Enter
tmux_wait "[2:Overview]" 10
tmux_wait "bad.keys:3: unknown action 'explode' (using the default keys)" 5
tmux_keys '?'
tmux_wait "+- keys in the overview pane" 5
# The default q still quits: the bad file was not merged.
tmux_keys Space q
tmux_wait "EXIT=0" 5
tmux -L "$TMUX_SOCK" kill-server

# Each terminating signal ends curses and restores the modes.
for sig in HUP TERM INT; do
	TMUX_SOCK=gotriage-test-$$-$sig
	tmux_start 100 30 bash --norc --noprofile
	tmux_keys "stty -a | grep -o ' -\\?icanon\\| -\\?echo ' | tr -d '\\n' > $TMP/before" Enter
	tmux_keys "'$GT' --pid $DEMO_PID --no-record --pane overview & echo GTPID=\$!; fg; echo EXIT=\$?; stty -a | grep -o ' -\\?icanon\\| -\\?echo ' | tr -d '\\n' > $TMP/after" Enter
	tmux_wait "[2:Overview]" 10
	gtpid=$(pgrep -f -n "$GT --pid $DEMO_PID --no-record")
	[ -n "$gtpid" ] || fail "cannot find the console's pid"
	kill -"$sig" "$gtpid"
	tmux_wait "EXIT=0" 5
	sleep 0.3
	assert_eq "$(cat "$TMP/after")" "$(cat "$TMP/before")" "terminal modes after SIG$sig"
	tmux_screen | grep -q "stopped by signal" || fail "no exit message after SIG$sig"
	tmux -L "$TMUX_SOCK" kill-server
	echo "ok: SIG$sig restores the terminal"
done
echo "terminal e2e: ok"
