#!/usr/bin/env bash
# gotriage fleet through a real OpenSSH server (tests/it/sshd_lib.sh) on
# 127.0.0.1, several host aliases, seven replicas of a small pprof service
# built at two commits (tests/it/fleet_lib.sh):
#   web-01  R1 new                      web-03  R4 new, no admin port
#   web-02  R2 new, R3 new + 400 parked goroutines      R5 old commit
#   web-04  R6 new with GOSUMDB=off, R7 new and SIGSTOPped
#   gt-hung  a host whose gotriage never answers     gt-a-unknownhost
# The view must group them as built: the old replica alone with
# stale-binary fail and its revision, skew naming both revisions, R3 an
# outlier, R4 lacking the admin port the others share, GOSUMDB differing on
# R6, R7 hung, gt-hung timed out within the timeout, the unknown host key
# unreachable; exit 1. Then: bad target lines (FILE:LINE, exit 2),
# --save/--facts-dir judging again, --record, comm= through --ssh-hosts,
# and k8s:// targets through a fake kubectl on PATH (no real kubectl here).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/sshd_lib.sh"
source "$(dirname "$0")/fleet_lib.sh"
command -v jq >/dev/null || skip "jq not installed"
fleet_build
mkdir -p "$TMP/hung-path"
printf '#!/bin/sh\nexec sleep 60\n' >"$TMP/hung-path/gotriage"
chmod +x "$TMP/hung-path/gotriage"
start_sshd a
start_sshd hung "$TMP/hung-path:/usr/bin:/bin"
ssh_client_config
for h in web-01 web-02 web-03 web-04; do fleet_alias "$h"; done
cd "$ROOT"

ADMIN_PORT=$(free_port)
A=ADMIN_ADDR=127.0.0.1:$ADMIN_PORT
fleet_replica "$FLEET_NEW" "$A"; R1=$REPLICA_PID
fleet_replica "$FLEET_NEW" "$A"; R2=$REPLICA_PID
fleet_replica "$FLEET_NEW" "$A" LEAK=400; R3=$REPLICA_PID
fleet_replica "$FLEET_NEW"; R4=$REPLICA_PID
fleet_replica "$FLEET_OLD" "$A"; R5=$REPLICA_PID
fleet_replica "$FLEET_NEW" "$A" GOSUMDB=off; R6=$REPLICA_PID
fleet_replica "$FLEET_NEW"; R7=$REPLICA_PID
kill -STOP "$R7"
OLD7=${FLEET_OLD_REV:0:7}
NEW7=${FLEET_NEW_REV:0:7}

cat >"$TMP/targets" <<EOF2
# the web tier
web-01 pid=$R1 role=canary
web-02 pid=$R2
ssh://web-02 pid=$R3
web-03 pid=$R4
web-03 pid=$R5
web-04 pid=$R6
web-04 pid=$R7
gt-hung pid=1
gt-a-unknownhost pid=$R1
EOF2
TIMEOUT=15
t0=$(date +%s%N)
"$GT" fleet --targets "$TMP/targets" --repo "$FLEET_REPO" --target-timeout $TIMEOUT \
	--format json --save "$TMP/saved" --record "$TMP/fleet.jsonl" >"$TMP/fleet.json" 2>"$TMP/fleet.err"
rc=$?
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
echo "fleet of 9 targets took $ms ms"
[ "$rc" -eq 1 ] || fail "fleet: exit $rc, want 1: $(cat "$TMP/fleet.err")"
[ -s "$TMP/fleet.err" ] && fail "stderr is not a terminal, yet: $(cat "$TMP/fleet.err")"
J=$TMP/fleet.json
state() { jq -r --arg n "$1" '.target_list[] | select(.name == $n) | .state' "$J"; }
answer() { jq -r --arg n "$1" '.groups[] | select(.targets | index($n)) | .answer' "$J"; }

# The hung host: timed out, and the run ended within the timeout (+ slack).
assert_eq "$(state gt-hung:1)" "timed out" "the host that never answers"
[ "$ms" -lt $(((TIMEOUT + 10) * 1000)) ] || fail "the run took $ms ms with a $TIMEOUT s timeout"
assert_eq "$(state "web-04:$R7")" "hung" "the SIGSTOPped replica"
assert_eq "$(state "gt-a-unknownhost:$R1")" "unreachable" "unknown host key"
assert_contains "$(jq -r '.target_list[] | select(.state == "unreachable") | .error' "$J")" \
	"host key is unknown"
for p in "web-01:$R1" "web-02:$R2" "web-02:$R3" "web-03:$R4" "web-03:$R5" "web-04:$R6"; do
	assert_eq "$(state "$p")" "judged" "$p"
