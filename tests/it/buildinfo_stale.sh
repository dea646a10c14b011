#!/usr/bin/env bash
# A running fixture whose binary is replaced on disk: /proc/PID/exe still
# yields the running image's build info (identical to go version -m on it),
# and stale-binary fails with the deleted-exe evidence.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"

SRC=$TMP/hello
cp -r "$ROOT/tests/fixtures/hello" "$SRC"
BIN=$TMP/app
(cd "$SRC" && go build -o "$BIN" .) >"$TMP/build.log" 2>&1 || fail "build: $(cat "$TMP/build.log")"
(cd "$SRC" && go build -tags triage -o "$TMP/app.new" .) >"$TMP/build.log" 2>&1 || fail "build 2"

"$BIN" >"$TMP/app.log" 2>&1 &
PID=$!
CLEANUP_PIDS+=("$PID")
for _ in $(seq 1 100); do grep -q ready "$TMP/app.log" && break; sleep 0.05; done
grep -q ready "$TMP/app.log" || fail "fixture did not start: $(cat "$TMP/app.log")"

# Before the deploy: the running image is the file.
out=$("$GT" buildinfo "$PID" 2>"$TMP/err") || fail "buildinfo $PID: exit $? $(cat "$TMP/err")"
assert_eq "$out" "$(go version -m "/proc/$PID/exe")" "running image before"
json=$("$GT" buildinfo "$PID" --json) || fail "--json before"
assert_eq "$(jq -r .process.deleted <<<"$json")" false "not deleted yet"
[ "$(jq -r '.checks[0].verdict' <<<"$json")" != fail ] || fail "stale-binary failed before the deploy"

# The deploy: a new file renamed over the old one, process not restarted.
sleep 2.1 # the process start time is only good to a second or so
mv "$TMP/app.new" "$BIN"
case $(readlink "/proc/$PID/exe") in *" (deleted)") ;; *) fail "exe link not deleted" ;; esac

out=$("$GT" buildinfo "$PID" 2>"$TMP/err")
rc=$?
assert_eq "$rc" 1 "exit status with a failed stale-binary"
assert_eq "$out" "$(go version -m "/proc/$PID/exe")" "running image after the deploy"
[ "$out" != "$(go version -m "$BIN" | sed "s|^$BIN:|/proc/$PID/exe:|")" ] ||
	fail "the running image and the new file should differ (-tags)"
assert_contains "$(cat "$TMP/err")" "stale-binary: fail" "stderr verdict"
assert_contains "$(cat "$TMP/err")" "/proc/$PID/exe -> $BIN (deleted)" "stderr evidence"

json=$("$GT" buildinfo "$PID" --json)
assert_eq "$(jq -r .process.deleted <<<"$json")" true "deleted flag"
assert_eq "$(jq -r .process.exe <<<"$json")" "$BIN" "exe path without the suffix"
assert_eq "$(jq -r '.checks[0].id' <<<"$json")" stale-binary "check id"
assert_eq "$(jq -r '.checks[0].verdict' <<<"$json")" fail "verdict"
ev=$(jq -r '.checks[0].evidence[]' <<<"$json")
assert_contains "$ev" "(deleted)" "deleted evidence"
assert_contains "$ev" "running != on disk: build -tags: (unset) != triage" "difference evidence"
assert_contains "$ev" "build ID running: $(go tool buildid "/proc/$PID/exe")" "running build ID"

# The function tables differ the same way: the tagged function is only in
# the new file.
"$GT" buildinfo "$PID" --symbols 'TaggedOnly$' >/dev/null 2>&1
assert_eq "$?" 1 "TaggedOnly absent from the running image"
"$GT" buildinfo "$BIN" --symbols 'TaggedOnly$' | grep -q greet.TaggedOnly || fail "TaggedOnly in the new file"

# A number that is neither a file nor a process.
out=$("$GT" buildinfo 3999999 2>&1)
assert_eq "$?" 2 "no such pid"
assert_contains "$out" "no process 3999999" "no such pid message"
echo "stale binary detected"
