#!/usr/bin/env bash
# secrets_writers.sh: the writers added this wave take the one redaction
# path. A real Go service holds secrets in its environment (DB_PASS), its
# argv (-api-token X, the value alone in the next argument) and as pprof
# labels on a parked goroutine (pprof.Do: the DB_PASS and -api-token
# values, and a session token under a label named like a secret). Then:
#   - `collect` (the facts document, on stdout and gzip with -o): every
#     string masked, the -api-token value too;
#   - `fleet` on that service (local pid=N) in text, json, jsonl and md,
#     with --save (the facts documents it keeps);
#   - `profile` of its goroutine profile: the report, -traces (labels),
#     --json; run as an engineer who has the service's DB_PASS and token in
#     their own environment (an env file sourced), and an error line for a
#     URL with a password in it.
# No secret value may appear in any of them.
source "$(dirname "$0")/../lib.sh"
command -v jq >/dev/null || skip "jq not installed"

DBPASS=dbPass-7e6d5c4b3a29
# The DB password baked into the binary too (-ldflags -X): the facts
# document carries it in the build settings, masked by its value only.
go_build "$ROOT/tests/fixtures/secretlabels" "$TMP/svc" -ldflags "-X main.stamp=$DBPASS"
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
FLAGTOK=flagTok-51f0e2d3c4b5
SESS=sessTok-a1b2c3d4e5f6
URLPW=urlPw-99ee88dd77cc
SECRETS=("$DBPASS" "$FLAGTOK" "$SESS" "$URLPW")

port=$(free_port)
env -i PATH="$PATH" DB_PASS="$DBPASS" \
	"$TMP/svc" -addr "127.0.0.1:$port" -api-token "$FLAGTOK" -session "$SESS" \
	>"$TMP/svc.out" 2>&1 &
SVC=$!
CLEANUP_PIDS+=("$SVC")
wait_http "http://127.0.0.1:$port"
OUT=()

# ---- collect: the facts document ----
"$GT" collect --pid "$SVC" >"$TMP/facts.json" 2>"$TMP/collect.err" ||
	fail "collect failed: $(cat "$TMP/collect.err")"
jq -e '.process.proc.argv | index("-api-token")' "$TMP/facts.json" >/dev/null ||
	fail "the facts document has no argv: $(head -c 400 "$TMP/facts.json")"
"$GT" collect --pid "$SVC" -o "$TMP/facts.json.gz" 2>>"$TMP/collect.err" ||
	fail "collect -o failed: $(cat "$TMP/collect.err")"
gzip -dc "$TMP/facts.json.gz" >"$TMP/facts.gz.json"
OUT+=("$TMP/facts.json" "$TMP/facts.gz.json" "$TMP/collect.err")

# ---- fleet: every output format, and the documents it saves ----
echo "local pid=$SVC role=svc" >"$TMP/targets"
for fmt in text json jsonl md; do
	"$GT" fleet --targets "$TMP/targets" --format "$fmt" --save "$TMP/saved.$fmt" \
		>"$TMP/fleet.$fmt" 2>"$TMP/fleet.$fmt.err"
	rc=$?
	[ "$rc" -le 1 ] || fail "fleet --format $fmt exited $rc: $(cat "$TMP/fleet.$fmt.err")"
	OUT+=("$TMP/fleet.$fmt" "$TMP/fleet.$fmt.err")
done
jq -e '.judged == 1' "$TMP/fleet.json" >/dev/null ||
	fail "fleet json names no target: $(head -c 400 "$TMP/fleet.json")"
for f in "$TMP"/saved.*/*; do
	[ -f "$f" ] || continue
	case $f in *.gz) gzip -dc "$f" >"$f.txt" ;; *) cp "$f" "$f.txt" ;; esac
	OUT+=("$f.txt")
done

# ---- profile: the report, its labels, JSON; an error line ----
U="http://127.0.0.1:$port/debug/pprof/goroutine"
for mode in report traces json; do
	case $mode in
	report) args=() ;;
	traces) args=(--traces) ;;
	json) args=(--json) ;;
	esac
	env DB_PASS="$DBPASS" UPSTREAM_API_TOKEN="$FLAGTOK" \
		"$GT" profile "${args[@]}" "$U" >"$TMP/profile.$mode" 2>"$TMP/profile.$mode.err" ||
		fail "profile $mode failed: $(cat "$TMP/profile.$mode.err")"
	OUT+=("$TMP/profile.$mode" "$TMP/profile.$mode.err")
done
grep -q "session_token" "$TMP/profile.traces" ||
	fail "the traces show no labels: $(head -40 "$TMP/profile.traces")"
grep -q "REDACTED" "$TMP/profile.traces" || fail "nothing was masked in the traces"
dead=$(free_port)
"$GT" profile "http://admin:$URLPW@127.0.0.1:$dead/debug/pprof/heap" \
	>"$TMP/profile.dead" 2>"$TMP/profile.dead.err" && fail "profile of a closed port succeeded"
grep -q "127.0.0.1:$dead" "$TMP/profile.dead.err" ||
	fail "the error names no URL: $(cat "$TMP/profile.dead.err")"
OUT+=("$TMP/profile.dead" "$TMP/profile.dead.err")

for f in "${OUT[@]}"; do
	for s in "${SECRETS[@]}"; do
		! grep -qF -- "$s" "$f" || fail "secret $s in $(basename "$f"): $(grep -oF -- "$s" "$f" | head -1; grep -F -- "$s" "$f" | head -c 300)"
	done
done
echo "ok: no secret in the facts document, fleet text/json/jsonl/md and saved documents, profile report/traces/json or its errors (${#OUT[@]} outputs)"
