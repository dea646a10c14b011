#!/usr/bin/env bash
# plugin-mismatch on a real Go plugin: a host that opens ./plg.so; the check
# resolves the path against the process's working directory, reads the
# plugin, and fails once the file is gone (plugin.Open would fail).
source "$(dirname "$0")/../lib.sh"
command -v gcc >/dev/null || skip "plugins need cgo (gcc)"
cp -r "$ROOT/tests/fixtures/pluginhost" "$TMP/host"
(cd "$TMP/host/plg" && go build -buildmode=plugin -o ../plg.so .) || fail "plugin build"
go_build "$TMP/host" "$TMP/host/host"
port=$(free_port)
(cd "$TMP/host" && exec $SERVICE_ENV ./host "127.0.0.1:$port" >"$TMP/host.log" 2>&1) &
CLEANUP_PIDS+=($!)
wait_http "http://127.0.0.1:$port"
pid=$(pgrep -n -f "./host 127.0.0.1:$port") || fail "host pid"
grep -q "true <nil>" "$TMP/host.log" || fail "the host could not open its plugin: $(cat "$TMP/host.log")"

run() { $SERVICE_ENV "$GT" check --pid "$pid" --repo "$TMP/host" --only plugin-mismatch --format json; }
out=$(run)
v=$(jq -r '.checks[0].verdict' <<<"$out")
[ "$v" = unknown ] || [ "$v" = pass ] || fail "plugin present: verdict $v: $out"
jq -e '.checks[0].evidence[] | select(test("plugin.Open\\(./plg.so\\)"))' <<<"$out" >/dev/null ||
	fail "no evidence naming the plugin.Open call: $out"
mv "$TMP/host/plg.so" "$TMP/host/plg.so.gone"
out=$(run)
[ "$(jq -r '.checks[0].verdict' <<<"$out")" = fail ] || fail "missing plugin should fail: $out"
jq -e '.checks[0].summary | test("missing")' <<<"$out" >/dev/null || fail "summary: $out"
echo "plugin-mismatch: ok"
