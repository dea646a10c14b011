#!/usr/bin/env bash
# The fleet pane in a real tmux terminal: `gotriage fleet --targets FILE`
# on a terminal (no --format) opens the console on the fleet; three
# replicas behind a real sshd (tests/it/sshd_lib.sh) under two host
# aliases, one built from the older commit. The pane must show the groups
# (the old replica alone with stale-binary fail), Enter on that group
# lists its target, Enter on the target opens the console on it over ssh
# (its header names the process, its overview the PID), q comes back to
# the fleet; a target gone since the run says why it cannot be opened;
# the journal records the fleet and the attach.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../it/sshd_lib.sh"
source "$(dirname "$0")/../it/fleet_lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
fleet_build
start_sshd a
ssh_client_config
for h in web-01 web-02; do fleet_alias "$h"; done
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
fleet_replica "$FLEET_NEW"; R1=$REPLICA_PID
fleet_replica "$FLEET_NEW"; R2=$REPLICA_PID
fleet_replica "$FLEET_OLD"; R3=$REPLICA_PID
printf 'web-01 pid=%s\nweb-02 pid=%s\nweb-02 pid=%s\n' "$R1" "$R2" "$R3" >"$TMP/targets"
OLD7=${FLEET_OLD_REV:0:7}

tmux_start 150 35 "GOTRIAGE_SSH_CONFIG=$GOTRIAGE_SSH_CONFIG '$GT' fleet --targets $TMP/targets --repo $FLEET_REPO --record $TMP/fleet.jsonl; echo EXIT=\$?; sleep 5"
tmux_wait "[1:Fleet]" 30
tmux_wait "Groups of identical answers" 5
screen=$(tmux_screen)
assert_contains "$screen" "2 targets (web-01:$R1, web-02:$R2)"
assert_contains "$screen" "1 target (web-02:$R3): stale-binary fail"
assert_contains "$screen" "running $OLD7"
assert_contains "$screen" "Versions (skew)"
# The first group is selected; the stale one is the second line down.
tmux_keys Down
tmux_wait "Enter lists this group's targets" 5
tmux_keys Enter
tmux_wait "- 1 target: stale-binary fail" 5
tmux_keys Down
tmux_wait "Enter opens web-02:$R3: live over ssh web-02" 5
tmux_keys Enter
# The console on that one target, over ssh.
tmux_wait "[1:Checklist]" 20
tmux_wait "PID $R3" 10
tmux_keys 2
tmux_wait "[2:Overview]" 5
tmux_wait "$R3" 10
assert_contains "$(tmux_screen)" "[2:Overview]"
tmux_keys q
tmux_wait "back from web-02:$R3" 10
assert_contains "$(tmux_screen)" "[1:Fleet]"
# A target gone since the run: its console cannot attach, and the fleet
# says why (the child's last stderr line), not a blank screen.
kill "$R1"
tmux_keys Home Down Enter
tmux_wait "- 2 targets: " 5
tmux_keys Down
tmux_wait "Enter opens web-01:$R1" 5
tmux_keys Enter
tmux_wait "the console on web-01:$R1 exited 2: gotriage:" 20
assert_contains "$(tmux_screen)" "[1:Fleet]"
tmux_keys q
tmux_wait "EXIT=1" 10
grep -q '"fleet_view"' "$TMP/fleet.jsonl" || fail "the console's journal lacks the fleet view"
assert_eq "$(grep -c '"fleet_target"' "$TMP/fleet.jsonl")" 3 "journal target events"
grep '"fleet_attach"' "$TMP/fleet.jsonl" | grep -q -- "--ssh" || fail "the attach is not journalled"

# A Kubernetes row, live: Enter opens `gotriage --k8s prod/api-1/app`,
# collecting over kubectl exec and probing routes over kubectl
# port-forward. A fake kubectl on PATH checks its exact arguments, runs
# collect here, and relays the port-forward to the real replica
# (tests/fixtures/kubefwd); after the console quits no kubectl is left.
go_build "$ROOT/tests/fixtures/kubefwd" "$TMP/kubefwd"
fleet_replica "$FLEET_OLD"; R4=$REPLICA_PID
P4=$(tr '\0' '\n' <"/proc/$R4/environ" | sed -n 's/^ADDR=127.0.0.1://p')
mkdir -p "$TMP/kbin"
cat >"$TMP/kbin/kubectl" <<KUBE
#!/bin/bash
case "\$*" in
"exec -n prod api-1 -c app -- gotriage collect --pid $R4") exec "$GT" collect --pid $R4 ;;
"exec -i -n prod api-1 -c app -- gotriage collect --stream --parts "*" --pid $R4") shift 9; exec "$GT" "\$@" ;;
"port-forward -n prod pod/api-1 :$P4") exec "$TMP/kubefwd" -rport $P4 -to 127.0.0.1:$P4 -log "$TMP/relay.log" ;;
"port-forward -n prod pod/api-1 "[0-9]*":$P4") lp=\${5%%:*}; exec "$TMP/kubefwd" -listen \$lp -rport $P4 -to 127.0.0.1:$P4 -log "$TMP/relay.log" ;;
*) echo "fake kubectl: unexpected arguments: \$*" >&2; exit 3 ;;
esac
KUBE
chmod +x "$TMP/kbin/kubectl"
printf 'k8s://prod/api-1/app pid=%s\n' "$R4" >"$TMP/k8s-targets"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
tmux_start 150 35 "PATH=$TMP/kbin:\$PATH '$GT' fleet --targets $TMP/k8s-targets --repo $FLEET_REPO --record $TMP/fleet-k8s.jsonl; echo EXIT=\$?; sleep 5"
tmux_wait "[1:Fleet]" 30
tmux_wait "1 target (api-1/app:$R4): stale-binary fail" 10
tmux_keys Enter
tmux_wait "- 1 target: stale-binary fail" 5
tmux_keys Down
tmux_wait "Enter opens api-1/app:$R4: live over kubectl prod/api-1/app" 5
tmux_keys Enter
tmux_wait "[1:Checklist]" 20
tmux_wait "PID $R4" 10
# The route probes went to the real service through the port-forward.
for _ in $(seq 1 100); do [ -s "$TMP/relay.log" ] && break; sleep 0.1; done
[ -s "$TMP/relay.log" ] || fail "the console's route probes did not go through kubectl port-forward"
fwd=$(pgrep -f "$TMP/kubefwd") || fail "no port-forward runs while the console is open"
# The pod restarts: kubectl port-forward ends. The next refresh starts it
# again on the same local port, and the probes go through it again.
kill "$fwd"
: >"$TMP/relay.log"
tmux_keys 4
tmux_wait "[4:Routes]" 5
tmux_keys r
for _ in $(seq 1 150); do [ -s "$TMP/relay.log" ] && break; sleep 0.1; done
[ -s "$TMP/relay.log" ] || fail "after the port-forward ended, r did not forward the probes again"
fwd2=$(pgrep -f "$TMP/kubefwd -listen") || fail "the port-forward was not started again on its port"
tmux_keys q
tmux_wait "back from api-1/app:$R4" 10
left=$(pgrep -af "$TMP/kubefwd|$TMP/kbin/kubectl|collect --stream" | grep -v pgrep)
[ -z "$left" ] || fail "kubectl children left after the console quit: $left"
tmux_keys q
tmux_wait "EXIT=1" 10
echo "fleet pane e2e: ok"
