#!/usr/bin/env bash
# --ssh shows the HOST's process, never this machine's: the "host" is a
# PID namespace (unshare --pid --mount-proc) holding sshd and its own demo
# service, so the PID the console is given names a different process (or
# none) in this machine's /proc, and the service listens on a port of its
# own. In a real tmux terminal: the Overview names the host's demo (its
# comm, its port), and stays so after :refresh (which re-reads the target:
# locally it is /proc, over ssh it must be the host).
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
command -v unshare >/dev/null || skip "unshare (util-linux) not installed"
[ "$(id -u)" = 0 ] || skip "a PID namespace needs root here"
unshare --pid --fork --mount-proc true 2>/dev/null || skip "unshare --pid is not permitted here"
source "$(dirname "$0")/../it/sshd_lib.sh"
start_demo # builds DEMO_BIN; this one runs here, outside the "host"
NS_PORT=$(free_port)
# The namespace's init: the host's demo in the background, then sshd.
cat >"$TMP/nsinit.sh" <<EOF2
DEMO_ADDR=127.0.0.1:$NS_PORT $SERVICE_ENV "$DEMO_BIN" >"$TMP/nsdemo.log" 2>&1 &
echo \$! >"$TMP/nsdemo.pid"
exec "\$@"
EOF2
SSHD_WRAP="unshare --pid --fork --kill-child --mount-proc bash $TMP/nsinit.sh" start_sshd ns
# unshare --fork ignores SIGTERM while it waits: the trap kills it (and,
# --kill-child, the namespace with it) with SIGKILL.
NS_UNSHARE=$(eval echo "\$SSHD_PID_ns")
trap 'kill -KILL "$NS_UNSHARE" 2>/dev/null; cleanup' EXIT
ssh_client_config
wait_http "http://127.0.0.1:$NS_PORT"
NS_PID=$(cat "$TMP/nsdemo.pid")
# The namespace's PID of the host's demo is not the demo here.
[ "$NS_PID" != "$DEMO_PID" ] || skip "the namespace's PID equals the local demo's"
local_comm=$(cat "/proc/$NS_PID/comm" 2>/dev/null || echo none)
[ "$local_comm" != demo-bin ] || skip "PID $NS_PID is a demo here too"
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config

tmux_start 160 40 "$SERVICE_ENV GOTRIAGE_SSH_CONFIG=$GOTRIAGE_SSH_CONFIG '$GT' --ssh gt-ns --pid $NS_PID --repo $DEMO_SRC --record $TMP/j.jsonl --refresh 30; echo EXIT=\$?; sleep 5"
tmux_wait "18/18 run" 20
tmux_keys 2
tmux_wait "[2:Overview]" 5
tmux_wait "$NS_PID (demo-bin)" 5
assert_contains "$(tmux_screen)" "127.0.0.1:$NS_PORT" "the host's listener"
# :refresh re-reads the target: from the host, not this machine's /proc.
# (--refresh 30: no timer refresh from the host hides a wrong re-read.)
tmux_keys ':' 'refresh' Enter
sleep 0.5
screen=$(tmux_screen)
echo "$screen" >"$TMP/after-refresh.txt"
assert_contains "$screen" "$NS_PID (demo-bin)" "after :refresh, the host's process"
assert_contains "$screen" "127.0.0.1:$NS_PORT" "after :refresh, the host's listener"
grep -qF "127.0.0.1:$DEMO_PORT" <<<"$screen" && fail "the local demo's port is shown: $screen"
grep -qF "process $NS_PID:" <<<"$screen" && fail "this machine's /proc was read: $screen"
tmux_keys q
tmux_wait "EXIT=0" 10
# The Overview's goroutine-total polls journal the process's resident
# size: the host's demo's (a Go service: megabytes), from the host's
# document, never this machine's PID $NS_PID ($local_comm here).
rss=$(grep '"series": *"poll"' "$TMP/j.jsonl" | grep -o '"rss": *[0-9.e+]*' | tail -1 | grep -o '[0-9.e+]*$')
[ -n "$rss" ] || fail "no resident size in the journal's polls: $(grep poll "$TMP/j.jsonl" | tail -2)"
awk "BEGIN{exit !($rss > 2*1024*1024)}" || fail "rss $rss is not the host's Go service's"
echo "ok: --ssh shows the host's process, also after :refresh (journalled rss $rss bytes)"
