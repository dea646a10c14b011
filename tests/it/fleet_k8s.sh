#!/usr/bin/env bash
# A service in a Kubernetes pod, live: `gotriage check --k8s CTX/NS/POD/C`
# collects over `kubectl exec -i ... -- gotriage collect --stream` and
# probes the routes over `kubectl port-forward -n NS pod/POD :PORT`. There
# is no cluster here: a fake kubectl on PATH checks its exact arguments,
# runs collect here for exec, and for port-forward runs a real relay
# (tests/fixtures/kubefwd: kubectl's "Forwarding from" line, then every
# connection relayed to the fixture service on 127.0.0.1), so the probes
# really reach the real Go service through the "forward":
#   - the old build (no /api/v1/refunds) fails route-not-served with the
#     404 the relay carried, the new build passes; the relay's log shows
#     the connections; the forwarded port is not the service's
#   - after gotriage exits no kubectl (exec or port-forward) is left
#   - a port-forward that fails ("pod is not running") and one that never
#     says "Forwarding from": one clear line in the evidence, the other
#     checks still judged, the hung kubectl killed within the bound
#   - no kubectl on PATH: said plainly, exit 2; the real kubectl (when
#     installed) with no cluster: "cannot reach the cluster", exit 2
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fleet_lib.sh"
command -v jq >/dev/null || skip "jq not installed"
fleet_build
go_build "$ROOT/tests/fixtures/kubefwd" "$TMP/kubefwd"
fleet_replica "$FLEET_OLD"; OLD=$REPLICA_PID
OLD_PORT=$(tr '\0' '\n' <"/proc/$OLD/environ" | sed -n 's/^ADDR=127.0.0.1://p')
fleet_replica "$FLEET_NEW"; NEW=$REPLICA_PID
NEW_PORT=$(tr '\0' '\n' <"/proc/$NEW/environ" | sed -n 's/^ADDR=127.0.0.1://p')
[ -n "$OLD_PORT" ] && [ -n "$NEW_PORT" ] || fail "cannot read the replicas' ports"

# The fake kubectl. MODE (a file) picks how port-forward behaves.
mkdir -p "$TMP/kbin"
echo ok >"$TMP/mode"
cat >"$TMP/kbin/kubectl" <<EOF
#!/bin/bash
# fake kubectl: exactly these calls, nothing else
echo "\$*" >>"$TMP/kubectl.calls"
case "\$*" in
"--context admin@ctx exec -i -n prod api-old -c app -- gotriage collect --stream --parts "*" --pid $OLD" |\\
"--context admin@ctx exec -i -n prod api-new -c app -- gotriage collect --stream --parts "*" --pid $NEW")
	shift 11; exec "$GT" "\$@" ;;
"--context admin@ctx port-forward -n prod pod/api-old :$OLD_PORT"|"--context admin@ctx port-forward -n prod pod/api-new :$NEW_PORT")
	case \$(cat "$TMP/mode") in
	ok) last=\${@: -1}; exec "$TMP/kubefwd" -rport "\${last#:}" -to "127.0.0.1:\${last#:}" -log "$TMP/relay.log" ;;
	pending) echo "error: unable to forward port because pod is not running. Current status=Pending" >&2; exit 1 ;;
	silent) exec sleep 300 ;;
	esac ;;
*) echo "fake kubectl: unexpected arguments: \$*" >&2; exit 3 ;;
esac
EOF
chmod +x "$TMP/kbin/kubectl"
export PATH=$TMP/kbin:$PATH

no_kubectl_left() { # what: no fake kubectl, relay or sleep of ours runs
	local left
	left=$(pgrep -af "$TMP/kubefwd|sleep 300|$TMP/kbin/kubectl" | grep -v pgrep)
	[ -z "$left" ] || fail "$1: a kubectl child is left running: $left"
}

# The old build: /api/v1/refunds is only in HEAD; the probe through the
# forward gets the real service's 404.
"$GT" check --k8s admin@ctx/prod/api-old/app --pid "$OLD" --repo "$FLEET_REPO" --format json \
	--only route-not-served,stale-binary >"$TMP/old.json" 2>"$TMP/old.err"
rc=$?
[ $rc -eq 1 ] || fail "old build over kubectl: want exit 1, got $rc: $(cat "$TMP/old.err")"
jq -e '.checks[] | select(.id == "route-not-served") | .verdict == "fail"' "$TMP/old.json" >/dev/null ||
	fail "route-not-served over port-forward: $(jq -c '.checks[] | select(.id=="route-not-served")' "$TMP/old.json")"
