#!/usr/bin/env bash
# The GOPROXY walk against a fake proxy on 127.0.0.1 answering 200, 404,
# 410, 500 and never: ',' falls through only on 404/410, '|' on any error.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"
go_build "$ROOT/tests/fixtures/fakeproxy" "$TMP/fakeproxy"
PORT=$(free_port)
"$TMP/fakeproxy" "127.0.0.1:$PORT" >"$TMP/fakeproxy.log" 2>&1 &
CLEANUP_PIDS+=($!)
wait_http "http://127.0.0.1:$PORT"
P=http://127.0.0.1:$PORT

mkdir -p "$TMP/app"
printf 'module example.com/app\n\ngo 1.19\n\nrequire example.com/Dep v1.0.0\n' >"$TMP/app/go.mod"

probe() { # GOPROXY -> sets OUT and RC
	set +e
	OUT=$(GOPROXY=$1 GOSUMDB= GOFLAGS= "$GT" modules --repo "$TMP/app" --probe-timeout 1500)
	RC=$?
}

probe "$P/nf404,$P/ok"
assert_contains "$OUT" "go would: served by $P/ok"
assert_contains "$OUT" "[pass   ] goproxy-unreachable"
assert_contains "$OUT" "$P/nf404/example.com/!dep/@v/list -> 404"

probe "$P/gone410,$P/ok"
assert_contains "$OUT" "go would: served by $P/ok"

probe "$P/err500,$P/ok"
assert_contains "$OUT" "go would: go fails: $P/err500 answered HTTP 500"
assert_contains "$OUT" "[fail   ] goproxy-unreachable"
assert_eq "$RC" "1" "exit status when no proxy can serve"

probe "$P/err500|$P/ok"
assert_contains "$OUT" "go would: served by $P/ok"

probe "$P/hang|$P/ok"
assert_contains "$OUT" "go would: served by $P/ok"
assert_contains "$OUT" "[warn   ] goproxy-unreachable"

probe "$P/hang,$P/ok"
assert_contains "$OUT" "[fail   ] goproxy-unreachable"

probe "$P/nf404,off"
assert_contains "$OUT" "module lookup disabled by GOPROXY=off"

probe "$P/nf404,direct"
assert_contains "$OUT" "go would: go falls back to direct version-control fetches"
assert_contains "$OUT" "[warn   ] goproxy-unreachable"

# Credentials in a proxy URL never reach the output.
probe "http://bob:hunter2secret@127.0.0.1:$PORT/ok"
grep -q hunter2secret <<<"$OUT" && fail "proxy password printed: $OUT"
assert_contains "$OUT" "go would: served by"

# The same walk as JSON (`modules --json`'s "proxy" object): one entry per
# proxy in order, each with what it answered, and the decision.
OUT=$(GOPROXY="$P/nf404,$P/ok" GOSUMDB= GOFLAGS= "$GT" modules --repo "$TMP/app" --probe-timeout 1500 --json)
jq -e --arg p "$P" '.proxy.module == "example.com/Dep" and
	(.proxy.entries | length) == 2 and
	.proxy.entries[0].url == ($p + "/nf404") and .proxy.entries[0].status == 404 and
	.proxy.entries[0].outcome == "not found" and
	.proxy.entries[1].url == ($p + "/ok") and .proxy.entries[1].status == 200 and
	.proxy.entries[1].outcome == "ok" and .proxy.entries[1].t_total > 0 and
	.proxy.served == true and (.proxy.decision | contains("served by " + $p + "/ok"))' \
	<<<"$OUT" >/dev/null || fail "probe JSON: $(jq -c .proxy <<<"$OUT")"
OUT=$(GOPROXY="$P/err500|$P/hang" GOSUMDB= GOFLAGS= "$GT" modules --repo "$TMP/app" --probe-timeout 1500 --json)
jq -e '.proxy.served == false and .proxy.entries[0].status == 500 and
	.proxy.entries[0].outcome == "error" and .proxy.entries[0].fallback_on_error == true and
	(.proxy.entries[1].error | length) > 0' <<<"$OUT" >/dev/null ||
	fail "probe JSON, nothing served: $(jq -c .proxy <<<"$OUT")"
OUT=$(GOPROXY="http://bob:hunter2secret@127.0.0.1:$PORT/ok" GOSUMDB= GOFLAGS= "$GT" modules --repo "$TMP/app" --probe-timeout 1500 --json)
grep -q hunter2secret <<<"$OUT" && fail "proxy password in the JSON: $OUT"
jq -e '.proxy.served == true' <<<"$OUT" >/dev/null || fail "probe JSON with credentials: $OUT"
echo "proxy: fall-through rules as the go command applies them"
