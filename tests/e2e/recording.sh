#!/usr/bin/env bash
# Recording survives a dropped SSH session: a console against the demo is
# killed with SIGHUP (then, separately, SIGKILL) after a note and a command;
# every complete journal line is valid JSON, the note is there, `gotriage
# report` renders it, the cast is accepted by asciinema, and a secret from
# the environment appears nowhere.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
export API_TOKEN=tok-4f9a8b7c6d5e-secret

for sig in HUP KILL; do
	J=$TMP/session-$sig.jsonl C=$TMP/session-$sig.cast
	TMUX_SOCK=gotriage-rec-$$-$sig
	tmux_start 100 30 bash --norc --noprofile
	tmux_keys "$SERVICE_ENV API_TOKEN=$API_TOKEN '$GT' --pid $DEMO_PID --repo $DEMO_SRC --record $J --cast $C; echo EXIT=\$?" Enter
	tmux_wait "[1:Checklist]" 10
	tmux_wait "REC" 5
	tmux_wait "18/18 run" 10
	# Walk two steps, then a note on the second.
	tmux_keys n
	tmux_wait "Step 1/18" 5
	tmux_keys n
	tmux_wait "Step 2/18" 5
	tmux_keys a
	tmux_wait "note on devel-build>" 5
	tmux_keys "suspect the ticker $API_TOKEN" Enter
	tmux_wait "note saved on devel-build" 5
	tmux_keys ':' 'goto overview' Enter
	sleep 0.5
	gtpid=$(pgrep -f -n -- "--record $J --cast")
	[ -n "$gtpid" ] || fail "console pid not found"
	kill -"$sig" "$gtpid"
	tmux_wait "EXIT=" 5
	tmux -L "$TMUX_SOCK" kill-server

	[ -s "$J" ] || fail "SIG$sig: no journal at $J"
	# Every complete line parses (jq-free: the report reader is strict per line).
	n=$(wc -l <"$J")
	[ "$n" -ge 4 ] || fail "SIG$sig: journal too short ($n lines)"
	"$GT" report "$J" --format json >"$TMP/r.json" 2>"$TMP/r.err" || fail "SIG$sig: report json failed: $(cat "$TMP/r.err")"
	grep -qE '"garbage_lines":[[:space:]]*0,' "$TMP/r.json" ||
		fail "SIG$sig: journal has garbage lines: $(grep -E 'garbage|truncated' "$TMP/r.json")"
	[ -s "$TMP/r.err" ] && [ "$sig" = HUP ] && fail "SIGHUP: the reader skipped something: $(cat "$TMP/r.err")"
	"$GT" report "$J" >"$TMP/r.md" 2>&1 || fail "SIG$sig: report md failed"
	grep -q "suspect the ticker" "$TMP/r.md" || fail "SIG$sig: note missing from report"
	grep -qE '"kind": ?"note"' "$J" || fail "SIG$sig: no note event"
	grep -q "goto overview" "$J" || fail "SIG$sig: prompt command not recorded"
	for id in stale-binary devel-build; do
		grep -E '"kind": ?"verdict"' "$J" | grep -q "\"$id\"" || fail "SIG$sig: no verdict event for $id"
		grep -E '"kind": ?"step"' "$J" | grep -q "\"$id\"" || fail "SIG$sig: step $id not recorded"
	done
	grep -q "m.*step 1: stale-binary" "$C" || fail "SIG$sig: no cast marker for step 1"
	if [ "$sig" = HUP ]; then
		grep -q '"end"' "$J" || fail "SIGHUP: no end event"
		grep -q 'SIGHUP' "$J" || fail "SIGHUP: end reason missing"
	fi
	for f in "$J" "$C" "$TMP/r.md" "$TMP/r.json"; do
		[ -e "$f" ] || continue
		grep -q "$API_TOKEN" "$f" && fail "SIG$sig: secret leaked into $f"
	done
	if command -v asciinema >/dev/null && [ -s "$C" ]; then
		# asciinema cat wants /dev/tty: give it a pty with script(1).
		script -qec "asciinema cat '$C' >/dev/null 2>'$TMP/a.err'; echo \$? >'$TMP/a.rc'" /dev/null >/dev/null 2>&1 </dev/null
		assert_eq "$(cat "$TMP/a.rc" 2>/dev/null)" 0 "SIG$sig: asciinema cat ($(cat "$TMP/a.err" 2>/dev/null))"
	fi
	# The cast holds what only the screen showed: the demo's listener, drawn
	# by the overview after :goto (not a label every frame has).
	[ -s "$C" ] || fail "SIG$sig: no cast at $C"
	tail -n +2 "$C" | grep -q "127.0.0.1:$DEMO_PORT" || fail "SIG$sig: the cast lacks the overview's listener"
	head -n 1 "$C" | grep -q "$DEMO_PORT" && fail "SIG$sig: the port is in the cast header; the check above proves nothing"
	echo "ok: SIG$sig journal $(wc -l <"$J") lines, cast $(wc -c <"$C" 2>/dev/null || echo 0) bytes"
done
# Replay the SIGHUP session read-only: step to the end, see the verdicts
# and the note as they stood, open one event, quit.
TMUX_SOCK=gotriage-replay-$$
tmux_start 120 30 "'$GT' replay $TMP/session-HUP.jsonl; echo REPLAY_EXIT=\$?; sleep 5"
tmux_wait "gotriage replay (read-only)" 5
tmux_wait "attach" 5
tmux_keys End
tmux_wait "session-HUP" 2
tmux_wait "SIGHUP" 5
tmux_wait "route-not-served" 5
tmux_wait "Notes so far:" 5
tmux_wait "devel-build: suspect the ticker" 5
tmux_keys Enter
tmux_wait '"kind": "end"' 5
tmux_keys Enter Home
tmux_wait "event 1/" 5
tmux_keys q
tmux_wait "REPLAY_EXIT=0" 5
echo "ok: replay"
reset >/dev/null 2>&1 || true
echo "recording e2e: ok"
