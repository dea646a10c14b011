#!/usr/bin/env bash
# The help overlay shows what is cut and scrolls, at 80x24 and 200x50: the
# checklist's own keys come first; at 80x24 they and the frame's keys do
# not fit, so the bottom border says "lines 1-N of M, more below", PgDn
# reaches the frame's keys ("quit gotriage") and the border's end, Up
# moves back one line, and a key that does not scroll closes it. At
# 200x50 everything fits: no scroll hint, no line counter.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo
export XDG_STATE_HOME=$TMP/state

for size in 80x24 200x50; do
	cols=${size%x*} rows=${size#*x}
	tmux_start "$cols" "$rows" bash --norc --noprofile
	tmux_keys "cd $TMP && LANG=C.UTF-8 $SERVICE_ENV '$GT' --pid $DEMO_PID --no-record; echo EXIT=\$?" Enter
	tmux_wait "[1:Checklist]" 10
	tmux_keys '?'
	tmux_wait "keys in the checklist pane" 5
	screen=$(tmux_screen)
	# The pane's keys first: the first key line is a checklist action.
	inner=$(sed -n '4p' <<<"$screen")
	grep -qE "open the selected item|next checklist step" <<<"$inner" ||
		fail "$size: the help does not start with the checklist's keys: [$inner]"
	if [ "$size" = 80x24 ]; then
		grep -qF "(Up/Down/PgUp/PgDn scroll)" <<<"$screen" || fail "$size: no scroll hint: $screen"
		grep -qE "lines 1-[0-9]+ of [0-9]+, more below" <<<"$screen" || fail "$size: the cut is not said: $screen"
		grep -qF "quit gotriage" <<<"$screen" && fail "$size: expected the frame's keys below the fold"
		tmux_keys PgDn
		tmux_wait "quit gotriage" 5
		screen=$(tmux_screen)
		grep -q "more below" <<<"$screen" && fail "$size: still more below after PgDn: $screen"
		top=$(sed -n 's/.*lines \([0-9]*\)-[0-9]* of.*/\1/p' <<<"$screen")
		tmux_keys Up
		tmux_wait "lines $((top - 1))-" 5
		tmux_keys PgDn PgDn PgDn
		tmux_wait "lines $top-" 5
	else
		grep -qF "quit gotriage" <<<"$screen" || fail "$size: the frame's keys do not show: $screen"
		grep -qF "(any key closes)" <<<"$screen" || fail "$size: a scroll hint where all fits"
		grep -qE "lines [0-9]+-[0-9]+ of" <<<"$screen" && fail "$size: a line counter where all fits"
	fi
	tmux_keys z
	sleep 0.3
	tmux_screen | grep -q "keys in the checklist pane" && fail "$size: z did not close the help"
	tmux_keys q
	tmux_wait "EXIT=" 10
	tmux -L "$TMUX_SOCK" kill-server
	echo "ok: $size"
done
echo "help scroll e2e: ok"
