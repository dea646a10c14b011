#!/usr/bin/env bash
# Nothing is cut without a sign, and what is cut can be read, at 80x24 and
# 200x50: a goroutine stack whose file lines are longer than the screen
# (the fixture is built under a 180-character directory) says which
# columns are shown, ends cut lines with an ellipsis, and > / < scroll the
# lines sideways with an ellipsis at the start of each scrolled line, so
# the line's end (the file name and line number) comes into view.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
long=$TMP/$(printf 'a-checkout-directory-with-a-long-name-%.0s' 1 2 3 4)x
mkdir -p "$long"
cp -r "$ROOT/tests/fixtures/goroutines" "$long/gfix"
go_build "$long/gfix" "$TMP/gfix"
export XDG_STATE_HOME=$TMP/state
port=$(free_port)
"$TMP/gfix" -addr "127.0.0.1:$port" -n 10 >"$TMP/gfix.out" 2>&1 &
CLEANUP_PIDS+=("$!")
fix=$!
wait_http "http://127.0.0.1:$port"

for size in 80x24 200x50; do
	cols=${size%x*} rows=${size#*x}
	tmux_start "$cols" "$rows" bash --norc --noprofile
	tmux_keys "cd $TMP && LANG=C.UTF-8 '$GT' --pid $fix --no-record; echo EXIT=\$?" Enter
	tmux_wait "[1:Checklist]" 10
	tmux_keys : "goto Goroutines" Enter
	tmux_wait "goroutines in" 20
	tmux_wait "buckets" 20
	# A bucket parked in the fixture's own code (main.go under the long path).
	tmux_keys / napper Enter Enter
	tmux_wait "Bucket " 10
	tmux_wait "(< > scroll)" 5
	tmux_wait "columns 1-" 5
	screen=$(tmux_screen)
	grep -q $'\u2026$' <<<"$screen" || fail "$size: no cut line ends with an ellipsis: $screen"
	widest=$(sed -n 's/^columns 1-[0-9]* of \([0-9]*\) (< > scroll).*/\1/p' <<<"$screen")
	[ -n "$widest" ] || fail "$size: no column counter: $screen"
	# The end of the longest line, main.go:LINE, is out of view, then in.
	grep -q 'main\.go:[0-9]' <<<"$screen" && [ "$size" = 80x24 ] && fail "$size: expected the file names cut"
	for _ in $(seq 40); do tmux_keys '>'; done
	tmux_wait "-$widest of $widest (< > scroll)" 5
	screen=$(tmux_screen)
	grep -q "^columns $((widest - cols + 5))-$widest of $widest" <<<"$screen" ||
		fail "$size: > did not reach the end of the widest line: $screen"
	grep -qE $'^  \u2026' <<<"$screen" || fail "$size: no sign that line starts are scrolled off: $screen"
	grep -q 'main\.go:[0-9]' <<<"$screen" || fail "$size: the file name at the end did not come into view: $screen"
	for _ in $(seq 40); do tmux_keys '<'; done
	tmux_wait "columns 1-" 5
	tmux_keys q
	tmux_wait "EXIT=" 10
	tmux -L "$TMUX_SOCK" kill-server
	echo "ok: $size"
done
echo "goroutines hscroll e2e: ok"
