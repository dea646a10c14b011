#!/usr/bin/env bash
# The console over --ssh (a real sshd on 127.0.0.1, tests/it/sshd_lib.sh)
# and over --facts, in a real tmux terminal: the checklist of the demo
# judged from the host's facts and the local repo, the status line naming
# the host ("facts of HOST taken at TIME") with RTT and bytes moved, the
# journal naming the host; then the ssh child killed: the console stays up
# and says the connection dropped.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../it/sshd_lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo
start_sshd a
ssh_client_config
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
host=$(hostname)

tmux_start 140 30 "$SERVICE_ENV GOTRIAGE_SSH_CONFIG=$GOTRIAGE_SSH_CONFIG '$GT' --ssh gt-a --pid $DEMO_PID --repo $DEMO_SRC --record $TMP/j.jsonl --refresh 1; echo EXIT=\$?; sleep 5"
tmux_wait "[1:Checklist]" 15
tmux_wait "18/18 run" 15
screen=$(tmux_screen)
assert_contains "$screen" "[FAIL] route-excluded-by-build"
assert_contains "$screen" "[FAIL] route-not-served"
assert_contains "$screen" "[FAIL] ticker-without-consumer"
tmux_wait "facts of $host taken at" 5
# The timer refreshes the process part over the multiplexed connection.
tmux_wait "KB moved" 10
grep -q "\"host\": *\"$host\"\|\"host\":\"$host\"" "$TMP/j.jsonl" || fail "the journal does not name the host"

# Kill the ssh child of the console: it keeps running and says so.
sshpid=""
for g in $(pgrep -x gotriage); do
	tr '\0' ' ' <"/proc/$g/cmdline" | grep -q -- "--ssh gt-a" || continue
	# the session (its command has --stream), not the master or a short-lived
	# `ssh -O forward` that may still be running at this moment
	for c in $(pgrep -P "$g" -x ssh); do
		tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null | grep -q -- "--stream" && sshpid=$c
	done
done
[ -n "$sshpid" ] || fail "no ssh child of the console"
kill -9 "$sshpid"
tmux_wait "the connection dropped" 10
# r (re-collect the step) reconnects: the status line comes back.
tmux_keys r
tmux_wait "KB moved" 20
tmux_keys '?'
tmux_wait "keys in the" 3
tmux_keys Escape q
tmux_wait "EXIT=0" 10
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null

# --facts: read-only, from a document collected earlier.
$SERVICE_ENV "$GT" collect --pid "$DEMO_PID" --repo "$DEMO_SRC" -o "$TMP/f.json.gz" || fail "collect"
tmux_start 140 30 "$SERVICE_ENV '$GT' --facts $TMP/f.json.gz --repo $DEMO_SRC --no-record; echo EXIT=\$?; sleep 5"
tmux_wait "18/18 run" 15
tmux_wait "facts of $host taken at" 5
assert_contains "$(tmux_screen)" "[FAIL] route-not-served"
tmux_keys q
tmux_wait "EXIT=0" 10
echo "remote console e2e: ok"
