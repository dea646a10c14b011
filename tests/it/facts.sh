#!/usr/bin/env bash
# `gotriage collect` -> `gotriage check --facts FILE --repo DIR` judges the
# demo exactly as a direct `gotriage check --pid --repo` does (every check's
# verdict and summary, compared with jq); the document is gzip, carries the
# format/version/host/parts, masks secrets, and a document of another
# version or format is refused with one line (exit 2).
source "$(dirname "$0")/../lib.sh"
command -v jq >/dev/null || skip "jq not installed"
start_demo
cd "$ROOT"
GTC() { $SERVICE_ENV "$@"; }

# A secret in the service's environment must not reach the document.
kill "$DEMO_PID"
wait "$DEMO_PID" 2>/dev/null
DEMO_ADDR=127.0.0.1:$DEMO_PORT API_TOKEN=hunter2-s3cret-value $SERVICE_ENV "$DEMO_BIN" >"$TMP/demo.log" 2>&1 &
DEMO_PID=$!
CLEANUP_PIDS+=("$DEMO_PID")
wait_http "$DEMO_URL"

GTC "$GT" check --pid "$DEMO_PID" --repo "$DEMO_SRC" --format json >"$TMP/direct.json"
[ $? -eq 1 ] || fail "direct check: want exit 1"
GTC "$GT" collect --pid "$DEMO_PID" --repo "$DEMO_SRC" -o "$TMP/facts.json.gz" ||
	fail "collect failed"
[ "$(head -c2 "$TMP/facts.json.gz" | od -An -tx1 | tr -d ' ')" = "1f8b" ] ||
	fail "-o FILE is not gzip"
zcat "$TMP/facts.json.gz" >"$TMP/facts.json"
jq -e '.format == "gotriage-facts" and .version == 2 and (.host | length > 0)
       and (.taken_at > 0) and (.parts.process.taken_at > 0)
       and (.parts | has("buildinfo") and has("goroutines") and has("env") and has("grpc"))' \
	"$TMP/facts.json" >/dev/null || fail "document header or parts missing: $(jq -c '{format,version,host,parts}' "$TMP/facts.json")"
jq -e --argjson p "$DEMO_PID" '.process.pid == $p and (.process.listeners | length > 0)
       and (.buildinfo.functions.names | length > 0) and .goroutines.total > 0' \
	"$TMP/facts.json" >/dev/null || fail "process, listeners, functions or goroutines missing"
jq -e '.memstats.error == null and .memstats.HeapAlloc > 0 and .memstats.Sys > 0' "$TMP/facts.json" >/dev/null ||
	fail "MemStats missing: $(jq -c '.memstats' "$TMP/facts.json" | head -c 300)"
grep -q 'hunter2-s3cret-value' "$TMP/facts.json" && fail "the secret reached the facts document"
jq -e '.process.proc.environ | index("API_TOKEN=[REDACTED]")' "$TMP/facts.json" >/dev/null ||
	fail "API_TOKEN not masked in the environment"

# Judged elsewhere: the process is gone from view, only the document is read.
GTC "$GT" check --facts "$TMP/facts.json.gz" --repo "$DEMO_SRC" --format json >"$TMP/viafacts.json"
rc=$?
[ "$rc" -eq 1 ] || fail "check --facts: exit $rc, want 1"
verdicts() { jq -c '[.checks[] | {id, verdict, summary}]' "$1"; }
a=$(verdicts "$TMP/direct.json")
b=$(verdicts "$TMP/viafacts.json")
if [ "$a" != "$b" ]; then
	diff <(jq '[.checks[] | {id, verdict, summary}]' "$TMP/direct.json") \
		<(jq '[.checks[] | {id, verdict, summary}]' "$TMP/viafacts.json")
	fail "check --facts differs from a direct check"
fi
# Text output names where the facts come from.
out=$(GTC "$GT" check --facts "$TMP/facts.json.gz" --repo "$DEMO_SRC" --only stale-binary)
assert_contains "$out" "facts of $(jq -r .host "$TMP/facts.json") taken at" "text header"

# Plain JSON on stdout reads too.
GTC "$GT" collect --pid "$DEMO_PID" --parts process,buildinfo >"$TMP/plain.json" || fail "collect to stdout"
jq -e '.parts | keys == ["buildinfo","process"]' "$TMP/plain.json" >/dev/null ||
	fail "--parts not honoured: $(jq -c .parts "$TMP/plain.json")"
GTC "$GT" check --facts "$TMP/plain.json" --only stale-binary --format json >/dev/null
[ $? -le 1 ] || fail "check --facts of a plain document failed"

# Version 1 (the proxy walk's kind/outcome as numbers) is still read and
# judged the same as the version 2 document it is made from.
jq -e '.proxy.entries | length > 0' "$TMP/facts.json" >/dev/null || fail "no proxy walk in the document"
jq -c '.version = 1 | .proxy.entries |= map(
	.kind = {"url":0,"direct":1,"off":2,"noproxy":3}[.kind] |
	.outcome = {"not run":0,"ok":1,"not found":2,"error":3,"not probed":4}[.outcome])' \
	"$TMP/facts.json" >"$TMP/v1.json"
jq -e '.proxy.entries | all(.outcome | type == "number")' "$TMP/v1.json" >/dev/null || fail "v1 conversion"
GTC "$GT" check --facts "$TMP/v1.json" --repo "$DEMO_SRC" --format json >"$TMP/viav1.json"
[ "$(verdicts "$TMP/viav1.json")" = "$a" ] || fail "a version 1 document is judged differently"

# Versions: newer and unknown formats are refused with one line, exit 2.
jq -c '.version = 3' "$TMP/plain.json" >"$TMP/v3.json"
err=$(GTC "$GT" check --facts "$TMP/v3.json" 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "version 3: exit $rc, want 2"
assert_contains "$err" "version 3 is newer than this gotriage reads (2;" "version refusal"
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "version refusal is not one line: $err"
jq -c '.format = "other"' "$TMP/plain.json" >"$TMP/other.json"
err=$(GTC "$GT" check --facts "$TMP/other.json" 2>&1 >/dev/null)
[ $? -eq 2 ] || fail "other format: want exit 2"
assert_contains "$err" "not a gotriage facts document" "format refusal"
head -c 100 "$TMP/facts.json.gz" >"$TMP/cut.gz"
err=$(GTC "$GT" check --facts "$TMP/cut.gz" 2>&1 >/dev/null)
[ $? -eq 2 ] || fail "truncated gzip: want exit 2"
assert_contains "$err" "gzip" "truncated gzip refusal"
echo "ok: collect -> check --facts judges like a direct check"
