#!/usr/bin/env bash
# `gotriage goroutines --diff` on session journals: a real console (in
# tmux) records a session against each of two runs of the goroutine
# fixture (100 bulk goroutines in the fixed cycle, then 400 over 3 call
# paths); the journals' goroutine snapshots diff as the dumps fetched from
# the same processes do (the fixture's own buckets, line for line), a
# journal against a dump of the same moment changes none of the fixture's
# buckets, and broken or snapshot-less journals are refused with exit 2
# and a reason.
source "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || skip "tmux is not installed"
command -v jq >/dev/null || skip "jq is not installed"
command -v curl >/dev/null || skip "curl is not installed"
[ -x "$GT" ] || fail "$GT is missing: run make first"

SRC=$TMP/gfix-src
cp -r "$ROOT/tests/fixtures/goroutines" "$SRC"
rm -rf "$SRC/dumps"
go_build "$SRC" "$TMP/gfix"

# record NAME ARGS...: runs the fixture, records a console session on it
# into $TMP/NAME.jsonl until it holds a goroutine snapshot, saves the
# debug=2 dump the same moment into $TMP/NAME.txt, quits the console.
record() {
	local name=$1 port i
	shift
	port=$(free_port)
	"$TMP/gfix" -addr "127.0.0.1:$port" "$@" >"$TMP/$name.out" 2>&1 &
	CLEANUP_PIDS+=("$!")
	for i in $(seq 1 300); do
		grep -q '^ready ' "$TMP/$name.out" 2>/dev/null && break
		sleep 0.1
	done
	grep -q '^ready ' "$TMP/$name.out" || fail "fixture $name never got ready"
	tmux_start 120 30 "$GT" --url "http://127.0.0.1:$port" --record "$TMP/$name.jsonl"
	for i in $(seq 1 $((600 * TIME_SCALE))); do # 30 s, longer under TSan
		grep -q '"kind":"goroutines"' "$TMP/$name.jsonl" 2>/dev/null && break
		sleep 0.05
	done
	grep -q '"kind":"goroutines"' "$TMP/$name.jsonl" ||
		fail "the console recorded no goroutine snapshot for $name:
$(cut -c1-200 "$TMP/$name.jsonl")"
	curl -s "http://127.0.0.1:$port/debug/pprof/goroutine?debug=2" >"$TMP/$name.txt" ||
		fail "no dump from $name"
	tmux_keys q
	for i in $(seq 1 $((100 * TIME_SCALE))); do
		grep -q '"kind":"end"' "$TMP/$name.jsonl" && break
		sleep 0.05
	done
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	# Bounded: one line, far under the reader's 1 MiB line cap.
	[ "$(grep '"kind":"goroutines"' "$TMP/$name.jsonl" | wc -c)" -lt 400000 ] ||
		fail "the $name snapshot is over 400 kB"
}
record old -n 100 -depth 4
record new -n 400 -depth 4 -paths 3

# The fixture's own buckets (its module, package main): the HTTP server's
# goroutines differ between the console's fetch and curl's.
# The counts are judged with --loose (arguments do not count): the values
# Go prints with '?' are stale spill slots, and a goroutine preempted on
# entry to a call (likely on a loaded machine) shows 0xc000...? where the
# others show 0x0?, which splits a kind into two buckets in the default
# mode (seen under make tsan: "-17 gone" and "-3 gone" producers). The
# default mode is still judged on a journal against a dump of the same
# moment below.
own() { grep -E '^ +[-+][0-9]+  ' | grep -E 'gorofix|main\.' | sed -E 's/ +\(([0-9]+) frames\)$//' | sort; }

out=$("$GT" goroutines --loose --diff "$TMP/old.jsonl" "$TMP/new.jsonl") || fail "--diff of journals failed: $out"
n_old=$(grep '"kind":"goroutines"' "$TMP/old.jsonl" | jq -r .total)
n_new=$(grep '"kind":"goroutines"' "$TMP/new.jsonl" | jq -r .total)
assert_contains "$out" "old: $n_old goroutines in" "old total from the snapshot"
assert_contains "$out" "new: $n_new goroutines in" "new total from the snapshot"
assert_contains "$out" "old.jsonl@1 (goroutine snapshot 1 of 1, +00:" "the snapshot used is named"
grep -Eq '^ +\+60  grew +20 -> 80 +chan receive  example.com/gorofix/internal/work.\(\*Pool\).worker' <<<"$out" ||
	fail "the pool's growth is not +60 grew 20 -> 80:
