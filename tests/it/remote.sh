#!/usr/bin/env bash
# --ssh through a real OpenSSH server (tests/it/sshd_lib.sh) on 127.0.0.1:
# the demo judged with `check --ssh gt-a --pid N --repo DIR` gives every
# verdict (and summary) of a local check of the same service and repo;
# `collect` over ssh -> `check --facts` too. The master connection is
# kept between runs: a second run reuses it (same pid, faster), no tunnel
# stays listening on it after gotriage quits, GOTRIAGE_SSH_PERSIST=2 ends
# it ~2 s later and =0 leaves nothing. Then each way it can go wrong
# ends with one clear line and exit 2, never a hang: no gotriage on the
# host's PATH, a refused key, an unknown host key, a host that does not
# answer, the ssh child killed mid-session, and a service that hangs behind
# the tunnel (the route probes time out, the check still ends).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/sshd_lib.sh"
command -v jq >/dev/null || skip "jq not installed"
start_demo
start_sshd a
start_sshd nogt /usr/bin:/bin
ssh_client_config
cd "$ROOT"
GTC() { $SERVICE_ENV GOTRIAGE_SSH_CONFIG="$GOTRIAGE_SSH_CONFIG" "$@"; }
verdicts() { jq -c '[.checks[] | {id, verdict, summary}]' "$1"; }
same() { # a b what
	if [ "$(verdicts "$1")" != "$(verdicts "$2")" ]; then
		diff <(jq '[.checks[] | {id, verdict, summary}]' "$1") \
			<(jq '[.checks[] | {id, verdict, summary}]' "$2")
		fail "$3 differs from a local check"
	fi
}
# one_line OUTPUT TEXT: exactly one line on stderr, containing TEXT.
one_line() {
	assert_contains "$1" "$2" "error line"
	[ "$(printf '%s\n' "$1" | wc -l)" -eq 1 ] || fail "more than one line: $1"
}

GTC "$GT" check --pid "$DEMO_PID" --repo "$DEMO_SRC" --header X-Trace-ID --format json >"$TMP/local.json"
[ $? -eq 1 ] || fail "local check: want exit 1"

# The master connection outlives the run (ControlPersist, 60 s by
# default) in $XDG_RUNTIME_DIR/gotriage-ssh/ (sshd_lib.sh: under $TMP).
t0=$(date +%s%N)
GTC "$GT" check --ssh gt-a --pid "$DEMO_PID" --repo "$DEMO_SRC" --header X-Trace-ID --format json >"$TMP/ssh.json" 2>"$TMP/ssh.err"
rc=$?
t1=$(date +%s%N)
[ "$rc" -eq 1 ] || fail "check --ssh: exit $rc, want 1: $(cat "$TMP/ssh.err")"
cold=$(((t1 - t0) / 1000000))
echo "check --ssh took $cold ms (a new master)"
same "$TMP/local.json" "$TMP/ssh.json" "check --ssh"
# The route probes went through the tunnel and name the service's own URL.
jq -e --arg u "$DEMO_URL/api/v2/orders -> 404" \
	'.checks[] | select(.id == "route-not-served") | .evidence[] | select(contains($u))' \
	"$TMP/ssh.json" >/dev/null || fail "route probes over the tunnel: $(jq -c '.checks[] | select(.id=="route-not-served")' "$TMP/ssh.json")"
