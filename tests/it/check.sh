#!/usr/bin/env bash
# `gotriage check --format json` against the demo (every seeded fault must
# fail, healthy areas pass, no unknown where evidence was available) and
# against the fault-free fixture (no fail at all). Exit codes 0/1/2.
source "$(dirname "$0")/../lib.sh"
command -v jq >/dev/null || skip "jq not installed"
start_demo
start_healthy
cd "$ROOT"
# gotriage runs with a clean Go environment, like an engineer's shell: the
# test harness's GOPROXY=off/GOSUMDB=off would otherwise be judged.
GTC() { $SERVICE_ENV "$GT" "$@"; }

# The header the demo's middleware should add is named: there is no default.
GTC check --pid "$DEMO_PID" --repo "$DEMO_SRC" --header X-Trace-ID --format json >"$TMP/demo.json"
rc=$?
[ "$rc" -eq 1 ] || fail "demo: exit $rc, want 1 (a check failed)"
# Every check of the catalog, in walk order: the ids `check --help` lists
# (made from checks/catalog.c), so a new check needs no edit here.
ids=$("$GT" check --help | sed -n 's/^Check ids: //p')
[ "$(echo "$ids" | wc -w)" -ge 18 ] || fail "check --help lists too few ids: '$ids'"
[ "$(jq -r '[.checks[].id] | join(" ")' "$TMP/demo.json")" = "$ids" ] ||
	fail "demo: the JSON's checks are not the catalog's ($ids)"
jq -e '.target.pid == '"$DEMO_PID" "$TMP/demo.json" >/dev/null || fail "demo: target.pid"

verdict() { jq -r --arg id "$2" '.checks[] | select(.id == $id) | .verdict' "$1"; }
expect() { # file id verdict
	local got
	got=$(verdict "$1" "$2")
	[ "$got" = "$3" ] || fail "$(basename "$1"): $2 is '$got', want '$3': $(jq -c --arg id "$2" '.checks[] | select(.id == $id) | {summary, evidence, missing}' "$1")"
}

# Seeded faults (tests/fixtures/demo/FAULTS.md).
expect "$TMP/demo.json" route-excluded-by-build fail
expect "$TMP/demo.json" route-not-served fail
expect "$TMP/demo.json" ticker-without-consumer fail
expect "$TMP/demo.json" middleware-order fail
expect "$TMP/demo.json" init-goroutine warn
expect "$TMP/demo.json" workspace-shadowing warn
expect "$TMP/demo.json" vendor-inconsistent warn
# Built with -buildvcs=false from a (devel) main module.
expect "$TMP/demo.json" stale-binary warn
expect "$TMP/demo.json" devel-build warn
# Healthy areas of the demo.
expect "$TMP/demo.json" gosum-mismatch pass
expect "$TMP/demo.json" embed-path pass
expect "$TMP/demo.json" cgo-disabled pass
expect "$TMP/demo.json" sumdb-disabled pass
# The demo listens on DEMO_ADDR from its environment, not its default.
expect "$TMP/demo.json" listener-missing pass
jq -e --arg a "DEMO_ADDR=127.0.0.1:$DEMO_PORT in the process environment" \
	'.checks[] | select(.id == "listener-missing") | .evidence[] | select(contains($a))' \
	"$TMP/demo.json" >/dev/null || fail "listener-missing does not name the DEMO_ADDR override"
expect "$TMP/demo.json" grpc-service-missing skip
expect "$TMP/demo.json" config-reload-no-effect skip
expect "$TMP/demo.json" plugin-mismatch skip
# The same route fails both ways, as the issue demands.
jq -e '.checks[] | select(.id == "route-not-served") | .evidence[] | select(test("/api/v2/orders -> 404"))' \
	"$TMP/demo.json" >/dev/null || fail "route-not-served evidence lacks /api/v2/orders -> 404"
jq -e '.checks[] | select(.id == "route-excluded-by-build") | .summary | test("/api/v2/orders")' \
	"$TMP/demo.json" >/dev/null || fail "route-excluded-by-build summary lacks /api/v2/orders"
unknowns=$(jq -r '.checks[] | select(.verdict == "unknown") | .id' "$TMP/demo.json")
[ -z "$unknowns" ] || fail "demo: unknown verdicts with evidence available: $unknowns"
# Every check carries a remedy and a title.
jq -e '[.checks[] | select((.remedy | length) < 20 or (.title | length) < 5)] | length == 0' \
	"$TMP/demo.json" >/dev/null || fail "a check lacks its remedy or title"

