#!/usr/bin/env bash
# hostile.sh: gotriage against a debug endpoint that attacks its client
# (tests/fixtures/hostile): a gzip bomb (1.25 GiB inflated), an endless
# body, a 50 MB line, 64 MiB of newlines, a slow drip, a redirect to
# another port; and file inputs that never end (/dev/zero, a pipe).
# Each must end in bounded memory (peak RSS under 64 MiB plus the largest
# legitimate dump, 65 MiB: HOSTILE_RSS_KB), bounded time, and with the cut
# or the stall reported, never a total read from a cut body. The console,
# on the bomb, must show the cut and back its refresh off.
source "$(dirname "$0")/../lib.sh"

[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (apt-get install time)"
RSS_GOAL_KB=$(((64 + 65) * 1024 * MEM_SCALE)) # MEM_SCALE: tests/lib.sh (5 under make tsan)

go_build "$ROOT/tests/fixtures/hostile" "$TMP/hostile"

# start_hostile MODE [args]: sets URL; the server logs requests to $TMP/MODE.out.
start_hostile() {
	local mode=$1 i
	shift
	"$TMP/hostile" -mode "$mode" "$@" >"$TMP/$mode.out" 2>&1 &
	CLEANUP_PIDS+=("$!")
	for i in $(seq 1 300); do
		grep -q '^ready ' "$TMP/$mode.out" 2>/dev/null && break
		sleep 0.1
	done
	grep -q '^ready ' "$TMP/$mode.out" || fail "hostile $mode never got ready: $(cat "$TMP/$mode.out")"
	URL=http://$(sed -n 's/^ready //p' "$TMP/$mode.out")
}

# measure NAME CMD...: runs CMD with /usr/bin/time; sets OUT, RC, RSS (KB), SECS.
measure() {
	local name=$1
	shift
	/usr/bin/time -o "$TMP/$name.time" -f '%M %e' timeout 120 "$@" >"$TMP/$name.log" 2>&1
	RC=$?
	OUT=$(cat "$TMP/$name.log")
	read -r RSS SECS < <(tail -1 "$TMP/$name.time") || fail "$name: no timing: $(cat "$TMP/$name.time")"
	[ "$RSS" -lt "$RSS_GOAL_KB" ] || fail "$name: peak RSS $RSS KB, over the $RSS_GOAL_KB KB goal"
	echo "ok: $name: exit $RC, peak RSS $RSS KB, $SECS s"
}
under() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# ---- bodies that are too large: cut, reported, bounded ----
for mode in bomb endless longline newlines; do
	start_hostile "$mode"
	measure "goroutines-$mode" "$GT" goroutines "$URL"
	under "$SECS" 30 || fail "goroutines on $mode took $SECS s"
	# debug=1 is cut at its 8 MiB cap in every mode: never read as a total;
	# the bomb's dump holds no goroutine record and is cut at 65 MiB.
	if [ "$mode" = bomb ]; then
		[ "$RC" = 2 ] || fail "bomb: exit $RC, want 2"
		assert_contains "$OUT" "not with a goroutine dump; the answer was cut at the 65 MiB cap" "bomb"
	else
		assert_contains "$OUT" "debug=1 total: unknown (the answer was cut at the 8 MiB cap" \
			"goroutines $mode: the cut profile"
	fi
	! grep -q "total 1\b\|debug=1 total: 1\b" <<<"$OUT" || fail "a total was read from a cut body: $OUT"
	# (with the source: without it the check waits on --repo, not on the dump)
	measure "check-$mode" "$GT" check --url "$URL" --repo "$ROOT/tests/fixtures/hostile" --only init-goroutine
	under "$SECS" 30 || fail "check on $mode took $SECS s"
	assert_contains "$OUT" "cut at the 8 MiB cap" "check $mode"
done
# The endless dump is cut at the dump cap and says so.
OUT=$(cat "$TMP/goroutines-endless.log")
assert_contains "$OUT" "cut at the 65 MiB cap" "endless dump"

# ---- a slow drip: a clear error in well under the old 195 s ----
start_hostile drip
measure goroutines-drip "$GT" goroutines "$URL"
[ "$RC" = 2 ] || fail "drip: exit $RC, want 2"
under "$SECS" 20 || fail "drip: $SECS s to an error"
assert_contains "$OUT" "the answer stalled" "drip"
assert_contains "$OUT" "the dump was not fetched" "drip"
measure goroutines-drip-raised "$GT" goroutines --low-speed-time 3 "$URL"
under "$SECS" 8 || fail "drip with --low-speed-time 3: $SECS s"

# ---- a redirect to another port: reported with its target, not followed ----
TARGET=$URL
before=$(grep -c '^req ' "$TMP/drip.out")
start_hostile redirect -to "$TARGET"
measure goroutines-redirect "$GT" goroutines "$URL"
[ "$RC" = 2 ] || fail "redirect: exit $RC, want 2"
assert_contains "$OUT" "a redirect to $TARGET/debug/pprof/goroutine?debug=2 (not followed)" "redirect"
n=$(grep -c '^req ' "$TMP/drip.out")
[ "$n" = "$before" ] || fail "the redirect was followed to the drip server ($before then $n requests)"

# ---- files that never end ----
for dev in /dev/zero /dev/urandom; do
	measure "file-${dev#/dev/}" "$GT" goroutines "$dev"
	[ "$RC" = 2 ] || fail "$dev: exit $RC, want 2"
	assert_contains "$OUT" "is a character device" "$dev"
	under "$SECS" 1 || fail "$dev took $SECS s"
done
/usr/bin/time -o "$TMP/pipe.time" -f '%M %e' "$GT" goroutines - < <(head -c 200000000 /dev/zero) \
	>"$TMP/pipe.log" 2>&1
read -r RSS SECS < <(tail -1 "$TMP/pipe.time")
[ "$RSS" -lt "$RSS_GOAL_KB" ] || fail "a 200 MB pipe: peak RSS $RSS KB"
echo "ok: a 200 MB pipe: peak RSS $RSS KB, $SECS s"

# ---- the console on the bomb: bounded, shows the cut, backs off ----
command -v tmux >/dev/null || skip "tmux is not installed (the rest passed)"
start_hostile bomb
tmux_start 120 30 "$GT" --url "$URL" --no-record --refresh 1 --pane overview
tmux_wait "Goroutines   the answer was cut at the 8 MiB cap" 20
sleep 20
pid=$(tmux -L "$TMUX_SOCK" list-panes -t t -F '#{pane_pid}')
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
[ -n "$hwm" ] || fail "cannot read the console's VmHWM"
[ "$hwm" -lt "$RSS_GOAL_KB" ] || fail "console on the bomb: peak RSS $hwm KB"
n=$(grep -c '^req /debug/pprof/goroutine?debug=1' "$TMP/bomb.out")
# Without back-off a 1 s refresh asks ~20 times in 20 s.
[ "$n" -le 6 ] || fail "the console asked for the cut profile $n times: no back-off"
[ "$n" -ge 2 ] || fail "the console asked for the profile only $n times: no refresh at all"
echo "ok: console on the bomb: peak RSS $hwm KB, $n debug=1 fetches in ~25 s"