done
assert_eq "$(jq -r '.judged' "$J")" 6 "judged targets"

# Grouped as built: the old replica alone, with stale-binary and its revision.
old=$(answer "web-03:$R5")
assert_contains "$old" "stale-binary fail" "old replica's group"
assert_contains "$old" "running $OLD7" "old replica's group names its revision"
assert_eq "$(jq -r --arg n "web-03:$R5" '.groups[] | select(.targets | index($n)) | .targets | length' "$J")" 1
for p in "web-01:$R1" "web-02:$R2" "web-03:$R4" "web-04:$R6"; do
	a=$(answer "$p")
	assert_contains "$a" "running $NEW7" "$p's group"
	grep -q "stale-binary fail" <<<"$a" && fail "$p (HEAD build) grouped with stale-binary fail: $a"
done
# Skew: both revisions, with their replica counts.
assert_eq "$(jq -r '.versions | length' "$J")" 2 "revisions"
assert_eq "$(jq -r --arg r "$FLEET_NEW_REV" '.versions[] | select(.revision == $r) | .targets | length' "$J")" 5
assert_eq "$(jq -r --arg r "$FLEET_OLD_REV" '.versions[] | select(.revision == $r) | .targets[]' "$J")" "web-03:$R5"
# Outlier: R3's parked goroutines against the median.
assert_eq "$(jq -r '[.outliers[] | select(.metric == "goroutines") | .target] | join(",")' "$J")" "web-02:$R3"
# The admin port shared by the replicas of the new build: missing on R4 only.
gap=$(jq -c --arg l "tcp :$ADMIN_PORT" '.listener_gaps[] | select(.listener == $l)' "$J")
[ -n "$gap" ] || fail "no listener gap for :$ADMIN_PORT: $(jq -c .listener_gaps "$J")"
assert_eq "$(jq -r '.missing | join(",")' <<<"$gap")" "web-03:$R4" "replica without the admin port"
# GOSUMDB differs, on R6.
assert_eq "$(jq -r '.env.GOSUMDB[] | select(.value == "off") | .targets | join(",")' "$J")" "web-04:$R6"
# Route probes, made from each target's own host (an ssh -O forward over
# the host's master connection): the old build lacks /api/v1/refunds,
# which the repo declares; every HEAD build serves it.
verdict() { jq -r --arg n "$1" --arg c "$2" '.target_list[] | select(.name == $n) | .checks[] | select(.id == $c) | .verdict' "${3:-$J}"; }
why() { jq -r --arg n "$1" --arg c "$2" '.target_list[] | select(.name == $n) | .checks[] | select(.id == $c) | .summary' "${3:-$J}"; }
assert_eq "$(verdict "web-03:$R5" route-not-served)" "fail" \
	"the old build's missing route: $(why "web-03:$R5" route-not-served)"
assert_contains "$(why "web-03:$R5" route-not-served)" "/api/v1/refunds"
for p in "web-01:$R1" "web-02:$R2" "web-02:$R3" "web-03:$R4" "web-04:$R6"; do
	assert_eq "$(verdict "$p" route-not-served)" "pass" "$p route-not-served: $(why "$p" route-not-served)"
done
assert_contains "$old" "route-not-served fail" "old replica's group"

# Labels travel.
assert_eq "$(jq -r --arg n "web-01:$R1" '.target_list[] | select(.name == $n) | .labels[0]' "$J")" "role=canary"

