#!/usr/bin/env bash
# Builds the demo and healthy fixtures, runs both on free loopback ports and
# checks that each seeded fault of the demo (tests/fixtures/demo/FAULTS.md)
# is really there, and really absent from the healthy service.
source "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null || skip "curl is not installed (tests/deps.sh lists it)"
command -v go >/dev/null || skip "golang-go is not installed"

status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1"; }
headers() { curl -s -D - -o /dev/null --max-time 5 "$1"; }
body() { curl -s --max-time 5 "$1"; }

start_demo
HEALTHY_SRC=$TMP/healthy HEALTHY_BIN=$TMP/healthy-bin
cp -r "$ROOT/tests/fixtures/healthy" "$HEALTHY_SRC"
(cd "$HEALTHY_SRC" && bash ./build.sh "$HEALTHY_BIN") >"$TMP/healthy-build.log" 2>&1 ||
	fail "healthy build failed: $(cat "$TMP/healthy-build.log")"
HEALTHY_URL=http://127.0.0.1:$(free_port)
HEALTHY_ADDR=${HEALTHY_URL#http://} "$HEALTHY_BIN" >"$TMP/healthy.log" 2>&1 &
CLEANUP_PIDS+=("$!")
wait_http "$HEALTHY_URL"

# pprof and expvar answer on both.
for u in "$DEMO_URL" "$HEALTHY_URL"; do
	assert_eq "$(status "$u/debug/pprof/")" 200 "pprof index at $u"
	assert_contains "$(body "$u/debug/pprof/")" "goroutine"
	assert_eq "$(status "$u/debug/vars")" 200 "expvar at $u"
done

# route-excluded-by-build / route-not-served: declared in source, compiled out.
grep -qx '//go:build !prod' "$DEMO_SRC/orders_v2.go" || fail "orders_v2.go lost its constraint"
grep -qF 'http.HandleFunc("/api/v2/orders", createOrderV2)' "$DEMO_SRC/orders_v2.go" ||
	fail "orders_v2.go no longer registers /api/v2/orders"
assert_eq "$(status "$DEMO_URL/api/v2/orders")" 404 "excluded route"
assert_eq "$(body "$DEMO_URL/api/v2/orders")" "404 page not found"
ignored=$(cd "$DEMO_SRC" && GOFLAGS= go list -tags prod -f '{{.IgnoredGoFiles}}' .) || fail "go list failed"
assert_eq "$ignored" "[orders_v2.go]" "files excluded by -tags prod"
syms=$(go tool nm "$DEMO_BIN") || fail "go tool nm failed"
grep -q ' T main\.createOrderV2$' <<<"$syms" && fail "createOrderV2 should be compiled out"
grep -q ' T main\.cacheRefresher$' <<<"$syms" || fail "cacheRefresher should be in the binary"
grep -q ' T main\.listOrders$' <<<"$syms" || fail "listOrders should be in the binary"

# middleware-order: healthy routes answer, without X-Trace-ID on the demo.
for p in /healthz /api/v1/orders /api/v1/version /ui; do
	h=$(headers "$DEMO_URL$p")
	assert_contains "$h" "HTTP/1.1 200" "demo $p"
	grep -qi '^x-trace-id:' <<<"$h" && fail "demo $p has X-Trace-ID; the middleware should come too late"
done
for p in /healthz /api/v1/items; do
	h=$(headers "$HEALTHY_URL$p")
	assert_contains "$h" "HTTP/1.1 200" "healthy $p"
	grep -qiE '^x-trace-id: [0-9a-f]{32}' <<<"$h" || fail "healthy $p lacks X-Trace-ID: $h"
done

# Build settings: -tags prod and a workspace module on the demo; plain healthy.
mv=$(go version -m "$DEMO_BIN") || fail "go version -m failed"
assert_contains "$mv" "$(printf 'build\t-tags=prod')"
assert_contains "$mv" "$(printf 'dep\texample.com/demolib\t(devel)')" "workspace module in buildinfo"
mv=$(go version -m "$HEALTHY_BIN") || fail "go version -m failed"
grep -qE $'\t(dep|=>)\t|-tags=' <<<"$mv" && fail "healthy binary has deps or tags: $mv"

# Ticker loops: the heartbeat keeps ticking...
beats() { body "$DEMO_URL/debug/vars" | sed -n 's/.*"heartbeats": *\([0-9]*\).*/\1/p'; }
b1=$(beats)
sleep 1.3
b2=$(beats)
[ -n "$b1" ] && [ -n "$b2" ] && [ "$b2" -gt "$b1" ] || fail "heartbeats did not grow: [$b1] -> [$b2]"
# ...and the dump shows it and the init goroutine, not the dead refresher.
dump=$(body "$DEMO_URL/debug/pprof/goroutine?debug=2")
assert_contains "$dump" "main.heartbeatLoop("
assert_contains "$dump" "example.com/demo/internal/metrics.flushLoop("
assert_contains "$dump" "created by example.com/demo/internal/metrics.init.0"
grep -q 'main\.cacheRefresher' <<<"$dump" && fail "cacheRefresher should have returned: $dump"
grep -qF 'price cache: open /etc/demo/prices.json' "$TMP/demo.log" || fail "no refresher error in the demo log"
dump=$(body "$HEALTHY_URL/debug/pprof/goroutine?debug=2")
assert_contains "$dump" "main.statsLoop("
grep -qE '^created by .*\.init(\.[0-9]+)?$' <<<"$dump" && fail "healthy has an init goroutine: $dump"

# vendor-inconsistent: -mod=vendor without the workspace fails the way Go 1.19 says.
cp -r "$ROOT/tests/fixtures/demo" "$TMP/vend"
out=$(cd "$TMP/vend" && GOWORK=off GOFLAGS= go build -mod=vendor -o "$TMP/vend-bin" . 2>&1) &&
	fail "go build -mod=vendor should fail"
assert_contains "$out" "go: inconsistent vendoring in $TMP/vend:"
if go version | grep -q 'go1\.19\.'; then
	assert_eq "$out" "$(sed "s|@DIR@|$TMP/vend|" "$ROOT/tests/fixtures/demo/testdata/go1.19-mod-vendor.txt")" \
		"Go 1.19's message"
fi

# The healthy fixture has none of the demo's module hazards.
for f in go.work vendor; do [ -e "$HEALTHY_SRC/$f" ] && fail "healthy fixture has $f"; done
grep -rl --include='*.go' -e '^//go:build' -e '^// +build' "$HEALTHY_SRC" && fail "healthy has build constraints"
echo "demo_build: ok"
