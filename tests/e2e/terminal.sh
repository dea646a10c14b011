#!/usr/bin/env bash
# Terminal conditions an SSH session brings: a non-UTF-8 locale and a
# monochrome vt100 get ASCII drawing; a bad keymap file is reported and the
# defaults stay; SIGHUP, SIGTERM and SIGINT restore the terminal.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config

# A bad $XDG_CONFIG_HOME/gotriage/keys: the status line names the file and
# line, and no line of it is merged. Line 2 is valid and would make q open
# the help instead of quitting; line 3 is the error.
mkdir -p "$XDG_CONFIG_HOME/gotriage"
printf '[global]\nq help\nQ explode\n' >"$XDG_CONFIG_HOME/gotriage/keys"
tmux_start 160 30 bash --norc --noprofile
tmux_keys "'$GT' --pid $DEMO_PID --no-record --pane overview; echo EXIT=\$?" Enter
tmux_wait "[2:Overview]" 10
tmux_wait "$XDG_CONFIG_HOME/gotriage/keys:3: unknown action 'explode' (using the default keys)" 5
# q still quits (the file's "q help" was not merged).
tmux_keys q
tmux_wait "EXIT=0" 5
tmux_screen | grep -qF "+- keys in the" && fail "q opened the help: the bad file was merged"
tmux -L "$TMUX_SOCK" kill-server
rm -r "$XDG_CONFIG_HOME/gotriage"
echo "ok: bad \$XDG_CONFIG_HOME/gotriage/keys reported with file:line, defaults kept"

# ASCII, no colour, and a --keymap file with an error on line 3 (line 2
# would rebind ? to quit if the file were merged).
TMUX_SOCK=gotriage-test-$$-ascii
printf '[global]\n? quit\nq explode\n' >"$TMP/bad.keys"
tmux_start 140 30 bash --norc --noprofile
tmux_keys "env LANG=C LC_ALL=C TERM=vt100 NO_COLOR=1 '$GT' --pid $DEMO_PID --no-record --pane overview --keymap $TMP/bad.keys; echo EXIT=\$?" Enter
tmux_wait "[2:Overview]" 10
tmux_wait "bad.keys:3: unknown action 'explode' (using the default keys)" 5
# ? still opens the help (drawn in ASCII), it does not quit.
tmux_keys '?'
tmux_wait "+- keys in the overview pane" 5
tmux_screen | grep -q "EXIT=" && fail "? quit: the bad --keymap file was merged"
# The default q still quits.
tmux_keys Space q
tmux_wait "EXIT=0" 5
tmux -L "$TMUX_SOCK" kill-server
echo "ok: bad --keymap reported, defaults kept, ASCII drawing"

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