$out"
[ "$(grep -cE '^ +-(19|20)  gone ' <<<"$out")" = 4 ] || fail "the cycle's 4 buckets are not all gone:
$out"
dumps=$("$GT" goroutines --loose --diff "$TMP/old.txt" "$TMP/new.txt") || fail "--diff of the dumps failed"
[ -n "$(own <<<"$dumps")" ] || fail "the dumps' diff has no line of the fixture's own"
assert_eq "$(own <<<"$out")" "$(own <<<"$dumps")" "journals and dumps of the same processes differ"

# A journal against a dump of the same moment: none of the fixture's
# buckets changed; and mixing the two in either order works.
same=$("$GT" goroutines --diff "$TMP/new.txt" "$TMP/new.jsonl") || fail "dump vs journal failed"
assert_eq "$(own <<<"$same")" "" "a journal and a dump of the same moment"
mixed=$("$GT" goroutines --loose --diff "$TMP/old.jsonl@1" "$TMP/new.txt") || fail "journal@1 vs dump failed"
assert_eq "$(own <<<"$mixed")" "$(own <<<"$dumps")" "journal@1 against a dump"

js=$("$GT" goroutines --json --loose --diff "$TMP/old.jsonl" "$TMP/new.jsonl") || fail "--json --diff failed"
assert_eq "$(jq .old_total <<<"$js")" "$n_old" "--json old_total"
[ "$(jq '[.buckets[] | select(.delta == 60)] | length' <<<"$js")" -ge 1 ] || fail "--json lacks the +60 delta"
assert_contains "$(jq -r .new_source <<<"$js")" "new.jsonl@1"

# The report names the snapshot in its timeline, not as an unknown event.
rep=$("$GT" report "$TMP/old.jsonl") || fail "report on the recorded journal failed"
assert_contains "$rep" "goroutine snapshot: $n_old goroutines in"
case $rep in *"not known to this version"*) fail "the report does not know the goroutines event" ;; esac

# ---- refused: exit 2, the reason on stderr --------------------------------
refused() { # WHY EXPECTED OLD NEW
	local err st
	err=$("$GT" goroutines --diff "$3" "$4" 2>&1 >/dev/null)
	st=$?
	assert_eq "$st" 2 "exit status: $1"
	assert_contains "$err" "$2" "$1"
}
grep -v '"kind":"goroutines"' "$TMP/old.jsonl" >"$TMP/none.jsonl"
refused "no snapshot" "holds no goroutine snapshot" "$TMP/none.jsonl" "$TMP/new.txt"
refused "past the last" "holds 1 goroutine snapshot, not 3" "$TMP/old.jsonl@3" "$TMP/new.txt"
refused "@0" "numbered from 1" "$TMP/old.txt" "$TMP/new.jsonl@0"
jq -c 'if .kind == "goroutines" then .total += 1 else . end' "$TMP/old.jsonl" >"$TMP/total.jsonl"
refused "totals that do not add up" "malformed goroutine snapshot" "$TMP/total.jsonl" "$TMP/new.txt"
jq -c 'if .kind == "goroutines" then .stacks[0].text = "not a goroutine" else . end' \
	"$TMP/old.jsonl" >"$TMP/text.jsonl"
refused "a stack that is not a goroutine" "stack 1 is not" "$TMP/text.jsonl" "$TMP/new.txt"
jq -c 'if .kind == "goroutines" then .stacks[0].n = -5 else . end' "$TMP/old.jsonl" >"$TMP/neg.jsonl"
refused "a negative count" "malformed goroutine snapshot" "$TMP/neg.jsonl" "$TMP/new.txt"
printf '{"kind":"header","format":1}\n{"t":1,"kind":"goroutines","total":1,"buck' >"$TMP/cut.jsonl"
refused "a snapshot cut mid-line" "holds no goroutine snapshot" "$TMP/cut.jsonl" "$TMP/new.txt"
echo "goroutines --diff on journals: ok"