GTC check --pid "$HEALTHY_PID" --repo "$HEALTHY_SRC" --header X-Trace-ID --format json >"$TMP/healthy.json"
rc=$?
fails=$(jq -r '.checks[] | select(.verdict == "fail") | .id' "$TMP/healthy.json")
[ -z "$fails" ] || fail "healthy fixture has failures: $fails"
[ "$rc" -eq 0 ] || fail "healthy: exit $rc, want 0"
expect "$TMP/healthy.json" middleware-order pass
expect "$TMP/healthy.json" route-not-served pass
expect "$TMP/healthy.json" ticker-without-consumer pass
expect "$TMP/healthy.json" init-goroutine pass
expect "$TMP/healthy.json" listener-missing pass

# --only, formats, and usage errors.
GTC check --pid "$DEMO_PID" --repo "$DEMO_SRC" --only middleware-order,embed-path --format json >"$TMP/only.json"
jq -e '[.checks[].id] == ["middleware-order","embed-path"]' "$TMP/only.json" >/dev/null ||
	fail "--only did not select exactly the two checks: $(jq -c '[.checks[].id]' "$TMP/only.json")"
GTC check --pid "$DEMO_PID" --repo "$DEMO_SRC" --header X-Trace-ID --format md >"$TMP/demo.md"
grep -q '^| fail | `route-not-served`' "$TMP/demo.md" || fail "md table lacks route-not-served"
GTC check --pid "$DEMO_PID" --repo "$DEMO_SRC" >"$TMP/demo.txt"
grep -q '^\[FAIL\] *route-excluded-by-build' "$TMP/demo.txt" || fail "text output lacks the failed check"
GTC check --only no-such-check --pid "$DEMO_PID" 2>"$TMP/err"; rc=$?
[ "$rc" -eq 2 ] || fail "unknown --only id: exit $rc"
grep -q "unknown check id 'no-such-check'" "$TMP/err" || fail "unknown id message: $(cat "$TMP/err")"
GTC check --format yaml --pid "$DEMO_PID" 2>/dev/null; [ $? -eq 2 ] || fail "bad --format: want exit 2"
GTC check --pid 4000000 2>/dev/null; [ $? -eq 2 ] || fail "no such pid: want exit 2"
# Without --header, middleware-order does not borrow the demo's header:
# the Use() order alone still warns, and says how to ask for the header.
GTC check --pid "$DEMO_PID" --repo "$DEMO_SRC" --only middleware-order --format json >"$TMP/nohdr.json"
expect "$TMP/nohdr.json" middleware-order warn
jq -e '.checks[0].summary | test("pass --header NAME")' "$TMP/nohdr.json" >/dev/null ||
	fail "middleware-order without --header does not say how to ask: $(jq -c '.checks[0]' "$TMP/nohdr.json")"
GTC check --pid "$HEALTHY_PID" --repo "$HEALTHY_SRC" --only middleware-order --format json >"$TMP/nohdr2.json"
expect "$TMP/nohdr2.json" middleware-order skip
# Without a repo: what the binary and the process decide is decided, the
# rest is grouped at the bottom under one line.
GTC check --pid "$DEMO_PID" >"$TMP/norepo.txt"
grep -qE '^\[UNKNOWN\] [0-9]+ checks need the source: pass --repo DIR, a checkout of module example.com/demo;' "$TMP/norepo.txt" ||
	fail "no grouped line for the checks that need the source: $(cat "$TMP/norepo.txt")"
tail -4 "$TMP/norepo.txt" | grep -q "route-not-served" || fail "the grouped ids are not at the bottom"
grep -q '^\[UNKNOWN\] *route-not-served' "$TMP/norepo.txt" && fail "route-not-served is listed on its own"
grep -q '^\[PASS\] *cgo-disabled .*CGO_ENABLED=1' "$TMP/norepo.txt" || fail "cgo-disabled not decided from the binary"
grep -q '^\[WARN\] *workspace-shadowing' "$TMP/norepo.txt" || fail "workspace-shadowing not decided from (devel) deps"
grep -q 'dep example.com/demolib (devel)' "$TMP/norepo.txt" || fail "workspace-shadowing lacks the (devel) dep"
GTC check --pid "$DEMO_PID" --format json >"$TMP/norepo.json"
expect "$TMP/norepo.json" cgo-disabled pass
expect "$TMP/norepo.json" workspace-shadowing warn
echo "check: demo and healthy verdicts as expected"
