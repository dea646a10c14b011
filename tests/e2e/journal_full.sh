#!/usr/bin/env bash
# The journal on a disk that fills mid-session (issue 12, item 3): the
# console records into a small tmpfs, a filler takes the rest of it, and the
# engineer goes on working. Asserted: every journal line stays whole JSON
# (no line without its newline, no event glued to the next), the status
# line says NOT RECORDING with the reason the moment a write fails, a note
# typed meanwhile is kept and lands once space returns, and a quit on a
# full disk says what was lost. Also: --record into a missing directory is
# an error (exit 2), not a mkdir -p.
# Needs root for mount -t tmpfs; a file size limit (ulimit -f) stands in
# otherwise, for the first half only (a running process cannot get its
# limit back, so "space returns" is not testable that way).
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
command -v jq >/dev/null || skip "jq not installed"

# --record into a missing directory: exit 2, one line, nothing created.
out=$("$GT" --url http://127.0.0.1:9 --record "$TMP/nope/deeper/s.jsonl" 2>&1 </dev/null)
rc=$?
assert_eq "$rc" 2 "--record into a missing directory"
assert_contains "$out" "does not exist"
[ -e "$TMP/nope" ] && fail "--record created $TMP/nope"

start_demo
FS=$TMP/full
mkdir -p "$FS"
mounted=0
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=128k,mode=0700 tmpfs "$FS" 2>/dev/null; then
	mounted=1
	CLEANUP_FS=$FS
	trap 'tmux -L "$TMUX_SOCK" kill-server 2>/dev/null; sleep 0.3; umount "$CLEANUP_FS" 2>/dev/null || umount -l "$CLEANUP_FS"; cleanup' EXIT
fi
J=$FS/s.jsonl

# valid_lines FILE: every line is one JSON object and the file ends in a
# newline; jq alone would accept two objects glued on one line.
valid_lines() {
	local bad
	[ -s "$1" ] || fail "no journal at $1"
	[ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] || fail "$2: last line has no newline: $(tail -c 200 "$1")"
	bad=$(jq -R 'fromjson? // "BAD" | if type == "object" and has("kind") then empty else "BAD" end' <"$1" | wc -l)
	[ "$bad" = 0 ] || fail "$2: $bad journal lines are not whole JSON events: $(jq -R 'select((fromjson? // null) == null)' <"$1" | head -3)"
}

TMUX_SOCK=gotriage-jfull-$$
tmux_start 220 30 bash --norc --noprofile
if [ "$mounted" = 1 ]; then
	tmux_keys "'$GT' --pid $DEMO_PID --record $J --pane overview 2>$TMP/quit.txt; echo EXIT=\$?" Enter
else
	# 64 KiB: room for the header and the first events, then EFBIG.
	tmux_keys "ulimit -f 128; '$GT' --pid $DEMO_PID --record $J --pane overview 2>$TMP/quit.txt; echo EXIT=\$?" Enter
fi
tmux_wait "REC" 10
sleep 2
if [ "$mounted" = 1 ]; then
	# Take every free block; the journal's last page may still take a few bytes.
	dd if=/dev/zero of="$FS/filler" bs=1k 2>/dev/null
fi

# Work until a write fails: each note and pane switch is an event.
saw=0
for i in $(seq 1 400); do
	tmux_keys ':' "note filling $i $(printf 'x%.0s' $(seq 1 60))" Enter
	if tmux_screen | grep -qF "NOT RECORDING"; then
		saw=$i
		break
	fi
done
[ "$saw" -gt 0 ] || fail "the status never said NOT RECORDING; screen: $(tmux_screen)"
scr=$(tmux_screen)
if [ "$mounted" = 1 ]; then
	assert_contains "$scr" "No space left on device" "the reason is on the status line"
else
	assert_contains "$scr" "File too large" "the reason is on the status line"
fi
# More work while full: a note the engineer must not lose.
tmux_keys ':' "note KEPT-WHILE-FULL" Enter
sleep 0.3
tmux_screen | grep -qF "note saved" && fail "said 'note saved' while the disk is full: $(tmux_screen)"
tmux_wait "NOT RECORDING" 2
valid_lines "$J" "while full"
grep -q "KEPT-WHILE-FULL" "$J" && fail "a note reached a full disk?"
echo "ok: NOT RECORDING after $saw notes, journal $(wc -l <"$J") whole lines"

if [ "$mounted" = 1 ]; then
	# Space returns: the kept events land, in order, and REC is back.
	rm -f "$FS/filler"
	tmux_keys ':' "note AFTER-SPACE" Enter
	tmux_wait "REC |" 10
	valid_lines "$J" "after space returned"
	grep -q "KEPT-WHILE-FULL" "$J" || fail "the note typed while full was lost"
	kept=$(grep -n "\"kind\":\"note\".*KEPT-WHILE-FULL" "$J" | cut -d: -f1)
	after=$(grep -n "\"kind\":\"note\".*AFTER-SPACE" "$J" | cut -d: -f1)
	[ -n "$after" ] && [ "$kept" -lt "$after" ] || fail "events out of order ($kept, $after)"
	echo "ok: space returned, kept note written at line $kept"
	# Full again, then quit: the quit message says what was not recorded.
	dd if=/dev/zero of="$FS/filler" bs=1k 2>/dev/null
	for i in $(seq 1 100); do
		tmux_keys ':' "note LOST-$i $(printf 'y%.0s' $(seq 1 60))" Enter
		tmux_screen | grep -qF "NOT RECORDING" && break
	done
	tmux_wait "NOT RECORDING" 5
	tmux_keys q
	tmux_wait "EXIT=" 10
	assert_contains "$(cat "$TMP/quit.txt")" "not recorded" "the quit message"
	grep -qE "[0-9]+ events? (were )?not recorded" "$TMP/quit.txt" || fail "no count of lost events: $(cat "$TMP/quit.txt")"
	valid_lines "$J" "after quit on a full disk"
	echo "ok: quit on a full disk: $(grep 'not recorded' "$TMP/quit.txt")"
else
	tmux_keys q
	tmux_wait "EXIT=" 10
	assert_contains "$(cat "$TMP/quit.txt")" "not recorded" "the quit message"
	valid_lines "$J" "after quit"
	echo "ok (ulimit -f; no tmpfs mount): quit said $(grep 'not recorded' "$TMP/quit.txt")"
fi
