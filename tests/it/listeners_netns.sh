#!/usr/bin/env bash
# `gotriage listeners PID` for a process in its own network namespace (a
# container): our namespace's sockets are not its sockets. As root we read
# its namespace's LISTEN table directly; as an unprivileged user, its
# /proc/PID/net files (no backlog there, so Send-Q is "-"), the only path
# that exercises that fallback. Compared with `nsenter -n ss -ltnp`.
# Skips (exit 77, with the reason) where namespaces cannot be made: not
# root, or a container that refuses `unshare -n`.
source "$(dirname "$0")/../lib.sh"
command -v ss >/dev/null || skip "ss (iproute2) is not installed"
[ -x "$GT" ] || fail "no gotriage binary at $GT"
[ "$(id -u)" = 0 ] || skip "not root: cannot create a network namespace"
for c in unshare nsenter setpriv pgrep; do
	command -v $c >/dev/null || skip "$c is not installed (util-linux, procps)"
done
err=$(unshare -n true 2>&1) || skip "unshare -n refused here (a container without CAP_SYS_ADMIN?): $err"

go_build "$ROOT/tests/fixtures/listeners" "$TMP/listeners"
ns_done=
# A process in its own network namespace (a container): our namespace's
# sockets are not its sockets. As root we read its namespace's LISTEN table
# directly; as an unprivileged user, its /proc/PID/net files (no backlog
# there, so Send-Q is "-").
chmod 755 "$TMP"
for who in root nobody; do
	: >"$TMP/ns.out"
	if [ $who = root ]; then
		unshare -n sh -c 'ip link set lo up 2>/dev/null; exec "$0"' "$TMP/listeners" >"$TMP/ns.out" 2>&1 &
	else
		unshare -n sh -c 'ip link set lo up 2>/dev/null; exec setpriv --reuid=65534 --regid=65534 --clear-groups "$0"' \
			"$TMP/listeners" >"$TMP/ns.out" 2>&1 &
	fi
	CLEANUP_PIDS+=("$!")
	for _ in $(seq 1 100); do grep -q '^ready' "$TMP/ns.out" && break; sleep 0.05; done
	NSPID=$(pgrep -n -f "^$TMP/listeners\$") || fail "no fixture in a namespace"
	CLEANUP_PIDS+=("$NSPID")
	theirs=$(nsenter -t "$NSPID" -n ss -ltnp | grep "pid=$NSPID,")
	[ -n "$theirs" ] || fail "ss sees no listener of the fixture in its namespace"
	if [ $who = root ]; then
		ours=$("$GT" listeners "$NSPID" --no-sniff) || fail "netns listeners exited $?"
		assert_eq "$(awk 'NR > 1 { print $3, $4, $5 }' <<<"$ours" | sort)" \
			"$(awk '{ print $3, $4, $6 }' <<<"$theirs" | sort)" "listeners in another namespace (root)"
	else
		ours=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$GT" listeners "$NSPID" --no-sniff) ||
			fail "netns listeners as nobody exited $?"
		assert_eq "$(awk 'NR > 1 { print $3, $4, $5 }' <<<"$ours" | sort)" \
			"$(awk '{ print "-", $4, $6 }' <<<"$theirs" | sort)" "listeners in another namespace (/proc)"
	fi
	kill "$NSPID"
	ns_done="$ns_done $who"
done
echo "ok: listeners in another network namespace match nsenter ss -ltnp, as:$ns_done"
