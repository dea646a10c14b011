#!/usr/bin/env bash
# What the screens show, at 80x24 and 200x50: an opened checklist step
# scrolls whole on PgDn (what Ctrl-L redraws is what was there), cut text
# ends with an ellipsis, evidence lines keep their subject, `/` on the
# checklist matches the verdict as shown (FAIL), and without a repo the
# checks that need the source sit at the bottom under one line.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux not installed"
start_demo
export XDG_STATE_HOME=$TMP/state XDG_CONFIG_HOME=$TMP/config

for size in 80x24 200x50; do
	cols=${size%x*} rows=${size#*x}
	tmux_start "$cols" "$rows" "$SERVICE_ENV '$GT' --pid $DEMO_PID --repo $DEMO_SRC --header X-Trace-ID --no-record; sleep 30"
	tmux_wait "18/18 run" 15
	# `/` matches the verdict word as shown.
	tmux_keys / F A I L Enter
	tmux_wait "[FAIL] ticker-without-consumer" 5
	screen=$(tmux_screen)
	grep -q "\[pass\]" <<<"$screen" && fail "$size: /FAIL kept passed steps: $screen"
	tmux_keys Escape
	# The subject of an evidence line stays on it.
	tmux_keys : "check ticker-without-consumer" Enter
	tmux_wait "Step 7/18  ticker-without-consumer" 5
	tmux_wait "> main.cacheRefresher is compiled in but no goroutine runs it" 5
	# A long step, scrolled: nothing of the first page stays behind.
	tmux_keys : "check vendor-inconsistent" Enter
	tmux_wait "Step 14/18  vendor-inconsistent" 5
	tmux_wait "lines 1-" 5
	if [ "$rows" -eq 24 ]; then
		question=$(tmux_screen | sed -n 4p)
		tmux_keys NPage
		tmux_wait "Remedy:" 5
		screen=$(tmux_screen)
		grep -q "lines 1-" <<<"$screen" && fail "$size: PgDn did not scroll: $screen"
		grep -qF -- "$question" <<<"$screen" &&
			fail "$size: the first page stayed on screen after PgDn: $screen"
	fi
	sleep 0.3
	before=$(tmux_screen | sed '$d')
	tmux_keys C-l
	sleep 0.5
	after=$(tmux_screen | sed '$d')
	[ "$before" = "$after" ] || fail "$size: Ctrl-L redrew something else:
--- before
$before
--- after
$after"
	tmux_keys PPage
	tmux_wait "lines 1-" 5
	# Cut text ends with a sign (the overview's verdict summaries at 80
	# columns are longer than the screen).
	if [ "$cols" -eq 80 ]; then
		tmux_keys Escape 2
		tmux_wait "Verdicts" 5
		tmux_wait "…" 5
		# The overview is longer than 24 rows: it scrolls to its end.
		tmux_wait "more below" 5
		tmux_keys NPage NPage NPage
		tmux_wait "passed; open the checklist" 5
		tmux_screen | grep -q "more below" && fail "$size: the overview did not reach its end"
	fi
	tmux -L "$TMUX_SOCK" kill-server
	echo "ok: $size"
done

# Without a repo: one line for the checks that need the source, at the
# bottom, after every decided check.
tmux_start 100 30 "$SERVICE_ENV '$GT' --pid $DEMO_PID --no-record; sleep 30"
tmux_wait "checks need the source: pass --repo DIR, a checkout of module example.com/demo" 15
screen=$(tmux_screen)
head_line=$(grep -n "checks need the source" <<<"$screen" | cut -d: -f1)
pass_line=$(grep -n "\[pass\] cgo-disabled" <<<"$screen" | cut -d: -f1)
[ -n "$pass_line" ] || fail "cgo-disabled is not decided without a repo: $screen"
[ "$pass_line" -lt "$head_line" ] || fail "decided checks are not above the grouped unknowns: $screen"
echo "screens e2e: ok"
