#!/usr/bin/env bash
# The screen cast: a small ncurses program (tests/fixtures/recording/castdriver.c) draws
# through the pty tee in tmux; keys must reach it in cbreak mode, a resize
# must reach it, the terminal's modes must be restored, and Debian's
# asciinema must accept the cast and print what was drawn, without the
# secret the program drew.
source "$(dirname "$0")/../lib.sh"

command -v tmux >/dev/null || skip "tmux is not installed"
command -v asciinema >/dev/null || skip "asciinema is not installed"
bash "$ROOT/tests/fixtures/recording/build-driver.sh" \
	"$ROOT/tests/fixtures/recording/castdriver.c" "$TMP/castdriver" || fail "cannot build castdriver"

SECRET=tok-9f8e7d6c5b4a-castsecret
CAST=$TMP/session.cast
cat >"$TMP/run.sh" <<EOF
stty -g >"$TMP/stty.before"
CASTTEST_TOKEN=$SECRET LANG=C.UTF-8 LC_ALL=C.UTF-8 "$TMP/castdriver" "$CAST" 2>"$TMP/driver.err"
echo "driver exit \$?"
stty -g >"$TMP/stty.after"
sleep 60
EOF
tmux_start 90 25 bash "$TMP/run.sh"
tmux_wait "castdriver ready"
tmux_wait "size 90x25"

# One key, no Enter: cbreak() took effect through the pty.
tmux_keys a
tmux_wait "pressed: a"

# The new size reaches the program through the pty.
tmux -L "$TMUX_SOCK" resize-window -t t -x 100 -y 30
tmux_wait "size 100x30"

tmux_keys q
tmux_wait "driver exit 0"
tmux_wait "castdriver done"
cmp -s "$TMP/stty.before" "$TMP/stty.after" ||
	fail "terminal modes not restored: $(cat "$TMP/stty.before") vs $(cat "$TMP/stty.after")"

# asciinema cat needs a terminal (/dev/tty), so it runs in a second window.
tmux -L "$TMUX_SOCK" new-window -t t: \
	"asciinema cat '$CAST' >'$TMP/cat.out' 2>'$TMP/cat.err'; echo \$? >'$TMP/cat.rc'"
for _ in $(seq 1 100); do [ -s "$TMP/cat.rc" ] && break; sleep 0.1; done
assert_eq "$(cat "$TMP/cat.rc" 2>/dev/null)" 0 "asciinema cat exit status ($(cat "$TMP/cat.err"))"
out=$(cat "$TMP/cat.out")
assert_contains "$out" "castdriver ready ünïcode ✓"
assert_contains "$out" "pressed: a"
assert_contains "$out" "size 100x30"
assert_contains "$out" "token: [REDACTED]"

# The file itself: header, marker, resize, and never the secret.
head -n 1 "$CAST" | grep -q '^{"version":2,"width":90,"height":25,' ||
	fail "unexpected header: $(head -n 1 "$CAST")"
grep -q '"m","ready"\]$' "$CAST" || fail "no ready marker in the cast"
grep -q '"r","100x30"\]$' "$CAST" || fail "no resize event in the cast"
grep -qF "$SECRET" "$CAST" && fail "the secret is in the cast file"
grep -qF "$SECRET" "$TMP/cat.out" && fail "the secret is in asciinema's output"
# Every line is JSON (python's parser is strict about UTF-8 as well).
python3 - "$CAST" <<'EOF' || fail "a cast line is not valid JSON"
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        json.loads(line)
EOF
echo "cast: $(wc -l <"$CAST") lines, $(wc -c <"$CAST") bytes"

# A dropped connection: the pane's terminal hangs up under a running
# program. It must get SIGHUP, finish the cast without blocking on the dead
# terminal, and leave a valid file.
CAST2=$TMP/hup.cast
tmux -L "$TMUX_SOCK" new-window -t t -n hup \
	"CASTTEST_TOKEN=$SECRET LANG=C.UTF-8 '$TMP/castdriver' '$CAST2' '$TMP/hup.done' 2>'$TMP/hup.err'"
for _ in $(seq 1 100); do grep -q '"m","ready"' "$CAST2" 2>/dev/null && break; sleep 0.05; done
grep -q '"m","ready"' "$CAST2" || fail "the second driver never got ready"
tmux -L "$TMUX_SOCK" kill-window -t hup
for _ in $(seq 1 100); do [ -e "$TMP/hup.done" ] && break; sleep 0.05; done
[ -e "$TMP/hup.done" ] || fail "after a hang-up the driver did not finish its cast within 5 s: $(cat "$TMP/hup.err")"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' "$CAST2" ||
	fail "the cast written across a hang-up is not valid JSON lines"
grep -qF "$SECRET" "$CAST2" && fail "the secret is in the hang-up cast"
# What endwin() sent after the hang-up (rmcup) still reached the cast.
grep -qF '\u001b[?1049l' "$CAST2" || fail "the cast lost the output written after the hang-up"
echo "hang-up cast: $(wc -l <"$CAST2") lines"