# Judged again from the saved documents: the same groups for the judged.
ls "$TMP/saved"/*.facts.json.gz >/dev/null || fail "--save kept nothing"
assert_eq "$(ls "$TMP/saved" | wc -l)" 7 "documents saved (hung included, failures not)"
"$GT" fleet --facts-dir "$TMP/saved" --repo "$FLEET_REPO" --format json >"$TMP/again.json"
[ $? -eq 1 ] || fail "--facts-dir: want exit 1 (stale-binary fails)"
assert_eq "$(jq -c '[.versions[] | {revision, targets}]' "$TMP/again.json")" \
	"$(jq -c '[.versions[] | {revision, targets}]' "$J")" "versions judged again"
assert_eq "$(jq -c '[.groups[] | select(.answer != "timed out" and .answer != "unreachable")]' "$TMP/again.json")" \
	"$(jq -c '[.groups[] | select(.answer != "timed out" and .answer != "unreachable")]' "$J")" "groups judged again"

# The journal: one event per target and the view.
assert_eq "$(grep -c '"fleet_target"' "$TMP/fleet.jsonl")" 9 "journal target events"
grep -q '"fleet_view"' "$TMP/fleet.jsonl" || fail "journal lacks the fleet view"

# Text: the dshbak-like lines.
"$GT" fleet --facts-dir "$TMP/saved" --repo "$FLEET_REPO" >"$TMP/text" 
assert_contains "$(cat "$TMP/text")" "1 target (web-03:$R5): stale-binary fail"
assert_contains "$(cat "$TMP/text")" "Versions (skew):"
assert_contains "$(cat "$TMP/text")" "$FLEET_OLD_REV: 1 replica"

# Bad target lines: every one named FILE:LINE, nothing collected, exit 2.
printf 'web-01 pid=%s\nweb-02\nweb-03 pid=1 url=http://x\n' "$R1" >"$TMP/bad.txt"
out=$("$GT" fleet --targets "$TMP/bad.txt" 2>&1)
[ $? -eq 2 ] || fail "bad targets: want exit 2"
assert_contains "$out" "$TMP/bad.txt:2: no process named"
assert_contains "$out" "$TMP/bad.txt:3: url= is a second selector"
grep -q "bad.txt:1:" <<<"$out" && fail "a good line reported: $out"

# comm= from --ssh-hosts: the one Go process named fleetsvc-old.
printf 'web-01\n' >"$TMP/hosts"
"$GT" fleet --ssh-hosts "$TMP/hosts" --comm fleetsvc-old --repo "$FLEET_REPO" --format jsonl >"$TMP/comm.jsonl"
[ $? -eq 1 ] || fail "comm=: want exit 1 (the old build fails stale-binary)"
assert_eq "$(jq -r 'select(.kind == "target") | .name' "$TMP/comm.jsonl")" "web-01:$R5" "comm= expansion"

# A hung collect inside a shared session: the PIDs of one host go in one
# ssh session, in turn. The hung one (a remote gotriage that never answers
# for R2) costs its own row and one timeout; the PIDs after it are still
# judged, and the run ends within two timeouts.
cat >"$TMP/slow-gt" <<EOF2
#!/bin/sh
case " \$* " in *" --pid $R2 "*) exec sleep 20 ;; esac
exec "$GT" "\$@"
EOF2
chmod +x "$TMP/slow-gt"
printf 'web-01 pid=%s\nweb-01 pid=%s\nweb-01 pid=%s\nweb-01 pid=%s\n' "$R1" "$R2" "$R4" "$R6" >"$TMP/batch"
t0=$(date +%s%N)
GOTRIAGE_REMOTE=$TMP/slow-gt "$GT" fleet --targets "$TMP/batch" --target-timeout 5 --format json >"$TMP/batch.json"
ms=$((($(date +%s%N) - t0) / 1000000))
assert_eq "$(jq -r '[.target_list[] | .state] | join(",")' "$TMP/batch.json")" \
	"judged,timed out,judged,judged" "one session, one hung collect: $(jq -c '[.target_list[] | {name, state}]' "$TMP/batch.json")"
[ "$ms" -lt 14000 ] || fail "a hung collect in a session: the run took $ms ms with a 5 s timeout"

# Kubernetes through a fake kubectl that checks its arguments; its
# port-forward is a real relay (tests/fixtures/kubefwd) to the replica's
# port here, so the route probes really reach the service through it.
go_build "$ROOT/tests/fixtures/kubefwd" "$TMP/kubefwd"
mkdir -p "$TMP/kbin"
cat >"$TMP/kbin/kubectl" <<EOF2
#!/bin/bash
# fake kubectl: the fleet must call exactly this, then it runs collect here
want1="exec -n prod api-1 -c app -- gotriage collect --pid $R1"
want2="--context admin@ctx exec -n prod api-2 -- gotriage collect --pid $R5"
case "\$*" in
"\$want1"|"\$want2") shift \$((\$# - 3)); exec "$GT" "\$@" ;;
"port-forward -n prod pod/api-1 :"*|"--context admin@ctx port-forward -n prod pod/api-2 :"*)
	last=\${@: -1}; exec "$TMP/kubefwd" -rport "\${last#:}" -to "127.0.0.1:\${last#:}" -log "$TMP/relay.log" ;;
*) echo "fake kubectl: unexpected arguments: \$*" >&2; exit 3 ;;
esac
EOF2
chmod +x "$TMP/kbin/kubectl"
printf 'k8s://prod/api-1/app pid=%s\nk8s://admin@ctx/prod/api-2 pid=%s\n' "$R1" "$R5" >"$TMP/k8s"
PATH=$TMP/kbin:$PATH "$GT" fleet --targets "$TMP/k8s" --repo "$FLEET_REPO" --format json >"$TMP/k8s.json" 2>&1
assert_eq "$(jq -r '[.target_list[] | .state] | join(",")' "$TMP/k8s.json")" "judged,judged" \
	"k8s targets: $(jq -c '[.target_list[] | {name, error}]' "$TMP/k8s.json")"
assert_eq "$(jq -r --arg r "$FLEET_OLD_REV" '.versions[] | select(.revision == $r) | .targets[]' "$TMP/k8s.json")" "api-2:$R5"
# Route probes through kubectl port-forward: the old build fails, the new passes.
assert_eq "$(verdict "api-1/app:$R1" route-not-served "$TMP/k8s.json")" "pass" \
	"k8s new build: $(why "api-1/app:$R1" route-not-served "$TMP/k8s.json")"
assert_eq "$(verdict "api-2:$R5" route-not-served "$TMP/k8s.json")" "fail" \
	"k8s old build: $(why "api-2:$R5" route-not-served "$TMP/k8s.json")"
[ -s "$TMP/relay.log" ] || fail "no probe went through the port-forward relay"
left=$(pgrep -af "$TMP/kubefwd" | grep -v pgrep)
[ -z "$left" ] || fail "a port-forward is left running after fleet: $left"
# A label selector: the fake lists three pods (one Pending) for exactly
# `get pods -n prod -l app=web -o json`, and maps each Running pod's PID 1
# to a replica (web-a the new build, web-b the old one).
mkdir -p "$TMP/kbin2"
cat >"$TMP/kbin2/kubectl" <<EOF2
#!/bin/bash
pod() { printf '{"metadata":{"name":"%s"},"status":{"phase":"%s"}}' "\$1" "\$2"; }
case "\$*" in
"get pods -n prod -l app=web -o json")
	printf '{"apiVersion":"v1","kind":"List","items":[%s,%s,%s]}' "\$(pod web-a Running)" \
		"\$(pod web-b Running)" "\$(pod web-c Pending)" ;;
"exec -n prod web-a -c app -- gotriage collect --pid 1") exec "$GT" collect --pid $R1 ;;
"exec -n prod web-b -c app -- gotriage collect --pid 1") exec "$GT" collect --pid $R5 ;;
*) echo "fake kubectl: unexpected arguments: \$*" >&2; exit 3 ;;
esac
EOF2
chmod +x "$TMP/kbin2/kubectl"
printf 'k8s://prod selector=app=web container=app pid=1\n' >"$TMP/k8s-sel"
PATH=$TMP/kbin2:$PATH "$GT" fleet --targets "$TMP/k8s-sel" --repo "$FLEET_REPO" --format json >"$TMP/k8s-sel.json" 2>&1
assert_eq "$(jq -r '[.target_list[] | .name + "=" + .state] | join(",")' "$TMP/k8s-sel.json")" \
	"web-a/app:1=judged,web-b/app:1=judged" "selector: $(jq -c '[.target_list[] | {name, error}]' "$TMP/k8s-sel.json")"
# This fake refuses port-forward: the probes' verdict is unknown, with
# kubectl's words, and every other check is still judged.
assert_eq "$(verdict "web-b/app:1" route-not-served "$TMP/k8s-sel.json")" "unknown" "refused port-forward"
assert_contains "$(why "web-b/app:1" route-not-served "$TMP/k8s-sel.json")" "unexpected arguments"
assert_eq "$(verdict "web-b/app:1" stale-binary "$TMP/k8s-sel.json")" "fail" "stale-binary without a forward"
assert_eq "$(jq -r --arg r "$FLEET_OLD_REV" '.versions[] | select(.revision == $r) | .targets[]' "$TMP/k8s-sel.json")" "web-b/app:1"

# Without kubectl on PATH: said plainly, on every k8s row, exit 2.
mkdir -p "$TMP/nokube"
PATH=$TMP/nokube "$GT" fleet --targets "$TMP/k8s" --format json >"$TMP/nok.json"
[ $? -eq 2 ] || fail "no kubectl: want exit 2 (nothing judged)"
assert_contains "$(jq -r '.target_list[0].error' "$TMP/nok.json")" "kubectl is not on PATH"
# A real kubectl, when installed, with an empty kubeconfig: it can reach
# no cluster (it tries localhost:8080), and the row says so.
if command -v kubectl >/dev/null; then
	: >"$TMP/kubeconfig"
	KUBECONFIG=$TMP/kubeconfig "$GT" fleet --targets "$TMP/k8s" --format json >"$TMP/realk.json"
	[ $? -eq 2 ] || fail "kubectl without a cluster: want exit 2"
	assert_eq "$(jq -r '.target_list[0].state' "$TMP/realk.json")" "unreachable" \
		"kubectl without a cluster: $(jq -r '.target_list[0].error' "$TMP/realk.json")"
else
	echo "note: no kubectl installed; only the fake one was used"
fi
echo "fleet: ok"
