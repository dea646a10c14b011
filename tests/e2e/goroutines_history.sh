#!/usr/bin/env bash
# History across a session, at 80x24 and 200x50: the Goroutines pane draws
# the goroutine count of every poll as a sparkline ("count" line) with its
# range and the latest value; after the service starts 300 more goroutines
# the line's maximum and "now" follow, and the last block is the highest
# (the growth: 100 idle connections, one net/http goroutine each).
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
go_build "$ROOT/tests/fixtures/goroutines" "$TMP/gfix"
export XDG_STATE_HOME=$TMP/state

for size in 80x24 200x50; do
	cols=${size%x*} rows=${size#*x}
	port=$(free_port)
	"$TMP/gfix" -addr "127.0.0.1:$port" -n 20 >"$TMP/gfix-$size.out" 2>&1 &
	fix=$!
	CLEANUP_PIDS+=("$fix")
	wait_http "http://127.0.0.1:$port"
	tmux_start "$cols" "$rows" bash --norc --noprofile
	tmux_keys "cd $TMP && LANG=C.UTF-8 '$GT' --pid $fix --refresh 0.5 --no-record; echo EXIT=\$?" Enter
	tmux_wait "[1:Checklist]" 10
	tmux_keys : "goto Goroutines" Enter
	tmux_wait "polls)" 20
	before=$(tmux_screen | grep '^count')
	n1=$(sed -n 's/.*(\([0-9]*\) polls).*/\1/p' <<<"$before")
	first=$(sed -n 's/.*  now \([0-9]*\) .*/\1/p' <<<"$before")
	# 100 idle connections: net/http parks one goroutine per connection.
	(for _ in $(seq 100); do exec {fd}<>"/dev/tcp/127.0.0.1/$port"; done; sleep 40) &
	CLEANUP_PIDS+=("$!")
	ok=""
	for _ in $(seq 60); do
		after=$(tmux_screen | grep '^count')
		now=$(sed -n 's/.*  now \([0-9]*\) .*/\1/p' <<<"$after")
		if [ -n "$now" ] && [ "$now" -ge $((first + 90)) ]; then ok=1; break; fi
		sleep 0.5
	done
	[ -n "$ok" ] || fail "$size: the count line did not follow 100 new goroutines: [$before] then [$after]"
	n2=$(sed -n 's/.*(\([0-9]*\) polls).*/\1/p' <<<"$after")
	[ "$n2" -gt "$n1" ] || fail "$size: the poll count did not grow: [$before] then [$after]"
	# The range ends at the new count, and the newest block is the top one.
	grep -q "\.\.$now  now $now" <<<"$after" || fail "$size: the range does not end at $now: [$after]"
	grep -q $'\u2588 ' <<<"$after" || fail "$size: the newest point is not the highest block: [$after]"
	tmux_keys q
	tmux_wait "EXIT=" 10
	tmux -L "$TMUX_SOCK" kill-server
	kill "$fix"
	echo "ok: $size"
done
echo "goroutines history e2e: ok"
