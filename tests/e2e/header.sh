#!/usr/bin/env bash
# Who is attached is always visible, at 80x24 and 200x50: the header line
# names the command, PID, host and debug URL on every pane; :goto takes a
# tab's title, its number or the internal name and completes only pane
# names; a status message goes at the next key; the recording path is on
# the overview and in the quit message, and a bad keymap's error is shown
# even while recording.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
printf '[global]\nq explode\n' >"$TMP/bad.keys"
host=$(hostname)

for size in 80x24 200x50; do
	cols=${size%x*} rows=${size#*x}
	J=$TMP/j-$size.jsonl
	tmux_start "$cols" "$rows" bash --norc --noprofile
	tmux_keys "cd $TMP && $SERVICE_ENV '$GT' --pid $DEMO_PID --record $J --keymap bad.keys 2>$TMP/quit-$size.txt; echo EXIT=\$?" Enter
	# The keymap's error is not hidden by the recording.
	tmux_wait "bad.keys:2: unknown action 'explode'" 10
	want="demo-bin PID $DEMO_PID @$host http://127.0.0.1:$DEMO_PORT"
	for pane in 1 2 3 4 5 6; do
		tmux_keys "$pane"
		tmux_wait "[$pane:" 5
		tmux_wait "$want" 10
		tmux_screen | head -1 | grep -qF -- "$want" || fail "$size pane $pane: header lacks the target: $(tmux_screen | head -1)"
	done
	# The message went with the first key.
	tmux_screen | grep -q "unknown action 'explode'" && fail "$size: the status message outlived the next key"
	# :goto by title, number and internal name.
	tmux_keys : "goto Binary" Enter
	tmux_wait "[3:Binary]" 5
	tmux_keys : "goto 2" Enter
	tmux_wait "[2:Overview]" 5
	tmux_keys : "goto routes" Enter
	tmux_wait "[4:Routes]" 5
	# Completion after goto offers pane names only.
	tmux_keys : "goto Gor" Tab
	tmux_wait ":goto Goroutines" 5
	tmux_keys C-u "goto stale" Tab
	sleep 0.3
	tmux_screen | grep -q ":goto stale-binary" && fail "$size: :goto completed a check id"
	tmux_keys C-u Escape
	tmux_keys : "goto nowhere" Enter
	tmux_wait "There is no pane 'nowhere'" 5
	# The recording path is on the overview, not on the status line.
	tmux_keys 2
	tmux_wait "Recording" 5
	tmux_wait "$J" 5
	tmux_screen | tail -1 | grep -qF "$J" && fail "$size: the recording path is on the status line"
	tmux_keys :quit Enter
	tmux_wait "EXIT=0" 10
	grep -qF "the session is recorded in $J" "$TMP/quit-$size.txt" ||
		fail "$size: the quit message does not say where the journal went: $(cat "$TMP/quit-$size.txt")"
	tmux -L "$TMUX_SOCK" kill-server
	echo "ok: $size"
done
echo "header e2e: ok"
