#!/usr/bin/env bash
# The profiles pane in tmux, against the profiles fixture (a Go 1.19 service
# hashing under pprof.Do labels, allocating, blocking and contending):
#  - the /debug/pprof/ index's counts and the cost of each kind are listed;
#  - c asks for the seconds first (Esc or a bad answer starts nothing: the
#    service is asked nothing), then the chosen 30 s CPU profile: its
#    countdown is shown and goes down, the status line names it, x cancels
#    it and the pane says so; while another client's CPU profile runs in
#    the service, c says plainly that only one may run;
#  - a full CPU profile shows pprof's top with the service's hot functions,
#    s sorts by cum, f opens the flame graph, Down+Enter zooms, Backspace
#    backs out;
#  - two heap fetches and d: the diff against the previous fetch;
#  - goroutineleak (Go 1.26's experiment; the fixture registers a profile of
#    that name, so Go's own index lists it): its row, and its fetch;
#  - every fetch is in the session journal with its kind, size, duration
#    and top rows;
#  - with --repo, the CPU profile's hot main.burn (the /burn handler the
#    repo scan finds) becomes evidence on the route step, journaled.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
command -v curl >/dev/null || skip "curl not installed"
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config

SRC=$TMP/profiles
cp -r "$ROOT/tests/fixtures/profiles" "$SRC"
go_build "$SRC" "$TMP/profiles-bin"
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
PROFILES_LEAK=1 PROFILES_ADDR=127.0.0.1:$PORT $SERVICE_ENV "$TMP/profiles-bin" >"$TMP/svc.log" 2>&1 &
CLEANUP_PIDS+=($!)
wait_http "$URL"

tmux_start 140 40 "$GT" --url "$URL" --repo "$SRC" --pane profiles
tmux_wait "[7:Profiles]" 10
tmux_wait "PROFILE        COUNT" 5
screen=$(tmux_screen)
grep -E "^> heap +[0-9]+ +never +cheap" <<<"$screen" >/dev/null ||
	fail "the heap row has no count from the index: $screen"
assert_contains "$screen" "empty unless SetBlockProfileRate"
assert_contains "$screen" "samples CPU at 100 Hz"
grep -E "^  goroutineleak +3 +never +runs a GC cycle" <<<"$screen" >/dev/null ||
	fail "no goroutineleak row with its count from the index: $screen"

# c asks how long; Esc and a bad answer start nothing (the fixture logs
# every /debug/pprof/profile request it gets).
cpu_requests() { grep -c "cpu profile request" "$TMP/svc.log"; }
tmux_keys c
tmux_wait "seconds of sampling (1-300, Enter: 10" 3
tmux_keys Escape
tmux_keys c
tmux_wait "seconds of sampling" 3
tmux_keys -l "ten"
tmux_keys Enter
tmux_wait "no CPU profile started: a whole number of seconds" 3
sleep 0.5
tmux_screen | grep -q "CPU profile recording" && fail "a CPU profile started on a bad answer"
assert_eq "$(cpu_requests)" 0 "CPU profile requests before a valid answer"
# c, 30: the countdown of 30 s, and it moves.
tmux_keys c
tmux_wait "seconds of sampling" 3
tmux_keys -l "30"
tmux_keys Enter
tmux_wait "CPU profile recording:" 3
left1=$(tmux_screen | sed -n 's/.*recording: \([0-9]*\) s left of 30 s.*/\1/p')
tmux_wait "fetching CPU profile (30 s)" 2 # the status line
sleep 2.2
left2=$(tmux_screen | sed -n 's/.*recording: \([0-9]*\) s left of 30 s.*/\1/p')
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
tmux_wait "seconds of sampling (1-300, Enter: 30" 3 # the last choice
tmux_keys Enter
tmux_wait "another CPU profile is running in the service" 5
wait $other

# A whole CPU profile of 4 s: top with the fixture's hashing, with
# requests to /burn meanwhile (bounded: 8 x 300 ms).
tmux_keys c
tmux_wait "seconds of sampling" 3
tmux_keys -l "4"
tmux_keys Enter
tmux_wait "left of 4 s" 3
(for _ in 1 2 3 4 5 6 7 8; do curl -s "$URL/burn?ms=300" >/dev/null; done) &
tmux_wait "Type: cpu" 20
# The checklist's evidence: the repo scan ties /burn to main.burn, hot in
# this profile, so the route step carries it (and the journal says so).
tmux_wait "evidence on 1 checklist line" 5
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

# goroutineleak: the last row; Enter fetches it; the leaked goroutines'
# function is on top.
tmux_keys Left
tmux_wait "PROFILE        COUNT" 3
tmux_keys End
tmux_wait "> goroutineleak" 3
tmux_keys Enter
tmux_wait "goroutineleak  top  goroutineleak" 10
tmux_wait "main.main.func" 3

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
grep -E '"kind":"profile_evidence".*"check":"route-not-served","evidence":"sym:main.burn \(the handler of /burn\) is hot in the CPU profile' "$J" >/dev/null ||
	fail "no profile evidence for main.burn on route-not-served in the journal: $(grep profile_evidence "$J")"
echo "ok"
