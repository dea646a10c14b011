#!/usr/bin/env bash
# Diagnostics that point the right way (issue 12, item 9): a kernel thread
# and a zombie are named as such (never "run as root", which would not
# help), as root and as an unprivileged user; `listeners 1` with /proc/1/fd
# unreadable says it could not read them and exits 2 (never "no listening
# TCP sockets"); `check --binary` of a device or a non-Go file is exit 2
# with one clear line. The hung-endpoint case is in tests/e2e/hang.sh.
source "$(dirname "$0")/../lib.sh"

# run_as WHO CMD...: as root, or as nobody through setpriv.
run_as() {
	local who=$1; shift
	if [ "$who" = root ]; then "$@"; else setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; fi
}

# expect2 WHO WHAT WANT ARGS...: exit 2, WANT on stderr, no "as root", nothing on stdout.
expect2() {
	local who=$1 what=$2 want=$3; shift 3
	local out err rc
	out=$(run_as "$who" "$GT" "$@" 2>"$TMP/err" </dev/null)
	rc=$?
	err=$(cat "$TMP/err")
	[ "$rc" -eq 2 ] || fail "$what ($who): exit $rc, want 2 (stdout: $(head -c 300 <<<"$out"); stderr: $err)"
	[ -z "$out" ] || fail "$what ($who): wrote to stdout: $(head -c 300 <<<"$out")"
	assert_contains "$err" "$want" "$what ($who)"
	[ "${ROOT_HINT_OK:-0}" = 1 ] || ! grep -q "as root" <<<"$err" || fail "$what ($who): points at root: $err"
	grep -q "no listening TCP sockets" <<<"$err$out" && fail "$what ($who): claims no sockets: $err"
	echo "ok: $what ($who) -> $err"
}

users=(root)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$TMP"
	users+=(nobody)
else
	echo "note: not root or no setpriv: the unprivileged half is not run"
fi

# A kernel thread: PF_KTHREAD (0x00200000) in /proc/PID/stat field 9. PID 2
# is kthreadd outside a PID namespace; in one, look for any.
kthread=
for p in 2 $(ls /proc | grep -E '^[0-9]+$' | head -200); do
	f=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $7 }')
	[ -n "$f" ] && [ $((f & 0x00200000)) -ne 0 ] && { kthread=$p; break; }
done
if [ -n "$kthread" ]; then
	for who in "${users[@]}"; do
		expect2 "$who" "check --pid $kthread" "kernel thread" check --pid "$kthread"
		expect2 "$who" "listeners $kthread" "kernel thread" listeners "$kthread"
		expect2 "$who" "console --pid $kthread" "kernel thread" --pid "$kthread"
	done
else
	echo "note: no kernel thread visible (PID namespace): that part is not run"
fi

# A zombie: a child that exited under a parent that never waits.
(sleep 0.2 & exec sleep 60) &
parent=$!
CLEANUP_PIDS+=("$parent")
zombie=
for _ in $(seq 1 50); do
	zombie=$(ps -o pid=,stat= --ppid "$parent" | awk '$2 ~ /^Z/ { print $1 }')
	[ -n "$zombie" ] && break
	sleep 0.1
done
[ -n "$zombie" ] || fail "no zombie made"
for who in "${users[@]}"; do
	expect2 "$who" "check --pid zombie" "zombie" check --pid "$zombie"
	expect2 "$who" "listeners zombie" "zombie" listeners "$zombie"
	expect2 "$who" "console --pid zombie" "zombie" --pid "$zombie"
done

# PID 1's fds, unreadable to nobody (as root they are readable: that half
# is not a test of anything, so it only runs unprivileged).
if [ "${#users[@]}" -gt 1 ]; then
	# Here root would help: the hint may say so.
	ROOT_HINT_OK=1 expect2 nobody "listeners 1" "cannot read /proc/1/fd" listeners 1
fi

# --binary that is not a Go program file.
for who in "${users[@]}"; do
	expect2 "$who" "check --binary /dev/zero" "character device" check --binary /dev/zero
	expect2 "$who" "check --binary a directory" "directory" check --binary /tmp
done
printf 'not a program\n' >"$TMP/text"
expect2 root "check --binary a text file" "not a Go program" check --binary "$TMP/text"
expect2 root "check --binary /bin/sh" "not a Go program" check --binary /bin/sh
echo "diagnostics: all clear"
