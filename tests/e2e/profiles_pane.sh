#!/usr/bin/env bash
# The profiles pane in tmux, against the profiles fixture (a Go 1.19 service
# hashing under pprof.Do labels, allocating, blocking and contending):
#  - the /debug/pprof/ index's counts and the cost of each kind are listed;
#  - c starts a 10 s CPU profile: the countdown is shown and goes down, x
#    cancels it and the pane says so; while another client's CPU profile
#    runs in the service, c says plainly that only one may run;
#  - a full CPU profile shows pprof's top with the service's hot functions,
#    s sorts by cum, f opens the flame graph, Down+Enter zooms, Backspace
#    backs out;
#  - two heap fetches and d: the diff against the previous fetch;
#  - every fetch is in the session journal with its kind, size, duration
#    and top rows.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
command -v curl >/dev/null || skip "curl not installed"
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config

SRC=$TMP/profiles
cp -r "$ROOT/tests/fixtures/profiles" "$SRC"
go_build "$SRC" "$TMP/profiles-bin"
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
PROFILES_ADDR=127.0.0.1:$PORT $SERVICE_ENV "$TMP/profiles-bin" >"$TMP/svc.log" 2>&1 &
CLEANUP_PIDS+=($!)
wait_http "$URL"

tmux_start 140 40 "$GT" --url "$URL" --pane profiles
tmux_wait "[7:Profiles]" 10
tmux_wait "PROFILE        COUNT" 5
screen=$(tmux_screen)
grep -E "^> heap +[0-9]+ +never +cheap" <<<"$screen" >/dev/null ||
	fail "the heap row has no count from the index: $screen"
assert_contains "$screen" "empty unless SetBlockProfileRate"
assert_contains "$screen" "samples CPU at 100 Hz"

# c: the countdown, and it moves.
tmux_keys c
tmux_wait "CPU profile recording:" 3
left1=$(tmux_screen | sed -n 's/.*recording: \([0-9]*\) s left of 10 s.*/\1/p')
tmux_wait "fetching CPU profile (10 s)" 2 # the status line
sleep 2.2
left2=$(tmux_screen | sed -n 's/.*recording: \([0-9]*\) s left of 10 s.*/\1/p')
# x cancels (sent before the checks, so the 10 s cannot run out first).
tmux_keys x
[ -n "$left1" ] && [ -n "$left2" ] && [ "$left2" -lt "$left1" ] ||
	fail "the countdown did not go down ($left1 -> $left2): $(tmux_screen)"
tmux_wait "CPU profile cancelled" 3
tmux_screen | grep -q "CPU profile recording" && fail "still counting down after x"

# Another client's CPU profile runs: the pane's c gets Go's 500.
curl -s -o /dev/null "$URL/debug/pprof/profile?seconds=3" &
other=$!
sleep 0.5
tmux_keys c
tmux_wait "another CPU profile is running in the service" 5
wait $other

# A whole CPU profile: top with the fixture's hashing.
tmux_keys c
tmux_wait "Type: cpu" 20
tmux_wait "flat%" 2
screen=$(tmux_screen)
assert_contains "$screen" "cpu  top  cpu  sort flat"
grep -E "crypto/sha256|main\.hashFor" <<<"$screen" >/dev/null || fail "no hashing in top: $screen"
tmux_keys s
tmux_wait "sort cum" 3
# The flame graph: root spans the width; Down + Enter zooms into the
# largest child, Backspace backs out.
tmux_keys f
tmux_wait "zoom: root" 5
tmux_wait "selected: root  100.0% of total" 2
tmux_keys Down
tmux_keys Enter
tmux_wait "zoom: root > " 3
tmux_keys BSpace
sleep 0.3
tmux_screen | grep -q "zoom: root > " && fail "Backspace did not zoom out: $(tmux_screen)"
tmux_wait "zoom: root" 2
tmux_keys BSpace # back to top
tmux_wait "cpu  top  cpu" 3
tmux_keys Left # back to the list

# Two heap fetches and d.
tmux_wait "PROFILE        COUNT" 3
tmux_keys Down # the list's selection is on cpu after the CPU fetch
tmux_keys Enter
tmux_wait "heap  top  inuse_space" 5
sleep 1
tmux_keys Left
tmux_wait "PROFILE        COUNT" 3
tmux_keys Enter
tmux_wait "heap  top  inuse_space" 5
tmux_keys d
tmux_wait "diff against the fetch of" 5
tmux_wait "Type: inuse_space" 3

# The journal: every fetch, with the profile's kind, size, time and top.
tmux_keys q
sleep 1
J=$(ls "$XDG_STATE_HOME"/gotriage/sessions/*.jsonl | head -1)
[ -f "$J" ] || fail "no journal"
n=$(grep -c '"what":"profile"' "$J")
[ "$n" -ge 5 ] || fail "expected >= 5 profile fetches in the journal, got $n"
grep -E '"what":"profile","profile":"heap","bytes":[1-9][0-9]*,.*"top":\["[^"]*main\.allocLoop' "$J" >/dev/null ||
	fail "no heap fetch with its size and top rows in the journal"
grep -E '"profile":"cpu".*"error":"CPU profile cancelled' "$J" >/dev/null ||
	fail "the cancelled CPU profile is not in the journal"
grep -E '"profile":"cpu","bytes":[1-9][0-9]*,.*"top":\["' "$J" >/dev/null ||
	fail "the CPU profile's top is not in the journal"
echo "ok"
