#!/usr/bin/env bash
# Bad input to attach: one clear line on stderr, exit 2, and no curses
# escape sequences left on the terminal (stdout stays empty).
source "$(dirname "$0")/../lib.sh"

expect_attach_error() { # description expected-substring args...
	local what=$1 want=$2; shift 2
	local out err rc
	out=$("$GT" "$@" 2>"$TMP/err" </dev/null)
	rc=$?
	err=$(cat "$TMP/err")
	[ "$rc" -eq 2 ] || fail "$what: exit $rc, want 2 (stderr: $err)"
	[ -z "$out" ] || fail "$what: wrote to stdout: $out"
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$what: want one line on stderr, got: $err"
	assert_contains "$err" "$want" "$what"
	echo "ok: $what -> $err"
}

# Attach errors come before the terminal is touched, so no tty is needed.
expect_attach_error "no such pid" "pass the PID of a running Go service" --pid 4000000
expect_attach_error "bad pid" "not a process id" --pid abc
expect_attach_error "unknown option" "unknown option --bogus; gotriage --help lists them" --bogus

port=$(free_port)
expect_attach_error "refusing url" "cannot connect to 127.0.0.1:$port" --url "http://127.0.0.1:$port"
expect_attach_error "not a url scheme" "only http and https" --url "ftp://127.0.0.1:21"
mkdir -p "$TMP/notmod"
expect_attach_error "not a Go module" "no readable go.mod" --repo "$TMP/notmod"
expect_attach_error "missing repo" "not a directory" --repo "$TMP/absent"
expect_attach_error "missing binary" "--binary $TMP/absent" --binary "$TMP/absent"

# A PID we may not read: as nobody, against a root-owned process.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	sleep 60 &
	victim=$!
	CLEANUP_PIDS+=("$victim")
	chmod 755 "$TMP"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$GT" --pid "$victim" 2>&1 </dev/null)
	rc=$?
	[ "$rc" -eq 2 ] || fail "unreadable pid: exit $rc ($out)"
	assert_contains "$out" "run gotriage as the service's user or as root"
	echo "ok: unreadable pid -> $out"
fi

# Without a terminal the console says what to use instead (this shell is
# not a Go program, so attach to a repo alone).
mkdir -p "$TMP/mod" && printf 'module example.com/m\n\ngo 1.19\n' >"$TMP/mod/go.mod"
out=$("$GT" --repo "$TMP/mod" 2>&1 </dev/null)
[ $? -eq 2 ] || fail "no tty: want exit 2"
assert_contains "$out" "needs a terminal"

# --help and --version work without a target.
"$GT" --help | grep -q "usage: gotriage" || fail "--help"
"$GT" --version | grep -qE '^gotriage [0-9]' || fail "--version"
echo "attach errors: all clear"
