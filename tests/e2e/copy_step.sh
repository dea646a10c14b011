#!/usr/bin/env bash
# Evidence leaves the console, at 80x24 and 200x50: `y` on an open
# checklist step puts it on the terminal's clipboard as Markdown (OSC 52;
# tmux with set-clipboard on keeps it as a paste buffer, which is what we
# read back) and in a file under the state dir whose path the status line
# shows; `gotriage report JOURNAL --step ID` renders the same step from the
# journal with the engineer's mark and note.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo
export XDG_STATE_HOME=$TMP/state

for size in 80x24 200x50; do
	cols=${size%x*} rows=${size#*x}
	J=$TMP/j-$size.jsonl
	tmux_start "$cols" "$rows" bash --norc --noprofile
	tmux -L "$TMUX_SOCK" set -g set-clipboard on
	tmux_keys "cd $TMP && $SERVICE_ENV '$GT' --pid $DEMO_PID --repo $DEMO_SRC --record $J; echo EXIT=\$?" Enter
	tmux_wait "[1:Checklist]" 10
	tmux_wait "[FAIL]" 20
	# Open the first failing step.
	tmux_keys / FAIL Enter Enter
	tmux_wait "Step " 5
	id=$(tmux_screen | sed -n 's/^Step [0-9]*\/[0-9]*  \([a-z0-9-]*\): .*/\1/p' | head -1)
	[ -n "$id" ] || fail "$size: no step id on screen: $(tmux_screen)"
	tmux_keys c
	tmux_keys a "seen at 3am $size" Enter
	tmux_wait "note saved" 5
	tmux_keys y
	# The file's path is on the status line, first; at 200 columns the
	# whole message fits.
	tmux_wait "$TMP/state/gotriage/copies/" 5
	f=$(ls -t "$TMP/state/gotriage/copies/"*"-step-$id.md" 2>/dev/null | head -1)
	[ -n "$f" ] || fail "$size: no copy of step $id under $TMP/state/gotriage/copies"
	[ "$cols" = 200 ] && tmux_wait "$f: Markdown of step $id, also on the terminal clipboard" 5
	buf=$(tmux -L "$TMUX_SOCK" show-buffer 2>/dev/null) || fail "$size: OSC 52 left no tmux buffer"
	[ "$buf" = "$(cat "$f")" ] || fail "$size: clipboard and file differ:
clipboard: $buf
file: $(cat "$f")"
	for want in "### $id: " "**FAIL**" "- **Marked:** confirmed" "Evidence:" "By hand: " "Remedy: " "- seen at 3am $size" "PID $DEMO_PID"; do
		assert_contains "$buf" "$want" "$size: the copied step"
	done
	grep -q $'\033' <<<"$buf" && fail "$size: an escape sequence in the copied Markdown"
	tmux_keys :quit Enter
	tmux_wait "EXIT=" 10
	tmux -L "$TMUX_SOCK" kill-server
	# The same step from the journal.
	r=$("$GT" report "$J" --step "$id") || fail "$size: report --step $id failed"
	for want in "### $id: " "**FAIL**" "- **Marked:** confirmed" "- **When:** first failed" "Evidence:" "- seen at 3am $size"; do
		assert_contains "$r" "$want" "$size: report --step"
	done
	# Its evidence lines are the ones copied from the screen.
	diff <(grep '^- ' <<<"$buf" | grep -v '^- \*\*') <(grep '^- ' <<<"$r" | grep -v '^- \*\*') >/dev/null ||
		fail "$size: evidence differs between y and report --step:
$(diff <(grep '^- ' <<<"$buf") <(grep '^- ' <<<"$r"))"
	echo "ok: $size ($id)"
done
out=$("$GT" report "$J" --step no-such-check 2>&1) && fail "an unknown step id was accepted"
assert_contains "$out" "no check is named 'no-such-check'" "unknown --step"
echo "copy_step e2e: ok"
