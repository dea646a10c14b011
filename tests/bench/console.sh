#!/usr/bin/env bash
# The console: time from start to the first full screen, and the cost of
# recording: CPU time of the same scripted session with and without the
# journal, and the journal's size per minute of that active session.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config
SECONDS_PER_RUN=${CONSOLE_BENCH_SECONDS:-20}

# Start to first full screen (the checklist with every verdict in).
best=""
for i in 1 2 3; do
	TMUX_SOCK=gotriage-bench-start-$$-$i
	t0=$(date +%s%N)
	tmux_start 100 30 "$SERVICE_ENV '$GT' --pid $DEMO_PID --repo $DEMO_SRC --no-record"
	tmux_wait "[1:Checklist]" 10
	t1=$(date +%s%N)
	tmux_wait "18/18 run" 10
	t2=$(date +%s%N)
	tmux_keys q
	sleep 0.2
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	echo "  run $i: frame after $(( (t1 - t0) / 1000000 )) ms, all 18 verdicts after $(( (t2 - t0) / 1000000 )) ms"
done

# One scripted session: walk the checklist, switch panes, refresh, with a
# 0.5 s refresh tick; CPU from /proc/PID/stat (utime+stime) at the end.
session() { # extra args...
	local pid cpu tck
	TMUX_SOCK=gotriage-bench-$$-$RANDOM
	tmux_start 100 30 "$SERVICE_ENV '$GT' --pid $DEMO_PID --repo $DEMO_SRC --refresh 0.5 $*"
	tmux_wait "18/18 run" 10
	pid=$(pgrep -n -f -- "--refresh 0.5 $*")
	end=$(( $(date +%s) + SECONDS_PER_RUN ))
	while [ "$(date +%s)" -lt "$end" ]; do
		tmux_keys n; sleep 0.2; tmux_keys n; sleep 0.2; tmux_keys Escape; sleep 0.2
		tmux_keys Tab; sleep 0.2; tmux_keys BTab; sleep 0.2
	done
	tck=$(getconf CLK_TCK)
	cpu=$(awk -v t="$tck" '{ sub(/.*\) /, ""); print ($12 + $13) / t }' "/proc/$pid/stat")
	tmux_keys q
	sleep 0.3
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	echo "$cpu"
}
cpu_off=$(session --no-record | tail -1)
cpu_on=$(session --record "$TMP/bench.jsonl" | tail -1)
bytes=$(wc -c <"$TMP/bench.jsonl")
lines=$(wc -l <"$TMP/bench.jsonl")
echo "scripted session of ${SECONDS_PER_RUN}s (keys every 0.2 s, refresh every 0.5 s):"
echo "  CPU without recording: ${cpu_off} s, with recording: ${cpu_on} s"
awk -v a="$cpu_off" -v b="$cpu_on" 'BEGIN { if (a > 0) printf "  recording costs %+.0f%% CPU\n", (b - a) / a * 100 }'
awk -v b="$bytes" -v l="$lines" -v s="$SECONDS_PER_RUN" \
	'BEGIN { printf "  journal: %d events, %.1f KB per minute of active session\n", l, b / s * 60 / 1024 }'