socks=$(ls "$SSH_CTL_DIR" 2>/dev/null | tr '\n' ' ')
[ "$(echo $socks | wc -w)" -eq 1 ] || fail "want one control socket in $SSH_CTL_DIR, found [$socks]"
[ "$(stat -c %a "$SSH_CTL_DIR")" = 700 ] || fail "control directory mode $(stat -c %a "$SSH_CTL_DIR"), want 700"
m1=$(ssh_masters)
[ "$(echo $m1 | wc -w)" -eq 1 ] || fail "want one master alive after the run, found [$m1]"
# Its tunnel to the service is cancelled at quit (by a detached child, so
# a bounded moment): a persisting master must not keep listening for it.
listening() { ss -Hltnp 2>/dev/null | grep -F "pid=$1," | awk '{print $4}' | tr '\n' ' '; }
deadline=$(($(date +%s) + $(scaled_s 3)))
while [ -n "$(listening $m1)" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
[ -z "$(listening $m1)" ] || fail "the persisting master still listens on $(listening $m1) after gotriage quit"
# A second run reuses that master: same pid, no new login, faster.
t0=$(date +%s%N)
GTC "$GT" check --ssh gt-a --pid "$DEMO_PID" --repo "$DEMO_SRC" --header X-Trace-ID --format json >"$TMP/ssh2.json" 2>"$TMP/ssh.err" ||
	[ $? -eq 1 ] || fail "second check --ssh: $(cat "$TMP/ssh.err")"
t1=$(date +%s%N)
warm=$(((t1 - t0) / 1000000))
echo "check --ssh took $warm ms (the same master)"
same "$TMP/local.json" "$TMP/ssh2.json" "check --ssh on a kept master"
assert_eq "$(ssh_masters)" "$m1" "master after the second run"
[ "$warm" -lt "$cold" ] || fail "the second run ($warm ms) was not faster than the first ($cold ms)"
deadline=$(($(date +%s) + $(scaled_s 3)))
while [ -n "$(listening $m1)" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
[ -z "$(listening $m1)" ] || fail "the master still listens on $(listening $m1) after the second run"
out=$(GTC "$GT" check --ssh gt-a --pid "$DEMO_PID" --repo "$DEMO_SRC" --only stale-binary)
assert_contains "$out" "facts of $(hostname) taken at" "text header names the host"
ssh_masters_end
# GOTRIAGE_SSH_PERSIST=2: a new master, alive just after the run, gone
# (socket too) about 2 s later.
GTC env GOTRIAGE_SSH_PERSIST=2 "$GT" check --ssh gt-a --pid "$DEMO_PID" --only stale-binary >/dev/null 2>&1
m2=$(ssh_masters)
[ -n "$m2" ] && [ "$m2" != "$m1" ] || fail "PERSIST=2: want a new master just after the run, found [$m2]"
deadline=$(($(date +%s) + $(scaled_s 6)))
while [ -n "$(ssh_masters)$(ls "$SSH_CTL_DIR")" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
[ -z "$(ssh_masters)$(ls "$SSH_CTL_DIR")" ] ||
	fail "PERSIST=2: master [$(ssh_masters)] or socket [$(ls "$SSH_CTL_DIR")] still there after 6 s"
# GOTRIAGE_SSH_PERSIST=0: the master ends with the run, nothing is left.
GTC env GOTRIAGE_SSH_PERSIST=0 "$GT" check --ssh gt-a --pid "$DEMO_PID" --repo "$DEMO_SRC" --format json >/dev/null 2>&1
deadline=$(($(date +%s) + $(scaled_s 3)))
while [ -n "$(ssh_masters)$(ls "$SSH_CTL_DIR")" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
[ -z "$(ssh_masters)$(ls "$SSH_CTL_DIR")" ] ||
	fail "PERSIST=0: master [$(ssh_masters)] or socket [$(ls "$SSH_CTL_DIR")] left behind"

# collect over ssh (plain on stdout, gzip locally), then judged here.
GTC ssh -F "$GOTRIAGE_SSH_CONFIG" -o BatchMode=yes gt-a gotriage collect --pid "$DEMO_PID" \
	--module example.com/demolib | gzip >"$TMP/remote.json.gz" || fail "collect over ssh"
GTC "$GT" check --facts "$TMP/remote.json.gz" --repo "$DEMO_SRC" --header X-Trace-ID --format json >"$TMP/facts.json"
# (--header: the demo's middleware sets X-Trace-ID; middleware-order judges it.)
# Without --repo on the host the document holds no route probes: those two
# checks say so instead of probing this host's loopback; the rest agree.
diffs=$(diff <(jq -c '.checks[] | {id, verdict, summary}' "$TMP/local.json") \
	<(jq -c '.checks[] | {id, verdict, summary}' "$TMP/facts.json") | sed -n 's/^> //p' | jq -r .id | sort | tr '\n' ' ')
assert_eq "$diffs" "middleware-order route-not-served " "checks differing without route probes"
jq -e '.checks[] | select(.id == "route-not-served") | .verdict == "unknown"' "$TMP/facts.json" >/dev/null ||
	fail "route-not-served should be unknown without probes"
# A document without GOPROXY probes (no --repo or --module on the host):
# they are not made from this machine instead (its network is not the
# host's; here, offline, probing locally would FAIL the demo's
# proxy.golang.org), the verdict says where to make them.
GTC ssh -F "$GOTRIAGE_SSH_CONFIG" -o BatchMode=yes gt-a gotriage collect --pid "$DEMO_PID" \
	>"$TMP/noproxy.json" || fail "collect over ssh"
jq -e '.proxy == null' "$TMP/noproxy.json" >/dev/null || fail "the document should hold no GOPROXY probes"
GTC "$GT" check --facts "$TMP/noproxy.json" --repo "$DEMO_SRC" --only goproxy-unreachable \
	--format json >"$TMP/noproxy-check.json"
jq -e '.checks[0] | .verdict == "unknown" and (.summary | test("not made on"))' \
	"$TMP/noproxy-check.json" >/dev/null ||
	fail "GOPROXY probes made from here for another host's facts: $(jq -c '.checks[0]' "$TMP/noproxy-check.json")"

# Failures: one line each, exit 2, bounded time.
err=$(timeout 30 env GOTRIAGE_SSH_CONFIG="$GOTRIAGE_SSH_CONFIG" "$GT" check --ssh gt-nogt --pid "$DEMO_PID" --repo "$DEMO_SRC" 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "no gotriage on PATH: exit $rc, want 2 ($err)"
one_line "$err" "no gotriage on the host's PATH"
err=$(timeout 30 env GOTRIAGE_SSH_CONFIG="$GOTRIAGE_SSH_CONFIG" "$GT" check --ssh gt-a-badkey --pid "$DEMO_PID" 2>&1 >/dev/null)
[ $? -eq 2 ] || fail "refused key: want exit 2"
one_line "$err" "the host refused the key"
err=$(timeout 30 env GOTRIAGE_SSH_CONFIG="$GOTRIAGE_SSH_CONFIG" "$GT" check --ssh gt-a-unknownhost --pid "$DEMO_PID" 2>&1 >/dev/null)
[ $? -eq 2 ] || fail "unknown host key: want exit 2"
one_line "$err" "the host key is unknown or does not match"
dead=$(free_port)
err=$(timeout 30 env GOTRIAGE_SSH_CONFIG="$GOTRIAGE_SSH_CONFIG" "$GT" check --ssh "127.0.0.1:$dead" --pid 1 2>&1 >/dev/null)
[ $? -eq 2 ] || fail "nothing listening: want exit 2"
one_line "$err" "cannot connect (connection refused)"
err=$("$GT" check --ssh '-oProxyCommand=touch /tmp/x' --pid 1 2>&1 >/dev/null)
[ $? -eq 2 ] || fail "option-like destination: want exit 2"
one_line "$err" "not a host name"

# A host whose gotriage writes a newer document: refused, one line.
cat >"$TMP/gt-path/gotriage-next" <<'EOF2'
#!/bin/sh
echo '{"format":"gotriage-facts","version":3,"gotriage":"9.9.9","host":"h"}'
cat >/dev/null
EOF2
chmod +x "$TMP/gt-path/gotriage-next"
err=$(timeout 30 env GOTRIAGE_REMOTE=gotriage-next GOTRIAGE_SSH_CONFIG="$GOTRIAGE_SSH_CONFIG" "$GT" check --ssh gt-a --pid "$DEMO_PID" 2>&1 >/dev/null)
[ $? -eq 2 ] || fail "newer remote document: want exit 2"
one_line "$err" "version 3 is newer than this gotriage reads (2; written by gotriage 9.9.9)"

# A service that hangs: the host's collect and the tunnelled route probes
# time out; the check ends (bounded) and says so. Meanwhile, a second run
# has its ssh child killed: the connection dropped, one line, at once.
go_build "$ROOT/tests/fixtures/hang" "$TMP/hang"
"$TMP/hang" >"$TMP/hang.addr" &
CLEANUP_PIDS+=($!)
for _ in $(seq 1 50); do [ -s "$TMP/hang.addr" ] && break; sleep 0.1; done
hang=$(cat "$TMP/hang.addr")
t0=$(date +%s)
timeout 60 env GOTRIAGE_SSH_CONFIG="$GOTRIAGE_SSH_CONFIG" "$GT" check --ssh gt-a --url "http://$hang" \
	--repo "$DEMO_SRC" --format json --only route-not-served,stale-binary >"$TMP/hang.json" 2>"$TMP/hang.err"
rc=$?
t1=$(date +%s)
[ "$rc" -le 2 ] || fail "hanging service: exit $rc (124 = killed by timeout: it hung): $(cat "$TMP/hang.err")"
echo "check --ssh against a hanging service ended in $((t1 - t0)) s (exit $rc)"
if [ "$rc" -ne 2 ]; then
	jq -e '.checks[] | select(.id == "route-not-served") | [.evidence[], .summary, (.missing // "")] | join(" ") | test("timed out|time limit|no answer")' \
		"$TMP/hang.json" >/dev/null || fail "route probes behind the tunnel: $(jq -c '.checks[0]' "$TMP/hang.json")"
else
	one_line "$(cat "$TMP/hang.err")" "no answer"
fi

env GOTRIAGE_SSH_CONFIG="$GOTRIAGE_SSH_CONFIG" "$GT" check --ssh gt-a --url "http://$hang" \
	--repo "$DEMO_SRC" --format json >/dev/null 2>"$TMP/drop.err" &
gtpid=$!
sshpid=""
for _ in $(seq 1 100); do
	# the session (its command has --stream), not a master or an `ssh -O` command
	for c in $(pgrep -P "$gtpid" -x ssh); do
		tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null | grep -q -- "--stream" && sshpid=$c
	done
	[ -n "$sshpid" ] && break
	sleep 0.05
done
[ -n "$sshpid" ] || fail "no ssh child of gotriage to kill"
sleep 0.5
t0=$(date +%s%N)
kill -9 "$sshpid"
wait "$gtpid"
rc=$?
t1=$(date +%s%N)
[ "$rc" -eq 2 ] || fail "dropped connection: exit $rc, want 2: $(cat "$TMP/drop.err")"
one_line "$(cat "$TMP/drop.err")" "the connection dropped"
echo "dropped connection reported $(((t1 - t0) / 1000000)) ms after the kill"
[ $(((t1 - t0) / 1000000)) -lt 5000 ] || fail "the drop took too long to notice"
echo "ok: --ssh through a real sshd"
