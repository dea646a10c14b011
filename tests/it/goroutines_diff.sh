#!/usr/bin/env bash
# History across sessions: `gotriage goroutines --diff OLD NEW` on two real
# dumps of the fixture service (Go's runtime.Stack, what debug=2 writes):
# OLD has 100 bulk goroutines in the fixed call cycle, NEW 400 spread over
# 3 call paths. The pool's workers grow 20 -> 80 (same stack), the cycle's
# buckets vanish and the paths' buckets appear; lines are sorted by the
# size of the change; a dump against itself changes nothing; --json
# carries each bucket's delta and the vanished buckets.
source "$(dirname "$0")/../lib.sh"
go_build "$ROOT/tests/fixtures/goroutines" "$TMP/gfix"
"$TMP/gfix" -n 100 -depth 4 -dumpto "$TMP/old.txt" >/dev/null 2>&1 || fail "old dump"
"$TMP/gfix" -n 400 -depth 4 -paths 3 -dumpto "$TMP/new.txt" >/dev/null 2>&1 || fail "new dump"

out=$("$GT" goroutines --diff "$TMP/old.txt" "$TMP/new.txt") || fail "--diff failed: $out"
n_old=$(grep -c '^goroutine ' "$TMP/old.txt")
n_new=$(grep -c '^goroutine ' "$TMP/new.txt")
assert_contains "$out" "old: $n_old goroutines in" "old total"
assert_contains "$out" "new: $n_new goroutines in" "new total"
assert_contains "$out" "(+$((n_new - n_old)))" "the total's change"
# The pool's workers: one stack in both, 20 -> 80.
grep -Eq '^ +\+60  grew +20 -> 80 +chan receive  example.com/gorofix/internal/work.\(\*Pool\).worker' <<<"$out" ||
	fail "the pool's growth is not shown as +60 grew 20 -> 80:
$out"
# The fixed cycle's buckets (20 goroutines each, 4 kinds) vanished, and
# buckets under the new call paths appeared.
[ "$(grep -cE '^ +-(19|20)  gone ' <<<"$out")" = 4 ] || fail "the cycle's 4 buckets are not all gone:
$out"
grep -Eq '^ +\+[0-9]+  new +0 -> [0-9]+ +semacquire  main.contender < main.park < main.layer' <<<"$out" ||
	fail "no new bucket under the new paths:
$out"
# Sorted by the size of the change, largest first.
grep -E '^ +[-+][0-9]+  ' <<<"$out" | awk '{ d = $1 < 0 ? -$1 : $1; if (NR > 1 && d > last) bad = 1; last = d } END { exit bad }' ||
	fail "lines are not sorted by the size of their change:
$out"
# Summary counts add up to the lines.
lines=$(grep -cE '^ +[-+][0-9]+  ' <<<"$out")
sum=$(sed -n 's/^appeared \([0-9]*\) ([^)]*), vanished \([0-9]*\) ([^)]*), grew \([0-9]*\) ([^)]*), shrank \([0-9]*\).*/\1 \2 \3 \4/p' <<<"$out" | awk '{ print $1 + $2 + $3 + $4 }')
assert_eq "$sum" "$lines" "the summary's counts against the lines"

same=$("$GT" goroutines --diff "$TMP/old.txt" "$TMP/old.txt") || fail "--diff of a dump with itself failed"
assert_contains "$same" "no bucket changed" "a dump against itself"
assert_contains "$same" "appeared 0 (+0), vanished 0 (+0), grew 0 (+0), shrank 0 (+0)" "itself: counts"

js=$("$GT" goroutines --json --diff "$TMP/old.txt" "$TMP/new.txt") || fail "--json --diff failed"
[ "$(jq '.gone | length' <<<"$js")" -ge 4 ] || fail "--json lacks the vanished buckets"
[ "$(jq '[.buckets[] | select(.delta == 60)] | length' <<<"$js")" -ge 1 ] || fail "--json lacks the +60 delta"

err=$("$GT" goroutines --diff "$TMP/nope.txt" "$TMP/new.txt" 2>&1) && fail "a missing OLD was accepted"
assert_contains "$err" "nope.txt" "a missing OLD is named"
echo "goroutines --diff: ok"