jq -e --arg u "http://127.0.0.1:$OLD_PORT/api/v1/refunds" \
	'.checks[] | select(.id == "route-not-served") | [.evidence[], .summary] | join(" ") | (contains($u) and contains("404"))' \
	"$TMP/old.json" >/dev/null || fail "the refunds probe: $(jq -c '.checks[] | select(.id=="route-not-served")' "$TMP/old.json")"
[ -s "$TMP/relay.log" ] || fail "no connection went through the port-forward relay"
grep -q "port-forward -n prod pod/api-old :$OLD_PORT" "$TMP/kubectl.calls" || fail "no port-forward was asked for"
no_kubectl_left "after check on the old build"

# The new build serves it: pass, through a forward of its own.
: >"$TMP/relay.log"
"$GT" check --k8s admin@ctx/prod/api-new/app --pid "$NEW" --repo "$FLEET_REPO" --format json \
	--only route-not-served >"$TMP/new.json" 2>"$TMP/new.err"
jq -e '.checks[] | select(.id == "route-not-served") | .verdict == "pass"' "$TMP/new.json" >/dev/null ||
	fail "new build over kubectl: $(jq -c '.checks[0]' "$TMP/new.json") $(cat "$TMP/new.err")"
[ -s "$TMP/relay.log" ] || fail "the new build's probes did not go through the relay"
no_kubectl_left "after check on the new build"

# A port-forward kubectl refuses: its own words, the rest still judged.
echo pending >"$TMP/mode"
"$GT" check --k8s admin@ctx/prod/api-old/app --pid "$OLD" --repo "$FLEET_REPO" --format json \
	--only route-not-served,stale-binary >"$TMP/pending.json" 2>"$TMP/pending.err"
jq -e '.checks[] | select(.id == "route-not-served") | [.evidence[], .summary, (.missing // "")] | join(" ") | contains("pod is not running")' \
	"$TMP/pending.json" >/dev/null || fail "a failed port-forward: $(jq -c '.checks[] | select(.id=="route-not-served")' "$TMP/pending.json")"
jq -e '.checks[] | select(.id == "stale-binary") | .verdict == "fail"' "$TMP/pending.json" >/dev/null ||
	fail "stale-binary must still be judged without a forward"

# One that never says "Forwarding from": bounded, killed, said.
echo silent >"$TMP/mode"
t0=$(date +%s)
"$GT" check --k8s admin@ctx/prod/api-old/app --pid "$OLD" --repo "$FLEET_REPO" --format json \
	--only route-not-served >"$TMP/silent.json" 2>"$TMP/silent.err"
took=$(($(date +%s) - t0))
jq -e '.checks[] | select(.id == "route-not-served") | [.evidence[], .summary, (.missing // "")] | join(" ") | contains("no \"Forwarding from\" line within")' \
	"$TMP/silent.json" >/dev/null || fail "a silent port-forward: $(jq -c '.checks[0]' "$TMP/silent.json")"
[ "$took" -lt 40 ] || fail "a silent port-forward held check for $took s"
no_kubectl_left "after a silent port-forward"

# No kubectl at all.
mkdir -p "$TMP/nokube"
PATH=$TMP/nokube "$GT" check --k8s prod/api-old --pid "$OLD" --format json >/dev/null 2>"$TMP/nok.err"
[ $? -eq 2 ] || fail "no kubectl: want exit 2"
assert_contains "$(cat "$TMP/nok.err")" "kubectl is not on PATH"
# The real kubectl, when installed, with an empty kubeconfig: no cluster
# (it tries localhost:8080), said in one line, nothing left running.
if [ -x /usr/bin/kubectl ] || [ -x /usr/local/bin/kubectl ]; then
	: >"$TMP/kubeconfig"
	KUBECONFIG=$TMP/kubeconfig PATH=/usr/local/bin:/usr/bin:/bin "$GT" check --k8s prod/api-1 \
		--pid 1 --format json >/dev/null 2>"$TMP/realk.err"
	[ $? -eq 2 ] || fail "real kubectl without a cluster: want exit 2"
	assert_contains "$(cat "$TMP/realk.err")" "kubectl cannot reach the cluster"
else
	echo "note: no kubectl installed; only the fake one was used"
fi
echo "fleet k8s: ok"
