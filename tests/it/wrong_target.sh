#!/usr/bin/env bash
# The wrong target is refused: a PID that is not a Go program (sleep, a
# shell wrapper whose child is the service) exits 2 naming the children;
# a --repo of another module than the binary's is refused by `check` with
# both module paths (judged only with --repo-mismatch-ok), and the console
# asks before judging it.
source "$(dirname "$0")/../lib.sh"
command -v go >/dev/null || skip "golang-go is not installed"
cp -r "$ROOT/tests/fixtures/hello" "$TMP/hello"
go_build "$TMP/hello" "$TMP/hello-bin"
cp -r "$ROOT/tests/fixtures/healthy" "$TMP/other"

# A bare `sleep`.
sleep 60 &
sleeper=$!
CLEANUP_PIDS+=("$sleeper")
err=$("$GT" check --pid "$sleeper" 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "sleep: exit $rc, want 2 ($err)"
assert_contains "$err" "PID $sleeper (sleep) is not a Go program"
echo "ok: sleep -> $err"

# A shell wrapper whose child is the Go service: the child is named.
bash -c "\"$TMP/hello-bin\" >\"$TMP/hello.out\"; exit 0" &
wrapper=$!
CLEANUP_PIDS+=("$wrapper")
for _ in $(seq 1 100); do grep -q ready "$TMP/hello.out" 2>/dev/null && break; sleep 0.05; done
child=$(pgrep -P "$wrapper" | head -1)
[ -n "$child" ] || fail "the wrapper has no child"
CLEANUP_PIDS+=("$child")
err=$("$GT" check --pid "$wrapper" 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "wrapper: exit $rc, want 2 ($err)"
assert_contains "$err" "PID $wrapper (bash) is not a Go program; its children are: $child (hello-bin, a Go program)"
# The console refuses the same way, before touching the terminal.
err=$("$GT" --pid "$wrapper" 2>&1 </dev/null)
[ $? -eq 2 ] || fail "console on the wrapper: want exit 2"
assert_contains "$err" "is not a Go program"
echo "ok: wrapper -> $err"

# The Go child itself is accepted.
"$GT" check --pid "$child" --repo "$TMP/hello" --only devel-build >/dev/null 2>"$TMP/err"
rc=$?
[ "$rc" -ne 2 ] || fail "the Go child was refused: $(cat "$TMP/err")"

# A repo of another module: refused by check, both module paths named.
err=$("$GT" check --pid "$child" --repo "$TMP/other" 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "mismatched repo: exit $rc, want 2 ($err)"
assert_contains "$err" "holds module example.com/healthy"
assert_contains "$err" "built from module example.com/hello"
assert_contains "$err" "--repo-mismatch-ok"
"$GT" check --pid "$child" --repo "$TMP/other" --repo-mismatch-ok --only devel-build \
	>/dev/null 2>"$TMP/err"
[ $? -ne 2 ] || fail "--repo-mismatch-ok still refused: $(cat "$TMP/err")"
echo "ok: mismatched repo -> $err"

# The console asks first; "n" leaves without attaching.
command -v tmux >/dev/null || skip "tmux not installed (the rest passed)"
tmux_start 100 30 bash -c "\"$GT\" --no-record --pid $child --repo \"$TMP/other\"; echo rc=\$? >$TMP/console.rc; sleep 30"
tmux_wait "Judge this repo anyway? [y/N]"
tmux_wait "example.com/healthy"
tmux_keys n Enter
for _ in $(seq 1 100); do [ -s "$TMP/console.rc" ] && break; sleep 0.05; done
assert_eq "$(cat "$TMP/console.rc")" "rc=2" "console after n"
echo "wrong target: refused as it should be"
